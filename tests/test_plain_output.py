"""The light printer of the quick commands: widths, wrapping, colour conventions, narrow terminals."""

from __future__ import annotations

import io

import pytest

from rituals.cli.plain import Printer, cell_width, truncate


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


def test_widths_count_what_a_terminal_shows() -> None:
    assert cell_width("Aïcha") == 5 and cell_width("Aı\u0308cha") == 5  # precomposed or combining accent
    assert cell_width("東京") == 4 and cell_width("abc") == 3
    assert truncate("Engineering", 6) == "Engin…" and truncate("東京大学", 5) == "東京…"
    assert truncate("Data", 6) == "Data"


def test_colour_only_on_a_terminal_and_by_the_usual_conventions(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Printer(io.StringIO()).style("hi", "bold") == "hi"
    assert Printer(Terminal()).style("hi", "bold") == "\x1b[1mhi\x1b[0m"
    monkeypatch.setenv("NO_COLOR", "1")
    assert Printer(Terminal()).style("hi", "bold") == "hi"
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert Printer(io.StringIO()).style("hi", "bold", "cyan") == "\x1b[1;36mhi\x1b[0m"


def test_paragraphs_wrap_within_the_width_and_keep_the_indent() -> None:
    out = io.StringIO()
    Printer(out, width=40).paragraph("word " * 30, 3, label="Why: ")
    lines = out.getvalue().splitlines()
    assert len(lines) > 3 and lines[0].startswith("   Why: word")
    assert all(line.startswith("   ") and len(line) <= 40 for line in lines)
    hanging = io.StringIO()
    Printer(hanging, width=30).paragraph("a long step that must wrap somewhere", 3, label="2. ", hang=True)
    first, second = hanging.getvalue().splitlines()[:2]
    assert first.startswith("   2. a") and second.startswith("      ") and second.strip()


def test_control_characters_from_user_text_cannot_move_the_cursor() -> None:
    out = io.StringIO()
    Printer(out, width=60).table("t", ["Name"], [["Eve\x1b[2J\rMallory"]])
    assert "\x1b" not in out.getvalue() and "\r" not in out.getvalue()


def test_a_narrow_terminal_shortens_columns_but_never_the_kept_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    rows = [["Marie-Christine Delacroix-Fontaine", "marie-christine.delacroix@hirondelle.example", "People & Finance"]]
    terminal = Terminal()
    Printer(terminal, width=60).table("1 person", ["Name", "E-mail", "Team"], rows, keep=["E-mail"])
    lines = terminal.getvalue().splitlines()
    assert all(cell_width(line) <= 60 for line in lines)
    assert rows[0][1] in lines[2] and "…" in lines[2]
    piped = io.StringIO()  # a script reading the output gets every cell whole
    Printer(piped, width=60).table("1 person", ["Name", "E-mail", "Team"], rows, keep=["E-mail"])
    assert all(cell in piped.getvalue() for cell in rows[0])


def test_french_non_breaking_spaces_are_kept_and_never_broken() -> None:
    out = io.StringIO()
    text = "Une vraie question («\u00a0Comment les nouveaux pourraient-ils se sentir chez eux\u00a0?\u00a0») et tout"
    Printer(out, width=40).paragraph(text)
    lines = out.getvalue().splitlines()
    assert "\u00a0" in out.getvalue()
    assert not any(line.rstrip().endswith("«") or line.lstrip().startswith(("?", "»")) for line in lines), lines


def test_control_characters_never_reach_the_terminal() -> None:
    out = io.StringIO()
    Printer(out, width=80).paragraph("Zoë\x1b[31m\tred\u2028line")
    assert "\x1b" not in out.getvalue() and "\u2028" not in out.getvalue() and "Zoë" in out.getvalue()
