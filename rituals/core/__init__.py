"""The pure core: domain model, rotation, catalog, calendar. No UI, no storage."""
