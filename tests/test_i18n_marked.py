"""Every string a person reads goes through gettext (issue 22).

An AST scan of `rituals/`: a string literal (or an f-string) handed to something that shows it
to a person — printed, raised as one of our errors, given as typer help, put in a Textual
widget, a notification or a key binding's description — must be the argument of `_()`,
`ngettext()`, `pgettext()` or `N_()` (or a variable: the scan cannot follow those, the French
output tests do). A literal that is not text for people (a CSS id, an option name, a format
of machine output) says so on its line: `# not for translation: why`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRAGMA = "# not for translation"
TRANSLATE = {"_", "ngettext", "pgettext", "npgettext", "N_", "Nn_", "gettext"}
# calls whose positional arguments are shown to a person
SHOWN = {
    "print", "echo", "secho", "paragraph", "notify", "Static", "Label", "Button", "Markdown",
    "InvalidInput", "NotFound", "Conflict", "ExternalError", "StorageError", "RitualsError", "EditConflict",
    "RosterError", "BadParameter", "UsageError",
}  # fmt: skip
# keyword arguments shown to a person, whatever the call
SHOWN_KEYWORDS = {"help", "placeholder", "description", "tooltip", "title", "sub_title", "message", "label"}
# modules that hold no text for people (the translation machinery itself)
SKIP = {"rituals/locale/__init__.py", "rituals/locale/catalogs.py", "rituals/locale/__main__.py"}
WORDS = re.compile(r"[A-Za-zÀ-ÿ]{2,}")


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _literal_text(node: ast.expr) -> str | None:
    """The words of a literal string or f-string (its constant parts), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [_literal_text(node.left), _literal_text(node.right)]
        return " ".join(p for p in parts if p) or None
    return None


def _is_text(text: str) -> bool:
    """Words a person reads: not a CSS selector, an option, a path or a lone markup tag."""
    bare = re.sub(r"\[/?[a-z #0-9]*\]|--?[a-z][a-z-]*|#[a-z-]+|\{[^{}]*\}", " ", text)
    return bool(WORDS.search(bare))


def unmarked(source: str, filename: str = "<test>") -> list[str]:
    """``line: text`` of each string shown to a person without going through the catalog."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or _name(node.func) in TRANSLATE:
            continue
        shown = list(node.args) if _name(node.func) in SHOWN else []
        shown += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        for arg in shown:
            text = _literal_text(arg)
            if text is not None and _is_text(text) and PRAGMA not in lines[arg.lineno - 1]:
                found.append(f"{filename}:{arg.lineno}: {text[:60]!r}")
    return found


def test_the_scan_finds_what_it_should() -> None:
    source = "\n".join(
        [
            'console.print("added someone")',  # unmarked
            'console.print(_("added someone"))',
            'raise InvalidInput(f"bad date {day}")',  # unmarked, an f-string
            'raise InvalidInput(_("bad date {day}").format(day=day))',
            'typer.Option(None, "--lang", help="The language.")',  # unmarked help
            'Static("", id="count")',
            'query_one("#groups")',
            'console.print("--dry-run")',
            'notify("ok done")  # not for translation: a test hook',
        ]
    )
    assert [line.split(":")[1] for line in unmarked(source)] == ["1", "3", "5"]


def test_every_shown_string_is_marked_for_translation() -> None:
    found = []
    for path in sorted((ROOT / "rituals").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        if name not in SKIP:
            found += unmarked(path.read_text(encoding="utf-8"), name)
    assert found == [], f"{len(found)} strings shown without gettext:\n" + "\n".join(found[:80])
