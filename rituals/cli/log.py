"""`rituals log`: record what happened at a session (attendance, rating, feedback)."""

from typing import Optional

import typer

from rituals.cli.common import console, service
from rituals.core.errors import InvalidInput
from rituals.core.models import Feedback
from rituals.locale import _


def register(app: typer.Typer) -> None:
    app.command("log", help=_("Record a session as held: attendance, rating, feedback."))(log)


def _emails(text: Optional[str]) -> tuple[str, ...]:
    return tuple(e.strip() for e in (text or "").split(",") if e.strip())


def _rating(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(
            _("{what} must be a whole number from 1 to 5, not {value!r}").format(what=what, value=text)
        ) from None


def parse_feedback(text: str) -> Feedback:
    """EMAIL=RATING:NOTE, where the rating or the note may be left out (EMAIL=4, EMAIL=:note)."""
    email, sep, rest = text.partition("=")
    if not sep or not email.strip():
        raise InvalidInput(_("bad --feedback {value!r}: use EMAIL=RATING:NOTE").format(value=text))
    rating, _sep, note = rest.partition(":")
    what = _("the rating in --feedback {email}").format(email=email.strip())
    value = _rating(rating.strip(), what) if rating.strip() else None
    return Feedback(email.strip(), value, note.strip())


def parse_late(text: str) -> tuple[str, int | None]:
    email, sep, number = text.partition(":")
    if not sep:
        return email.strip(), None
    if not number.strip().isdigit():
        raise InvalidInput(_("bad --late {value!r}: use EMAIL or EMAIL:GROUP_NUMBER").format(value=text))
    return email.strip(), int(number)


def log(
    ctx: typer.Context,
    session_id: str = typer.Argument(
        ..., metavar="SESSION", help=_("RITUAL@YYYY-MM-DD, e.g. coffee-roulette@2026-11-17.")
    ),
    attended: Optional[str] = typer.Option(
        None, "--attended", help=_("Comma-separated e-mails who came; the others were absent.")
    ),
    absent: Optional[str] = typer.Option(
        None, "--absent", help=_("Comma-separated e-mails who did not come; the others came.")
    ),
    late: Optional[list[str]] = typer.Option(
        None, "--late", help=_("EMAIL[:GROUP] who joined without being planned (repeatable).")
    ),
    rating: Optional[str] = typer.Option(None, "--rating", help=_("How it went overall, 1 to 5.")),
    note: Optional[str] = typer.Option(None, "--note", help=_("A private note (never sent in invites).")),
    feedback: Optional[list[str]] = typer.Option(
        None, "--feedback", help=_("EMAIL=RATING:NOTE from one attendee (repeatable).")
    ),
) -> None:
    session = service(ctx).sessions.log(
        session_id,
        attended=_emails(attended),
        absent=_emails(absent),
        late=tuple(parse_late(item) for item in late or ()),
        rating=_rating(rating, "--rating") if rating is not None else None,
        note=note,
        feedback=tuple(parse_feedback(item) for item in feedback or ()),
    )
    counts = {"id": session.id, "attended": len(session.attended), "absent": len(session.absent)}
    if session.rating is None:
        said = _("logged {id}: {attended} attended, {absent} absent").format(**counts)
    else:
        said = _("logged {id}: {attended} attended, {absent} absent, rating {rating}").format(
            **counts, rating=session.rating
        )
    console.print(said, markup=False)
