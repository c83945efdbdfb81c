"""Dates and numbers as a reader of the language expects them.

English keeps the forms rituals always printed (``strftime`` patterns, so English output does
not change); French uses Babel's CLDR data ("mar. 8 déc.", "mardi 8 décembre 2026", "92 %" with
a narrow no-break space). Babel is imported only when a French text is written: English commands
never load it (docs/performance.md, "Start-up").

Each function takes ``lang`` (default: the reader's language, ``rituals.locale.current()``); pass
the recipient's language for text written for someone else (an invite, an e-mail).
"""

from __future__ import annotations

from datetime import date, datetime

from rituals.locale import N_, SOURCE, current, normalised

# name: (English strftime pattern, CLDR pattern for the other languages)
DATE_FORMS: dict[str, tuple[str, str]] = {
    "short": ("%a %d %b", "EEE d MMM"),  # Tue 08 Dec / mar. 8 déc.
    "short_year": ("%a %d %b %Y", "EEE d MMM y"),  # Tue 08 Dec 2026 / mar. 8 déc. 2026
    "day_month": ("%d %b", "d MMM"),  # 08 Dec / 8 déc.
    "day_month_year": ("%d %b %Y", "d MMM y"),  # 08 Dec 2026 / 8 déc. 2026
    "long": ("%A %d %B %Y", "EEEE d MMMM y"),  # Tuesday 08 December 2026 / mardi 8 décembre 2026
    "weekday": ("%A", "EEEE"),  # Tuesday / mardi
    "weekday_short": ("%a", "EEE"),  # Tue / mar.
    "month_year": ("%b %Y", "MMM y"),  # Dec 2026 / déc. 2026
}
TIME_FORM = "%H:%M"  # 24-hour clock in both languages
# the months by name, for text written without Babel ("last met in May", a check-in's date):
# translated where shown, with the catalog of the reader or of the recipient
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
NBSP = "\u00a0"  # before a colon and inside « » in French
NNBSP = "\u202f"  # narrow: before ; ! ? and %, and between thousands


def _lang(lang: str | None) -> str:
    return normalised(lang) if lang is not None else current()


def day(value: date | datetime, form: str = "short", lang: str | None = None) -> str:
    """``value``'s date in one of ``DATE_FORMS``: "Tue 08 Dec" or "mar. 8 déc."."""
    english, cldr = DATE_FORMS[form]
    code = _lang(lang)
    if code == SOURCE:
        return value.strftime(english)
    from babel.dates import format_date  # deferred: see the module docstring

    return format_date(value, cldr, locale=code)


def moment(value: datetime, form: str = "short", lang: str | None = None) -> str:
    """Date and clock: "Tue 08 Dec 10:00" or "mar. 8 déc. 10:00"."""
    return f"{day(value, form, lang)} {value.strftime(TIME_FORM)}"


def percent(share: float, lang: str | None = None, digits: int = 0) -> str:
    """``share`` (0.92) as "92%" in English and "92 %" (narrow no-break space) in French."""
    code = _lang(lang)
    if code == SOURCE:
        return f"{share:.{digits}%}"
    from babel.numbers import format_decimal  # deferred

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return f"{format_decimal(share * 100, pattern, locale=code)}{NNBSP}%"


def number(value: float, lang: str | None = None) -> str:
    """A count or a decimal as the language writes it: 1,234.5 / 1 234,5."""
    code = _lang(lang)
    if code == SOURCE:
        return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    from babel.numbers import format_decimal  # deferred

    return format_decimal(value, format="#,##0" if isinstance(value, int) else "#,##0.0", locale=code)


def quoted(text: str, lang: str | None = None) -> str:
    """“text” in English, « text » (no-break spaces inside) in French."""
    return f"«{NBSP}{text}{NBSP}»" if _lang(lang) == "fr" else f"“{text}”"
