"""Keeping the catalogs: ``python -m rituals.locale extract|update|compile|stats|check``.

- ``extract``: every marked string of ``rituals/`` into ``rituals/locale/rituals.pot``;
- ``update``: the French catalog (``fr/LC_MESSAGES/rituals.po``) follows the template: new
  strings arrive untranslated, changed ones fuzzy;
- ``compile``: the ``.mo`` files the package ships;
- ``stats``: how many messages each catalog has, and the share translated;
- ``check``: exit 1 if a catalog misses a message of the template, has a fuzzy or empty
  entry, or if its compiled ``.mo`` is out of date (what CI runs).
"""

from __future__ import annotations

import sys

from rituals.locale.catalogs import check, compile_all, extract, stats, update


def main(argv: list[str]) -> int:
    commands = {"extract": extract, "update": update, "compile": compile_all, "stats": stats, "check": check}
    if len(argv) != 1 or argv[0] not in commands:
        print(f"usage: python -m rituals.locale {{{'|'.join(commands)}}}", file=sys.stderr)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
