"""A fictional organisation to explore: Hirondelle, a 45-person software company.

Built from code, anchored on a day, so that `rituals demo` always shows "the last three months"
of history. `python -m rituals.sample sample_data` rewrites the committed copy (anchored on
SAMPLE_ANCHOR) that the tests compare against.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, time, timedelta
from itertools import combinations
from pathlib import Path

from rituals.core.history import pair_history
from rituals.core.models import Audience, Feedback, Grouping, Person, Ritual, Schedule, Session
from rituals.core.schedule import occurrences
from rituals.locale import N_
from rituals.store import Store

SAMPLE_ANCHOR = date(2026, 11, 23)
DOMAIN = "hirondelle.example"
PARIS, NEW_YORK = "Europe/Paris", "America/New_York"

# name, team, location, time zone, days since joining (None = long ago)
ROSTER: tuple[tuple[str, str, str, str, int | None], ...] = (
    ("Camille Laurent", "Engineering", "Paris", PARIS, None),
    ("Mehdi Benali", "Engineering", "Paris", PARIS, None),
    ("Sophie Martin", "Engineering", "Paris", PARIS, None),
    ("Lucas Girard", "Engineering", "Lyon", PARIS, None),
    ("Inès Moreau", "Engineering", "Lyon", PARIS, None),
    ("Thomas Nguyen", "Engineering", "remote", PARIS, None),
    ("Priya Raman", "Engineering", "New York", NEW_YORK, None),
    ("Jonas Weber", "Engineering", "remote", "Europe/Berlin", None),
    ("Aïcha Diallo", "Engineering", "Paris", PARIS, 20),
    ("Hugo Petit", "Engineering", "Lyon", PARIS, None),
    ("Emma Rousseau", "Engineering", "Paris", PARIS, None),
    ("Noah Fontaine", "Engineering", "remote", "Europe/Lisbon", None),
    ("Léa Bernard", "Product", "Paris", PARIS, None),
    ("Maxime Dubois", "Product", "Paris", PARIS, None),
    ("Olivia Chen", "Product", "New York", NEW_YORK, None),
    ("Julien Lefèvre", "Product", "remote", PARIS, None),
    ("Sarah Cohen", "Product", "Lyon", PARIS, 12),
    ("Chloé Mercier", "Design", "Paris", PARIS, None),
    ("Antoine Roux", "Design", "Paris", PARIS, None),
    ("Yuki Tanaka", "Design", "remote", PARIS, None),
    ("Zoé Lambert", "Design", "Lyon", PARIS, None),
    ("Gabriel Faure", "Design", "Paris", PARIS, None),
    ("Marc Dupont", "Sales", "Paris", PARIS, None),
    ("Nadia Haddad", "Sales", "Paris", PARIS, None),
    ("James Miller", "Sales", "New York", NEW_YORK, None),
    ("Ashley Brooks", "Sales", "New York", NEW_YORK, None),
    ("Pierre Garnier", "Sales", "Lyon", PARIS, None),
    ("Laura Simon", "Sales", "Paris", PARIS, 35),
    ("Diego Álvarez", "Sales", "New York", NEW_YORK, None),
    ("Manon Blanc", "Sales", "remote", PARIS, None),
    ("Kevin Morel", "Sales", "Paris", PARIS, None),
    ("Fatou Sow", "Customer Care", "Lyon", PARIS, None),
    ("Romain Chevalier", "Customer Care", "Lyon", PARIS, None),
    ("Julie Perrin", "Customer Care", "Lyon", PARIS, None),
    ("Samuel Okoro", "Customer Care", "remote", PARIS, None),
    ("Élodie Marchand", "Customer Care", "Paris", PARIS, None),
    ("Rachel Green", "Customer Care", "New York", NEW_YORK, 8),
    ("Paul Henry", "Customer Care", "Lyon", PARIS, None),
    ("Claire Fabre", "People & Finance", "Paris", PARIS, None),
    ("Bruno Lemaire", "People & Finance", "Paris", PARIS, None),
    ("Mei Lin", "People & Finance", "New York", NEW_YORK, None),
    ("Hélène Dumas", "People & Finance", "remote", PARIS, None),
    ("Omar Rahmani", "Data", "Paris", PARIS, None),
    ("Sven Larsson", "Data", "remote", "Europe/Stockholm", None),
    ("Ana Costa", "Data", "Lyon", PARIS, 50),
)
PAUSED = "julien.lefevre"  # on parental leave
ISOLATED = "noah.fontaine"  # a remote engineer the rotations kept missing: the alerts should find him
ORGANIZER = "claire.fabre"


def email_of(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return ascii_name.replace(" ", ".") + "@" + DOMAIN


def build_people(anchor: date) -> list[Person]:
    people = []
    for name, team, location, tz, days in ROSTER:
        email = email_of(name)
        joined = (
            anchor - timedelta(days=days) if days is not None else date(2019 + len(name) % 6, 1 + len(name) % 12, 1)
        )
        paused = anchor + timedelta(days=40) if email.startswith(PAUSED) else None
        tags = ("mentor",) if days is None and len(name) % 5 == 0 else ()
        people.append(Person(email, name, team, location, tz, joined, tags, paused))
    return people


def build_rituals(anchor: date) -> list[Ritual]:
    return [*_regular_rituals(anchor), *_occasions(anchor)]


def _weeks_ago(anchor: date, weeks: int, weekday: int, hour: int, minute: int = 0) -> datetime:
    monday = anchor - timedelta(days=anchor.weekday(), weeks=weeks)
    return datetime.combine(monday + timedelta(days=weekday), time(hour, minute))


def _regular_rituals(anchor: date) -> list[Ritual]:
    """Coffee pairs, a monthly lunch and volunteer days, running for a quarter."""
    org = email_of("Claire Fabre")
    return [
        Ritual(
            "coffee-roulette",
            "Coffee roulette",
            "coffee-chat",
            Schedule(_weeks_ago(anchor, 13, 1, 10), PARIS, timedelta(minutes=30), "weekly"),
            "Thirty minutes with someone from another team. No agenda: ask what they are working on.",
            video_link="https://meet.example/coffee-roulette",
            organizer=org,
            grouping=Grouping(2, "cross-team"),
            format="remote",
        ),
        Ritual(
            "cross-team-lunch",
            "Cross-team lunch",
            "lunch",
            Schedule(
                _weeks_ago(anchor, 13, 3, 12, 30),
                PARIS,
                timedelta(minutes=90),
                "monthly",
                skip_holidays="FR",
                monthly_by="weekday",
            ),
            "Lunch in small mixed groups, on the company. Each office books a table nearby.",
            location="Office canteen or nearby",
            organizer=org,
            grouping=Grouping(4, "cross-team"),
            format="in-person",
        ),
        Ritual(
            "volunteer-day",
            "Volunteer day — Banlieues Vertes",
            "volunteer-day",
            Schedule(
                datetime.combine(anchor - timedelta(days=60), time.min),
                PARIS,
                timedelta(hours=8),
                "monthly",
                3,
                all_day=True,
                monthly_by="weekday",
            ),
            "A day planting urban gardens with a local charity. Boots provided.",
            location="Jardin partagé, 12 rue des Lilas, Montreuil",
            organizer=org,
            format="in-person",
        ),
    ]


def _occasions(anchor: date) -> list[Ritual]:
    """A gratitude circle, a welcome lunch for the newcomers and New York's demo hour."""
    org = email_of("Claire Fabre")
    return [
        Ritual(
            "gratitude-circle",
            "Gratitude circle",
            "gratitude-circle",
            Schedule(_weeks_ago(anchor, 12, 4, 16), PARIS, timedelta(minutes=45), "weekly", 2),
            "Each person thanks someone, for something specific. Nothing to prepare.",
            video_link="https://meet.example/merci",
            organizer=org,
            grouping=Grouping(6, "random"),
            format="hybrid",
        ),
        Ritual(
            "welcome-lunch",
            "Welcome lunch for our newcomers",
            "welcome",
            Schedule(datetime.combine(anchor + timedelta(days=9), time(12, 30)), PARIS, timedelta(minutes=90)),
            "Newcomers meet one person from each team over lunch.",
            location="Le Petit Zinc, Paris",
            organizer=org,
            audience=Audience(
                "people",
                tuple(
                    email_of(n)
                    for n in (
                        "Aïcha Diallo",
                        "Sarah Cohen",
                        "Laura Simon",
                        "Rachel Green",
                        "Ana Costa",
                        "Mehdi Benali",
                        "Léa Bernard",
                        "Chloé Mercier",
                        "Marc Dupont",
                        "Fatou Sow",
                    )
                ),
            ),
            format="in-person",
        ),
        Ritual(
            "demo-hour",
            "Friday demo hour (NY)",
            "skill-share",
            Schedule(_weeks_ago(anchor, 12, 4, 11), NEW_YORK, timedelta(minutes=60), "monthly", monthly_by="weekday"),
            "Anyone shows something they built or learned, five minutes each.",
            video_link="https://meet.example/demo-hour",
            organizer=email_of("Olivia Chen"),
            format="hybrid",
        ),
    ]


