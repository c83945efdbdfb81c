"""The Textual planner. Imported only when the TUI starts: Textual is heavy."""
