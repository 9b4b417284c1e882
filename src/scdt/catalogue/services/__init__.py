"""Every change to the catalogue goes through these services (see each module)."""

from scdt.catalogue.services.harvest import (
    create_harvest_source,
    run_harvest,
    sources_due,
    update_harvest_source,
)

__all__ = [
    "create_harvest_source",
    "run_harvest",
    "sources_due",
    "update_harvest_source",
]
