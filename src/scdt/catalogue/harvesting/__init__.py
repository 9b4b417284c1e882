"""Harvesters: one per portal dialect, all producing ``records.HarvestedDataset``."""

from scdt.catalogue.harvesting.ckan import CkanHarvester
from scdt.catalogue.harvesting.danegovpl import DaneGovPlHarvester
from scdt.catalogue.harvesting.dcat import DcatHarvester

HARVESTERS = {"ckan": CkanHarvester, "dcat": DcatHarvester, "danegovpl": DaneGovPlHarvester}

# Sources whose API can list only what changed since a moment.
INCREMENTAL_TYPES = {"ckan"}


def harvester_for(*, source_type: str, url: str, transport, since=None, language: str = "en", **options):
    try:
        harvester_class = HARVESTERS[source_type]
    except KeyError:
        raise ValueError(f"Unknown source type {source_type!r}") from None
    return harvester_class(url=url, transport=transport, since=since, language=language, **options)
