"""Extracting, updating, compiling and checking the message catalogs, with Babel.

Only the maintainers' command (``python -m rituals.locale``) and the tests import this module:
rituals itself reads the compiled ``.mo`` files through the standard library's gettext.
Line numbers are left out of the catalogs so that moving code does not churn them; the
``.mo`` is written from the ``.po`` byte for byte the same way every time, so ``check`` can
tell an out-of-date one.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from rituals import __version__
from rituals.locale import DOMAIN, FOLDER, LANGS, SOURCE

PACKAGE = FOLDER.parent
TEMPLATE = FOLDER / f"{DOMAIN}.pot"
TRANSLATED = tuple(lang for lang in LANGS if lang != SOURCE)
HEADER = "Translations of rituals, a terminal planner for team rituals."
FIXED = datetime(2026, 12, 1, tzinfo=UTC)  # header dates: fixed, so catalogs change only with their messages


def _new_catalog(lang: str | None) -> Catalog:
    return Catalog(
        locale=lang,
        project="rituals",
        version=__version__,
        domain=DOMAIN,
        header_comment=f"# {HEADER}",
        msgid_bugs_address="rituals maintainers",
        last_translator="rituals maintainers",
        language_team="French" if lang == "fr" else "",
        fuzzy=False,
        creation_date=FIXED,
        revision_date=FIXED,
    )


def po_path(lang: str) -> Path:
    return FOLDER / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def template() -> Catalog:
    """Every marked string of the package, as a fresh template (nothing written)."""
    catalog = _new_catalog(None)
    for filename, _lineno, message, comments, context in extract_from_dir(
        PACKAGE,
        method_map=[("**.py", "python")],
        keywords={**DEFAULT_KEYWORDS, "Nn_": (1, 2)},  # Nn_: a plural kept to be said later (said.py)
        comment_tags=("i18n:",),
        strip_comment_tags=True,
    ):
        # no line numbers (they would churn the catalogs): babel's own reader stores such a
        # location as (file, None), though its annotation says int
        where = cast("list[tuple[str, int]]", [(f"rituals/{filename}", None)])
        catalog.add(message, locations=where, auto_comments=comments, context=context)
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False, omit_header=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def read(lang: str) -> Catalog:
    with open(po_path(lang), "rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def extract() -> int:
    TEMPLATE.write_bytes(_po_bytes(template()))
    print(f"wrote {TEMPLATE.relative_to(PACKAGE.parent)} ({len(template())} messages)")
    return 0


def update() -> int:
    fresh = template()
    for lang in TRANSLATED:
        path = po_path(lang)
        if path.exists():
            catalog = read(lang)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = _new_catalog(lang)
        catalog.update(fresh, update_creation_date=False)
        catalog.fuzzy, catalog.revision_date = False, FIXED
        catalog.obsolete.clear()  # strings the code no longer has: gone, not kept as comments
        path.write_bytes(_po_bytes(catalog))
        print(f"updated {path.relative_to(PACKAGE.parent)}")
    return 0


def compile_all() -> int:
    for lang in TRANSLATED:
        mo_path(lang).write_bytes(_mo_bytes(read(lang)))
        print(f"compiled {mo_path(lang).relative_to(PACKAGE.parent)}")
    return 0


def problems(lang: str) -> list[str]:
    """What is wrong with ``lang``'s catalog against the code's strings, one line each."""
    fresh = template()
    catalog = read(lang)
    out = [f"{lang}: missing {m.id!r}" for m in fresh if m.id and catalog.get(m.id, m.context) is None]
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.fuzzy:
            out.append(f"{lang}: fuzzy {message.id!r}")
        elif not all(strings):
            out.append(f"{lang}: untranslated {message.id!r}")
    if not mo_path(lang).exists() or mo_path(lang).read_bytes() != _mo_bytes(catalog):
        out.append(f"{lang}: {mo_path(lang).name} is out of date: run `python -m rituals.locale compile`")
    return out


def check() -> int:
    found = [line for lang in TRANSLATED for line in problems(lang)]
    for line in found:
        print(line)
    return 1 if found else 0


def stats() -> int:
    """Messages in the template and, per language, how many are translated."""
    total = len([m for m in template() if m.id])
    print(f"{total} messages in the code")
    for lang in TRANSLATED:
        catalog = read(lang)
        done = sum(
            1
            for m in catalog
            if m.id and not m.fuzzy and all(m.string if isinstance(m.string, (list, tuple)) else (m.string,))
        )
        share = done / total if total else 1.0
        print(f"{lang}: {done} of {total} translated ({share:.1%})")
    return 0
