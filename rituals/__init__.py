"""rituals: a terminal planner for team rituals."""

__version__ = "0.1.0"
