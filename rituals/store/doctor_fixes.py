"""Repairs the doctor makes on the raw file's records (see ``doctor``)."""

from __future__ import annotations

from typing import Any

from rituals.locale import _


def drop_from_groups(doc: dict[str, Any], unknown: set[str], label: str) -> str:
    """Take ``unknown`` people out of a planned session's groups (empty groups go)."""
    groups = [[e for e in g if e not in unknown] for g in doc.get("groups", [])]
    doc["groups"] = [g for g in groups if g]
    if "explanations" in doc and len(doc["explanations"]) != len(doc["groups"]):
        doc["explanations"] = []  # they described the groups as they were
    return _("planned session {label}: removed {n} unknown person(s) from its groups").format(
        label=label, n=len(unknown)
    )
