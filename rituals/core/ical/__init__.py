"""Calendar invites: ``events`` (rituals and sessions as events), ``writer`` (RFC 5545 text)
and ``vtimezone`` (time zone definitions)."""
