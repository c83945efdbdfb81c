"""The idea catalog behind `rituals suggest`: ``ideas`` (the model, loading and checking),
``filter`` (what the user asked for) and ``rank`` (what fits this team). Rebuild the compiled
copy of the data with ``python -m rituals.core.catalog``."""
