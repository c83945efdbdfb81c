"""``python -m rituals.core.catalog``: rebuild the compiled copy of the catalog."""

from rituals.core.catalog.ideas import main

main()