def _groups(emails: list[str], size: int, met: set[frozenset[str]], rng: random.Random) -> list[list[str]]:
    """A plain history-aware shuffle: good enough for sample history, not the product's engine."""
    best: list[list[str]] = []
    best_repeats = None
    for _ in range(40):
        order = emails[:]
        rng.shuffle(order)
        count = max(1, len(order) // size)
        groups = [order[i::count] for i in range(count)]
        repeats = sum(frozenset(p) in met for g in groups for p in combinations(g, 2))
        if best_repeats is None or repeats < best_repeats:
            best, best_repeats = groups, repeats
    return best


def build_sessions(anchor: date, people: list[Person], rituals: list[Ritual], seed: int = 7) -> list[Session]:
    rng = random.Random(seed)
    sessions: list[Session] = []
    end = datetime.combine(anchor, time.min)
    for ritual in rituals:
        for when in occurrences(ritual.schedule, end=end):
            day = when.date()
            invited = [
                p.email
                for p in people
                if not (p.paused_until and p.is_paused(day))
                and (p.joined is None or p.joined <= day)
                and not (p.email.startswith(ISOLATED) and (anchor - day).days < 75)
            ]
            if ritual.audience.kind == "people":
                invited = [e for e in invited if e in ritual.audience.members]
            if ritual.grouping.size:
                met = set(pair_history(sessions))
                groups = _groups(invited, ritual.grouping.size, met, rng)
            else:
                groups = [invited]
            members = [e for g in groups for e in g]
            absent = tuple(sorted(rng.sample(members, k=max(0, len(members) // 12))))
            attended = tuple(sorted(set(members) - set(absent)))
            feedback = tuple(
                Feedback(e, rng.choice((3, 4, 4, 5, 5))) for e in rng.sample(attended, k=min(3, len(attended)))
            )
            sessions.append(
                Session(
                    ritual.id,
                    when,
                    tuple(tuple(g) for g in groups),
                    "held",
                    attended=attended,
                    absent=absent,
                    rating=rng.choice((4, 4, 5, 3, 5)),
                    feedback=feedback,
                )
            )
    return sessions


def write_sample_db(path: Path, anchor: date) -> Store:
    """A fresh sample database at ``path`` (replacing what is there)."""
    people = build_people(anchor)
    rituals = build_rituals(anchor)
    return write_db(path, people, rituals, build_sessions(anchor, people, rituals))


def write_db(path: Path, people: list[Person], rituals: list[Ritual], sessions: list[Session]) -> Store:
    """A database at ``path`` holding exactly these people, rituals and sessions."""
    store = Store(path)
    with store.transaction() as tx:
        for table in ("people", "rituals", "sessions"):
            tx.replace_table(table, [])
        for person in people:
            tx.put_person(person)
        for ritual in rituals:
            tx.put_ritual(ritual)
        for session in sessions:
            tx.put_session(session)
        loaded = N_("loaded {people} people, {rituals} rituals and {sessions} sessions")
        tx.say(loaded, people=len(people), rituals=len(rituals), sessions=len(sessions))
    return store


def roster_csv(people: list[Person]) -> str:
    lines = ["name,email,team,location,timezone,joined,tags"]
    for p in people:
        lines.append(
            ",".join(
                (
                    p.name,
                    p.email,
                    p.team,
                    p.location,
                    p.timezone,
                    p.joined.isoformat() if p.joined else "",
                    "|".join(p.tags),
                )
            )
        )
    return "\n".join(lines) + "\n"


def write_sample_folder(folder: Path, anchor: date = SAMPLE_ANCHOR) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "roster.csv").write_text(roster_csv(build_people(anchor)), encoding="utf-8")
    db = folder / "rituals.json"
    if db.exists():
        db.unlink()
    write_sample_db(db, anchor)
    backup = db.with_name(db.name + ".bak")
    if backup.exists():
        backup.unlink()


if __name__ == "__main__":
    write_sample_folder(Path(sys.argv[1] if len(sys.argv) > 1 else "sample_data"))
