"""A metadata quality score per dataset, in the spirit of data.europa.eu's Metadata Quality
Assessment (MQA): the same five dimensions and weights, computed from what is stored.

What MQA checks over the network (whether access and download URLs answer) is not
checked here; those points are left out and the maximum is lowered to match.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from scdt.catalogue import vocabularies as vocab

# Open formats a machine can read without proprietary software (MQA's two lists, merged).
NON_PROPRIETARY = {
    "CSV",
    "JSON",
    "GEOJSON",
    "XML",
    "ODS",
    "TXT",
    "HTML",
    "GML",
    "KML",
    "RDF_XML",
    "RDF_TURTLE",
    "JSON_LD",
    "GTFS",
    "WMS_SRVC",
    "WFS_SRVC",
}
MACHINE_READABLE = {
    "CSV",
    "JSON",
    "GEOJSON",
    "XML",
    "XLSX",
    "XLS",
    "ODS",
    "GML",
    "KML",
    "RDF_XML",
    "RDF_TURTLE",
    "JSON_LD",
    "GTFS",
    "SHP",
    "WFS_SRVC",
    "API",
}


@dataclass
class Dimension:
    name: str
    score: int = 0
    maximum: int = 0
    missing: list = field(default_factory=list)

    def check(self, ok: bool, points: int, missing_text) -> None:
        self.maximum += points
        if ok:
            self.score += points
        else:
            self.missing.append(missing_text)

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.maximum) if self.maximum else 0


@dataclass
class QualityReport:
    dimensions: list[Dimension]

    @property
    def score(self) -> int:
        return sum(d.score for d in self.dimensions)

    @property
    def maximum(self) -> int:
        return sum(d.maximum for d in self.dimensions)

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.maximum) if self.maximum else 0

    @property
    def rating(self):
        # MQA's bands (351/221/121 of 405), as shares of the maximum.
        if self.percent >= 87:
            return _("Excellent")
        if self.percent >= 55:
            return _("Good")
        if self.percent >= 30:
            return _("Sufficient")
        return _("Bad")


def _share(distributions, test) -> bool:
    """MQA gives a distribution-level point when most distributions pass."""
    return bool(distributions) and sum(1 for d in distributions if test(d)) * 2 >= len(distributions)


def assess(dataset, distributions=None) -> QualityReport:
    distributions = list(dataset.distributions.all() if distributions is None else distributions)
    findability = Dimension(_("Findability"))
    findability.check(bool(dataset.keywords), 30, _("keywords"))
    findability.check(bool(dataset.themes), 30, _("a data theme"))
    findability.check(bool(dataset.spatial_label or dataset.spatial_bbox), 20, _("spatial coverage"))
    findability.check(bool(dataset.temporal_start or dataset.temporal_end), 20, _("temporal coverage"))

    accessibility = Dimension(_("Accessibility"))
    accessibility.check(bool(distributions), 50, _("a distribution with an access URL"))
    accessibility.check(_share(distributions, lambda d: d.download_url), 20, _("download URLs"))

    interoperability = Dimension(_("Interoperability"))
    interoperability.check(_share(distributions, lambda d: d.format_text or d.format), 20, _("file formats"))
    interoperability.check(_share(distributions, lambda d: d.media_type), 10, _("media types"))
    interoperability.check(
        _share(distributions, lambda d: d.format in vocab.FILE_TYPES), 10,
        _("formats from the EU file-type vocabulary"),
    )  # fmt: skip
    interoperability.check(
        _share(distributions, lambda d: d.format in NON_PROPRIETARY),
        20,
        _("a non-proprietary format"),
    )
    interoperability.check(
        _share(distributions, lambda d: d.format in MACHINE_READABLE),
        20,
        _("a machine-readable format"),
    )
    interoperability.check(
        bool(dataset.title and dataset.description and distributions), 30,
        _("what DCAT-AP requires (title, description, distribution)"),
    )  # fmt: skip

    reusability = Dimension(_("Reusability"))
    reusability.check(bool(dataset.licence or dataset.licence_text), 20, _("licence information"))
    reusability.check(bool(dataset.licence), 10, _("a licence from a known vocabulary"))
    reusability.check(bool(dataset.access_rights), 10, _("access rights"))
    reusability.check(bool(dataset.access_rights), 5, _("access rights from the EU vocabulary"))
    reusability.check(bool(dataset.contact_email or dataset.contact_name), 20, _("a contact point"))
    reusability.check(bool(dataset.publisher_name), 10, _("a publisher"))

    contextuality = Dimension(_("Contextuality"))
    contextuality.check(_share(distributions, lambda d: d.licence), 5, _("rights on distributions"))
    contextuality.check(_share(distributions, lambda d: d.byte_size is not None), 5, _("file sizes"))
    contextuality.check(bool(dataset.issued), 5, _("the date of issue"))
    contextuality.check(bool(dataset.modified), 5, _("the date of modification"))
    return QualityReport([findability, accessibility, interoperability, reusability, contextuality])
