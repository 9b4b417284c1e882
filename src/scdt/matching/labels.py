"""Words people read for the engine's codes: glossary concepts, relations, score bands."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from scdt.directory.models import Topic
from scdt.matching.models import TargetKind

CONCEPTS = {
    "parking": _("parking"),
    "occupancy": _("occupancy"),
    "real_time": _("real-time data"),
    "city_model_3d": _("3D city models"),
    "building": _("buildings"),
    "air_quality": _("air quality"),
    "sensor": _("sensors"),
    "energy": _("energy"),
    "consumption": _("consumption"),
    "electricity": _("electricity"),
    "heating": _("heating"),
    "public_transport": _("public transport"),
    "vehicle_location": _("vehicle locations"),
    "timetable": _("timetables"),
    "flood": _("floods"),
    "stormwater": _("stormwater"),
    "cycling": _("cycling"),
    "counting": _("counting"),
    "noise": _("noise"),
    "map": _("maps"),
    "urban_planning": _("urban planning"),
    "traffic": _("traffic"),
    "road": _("roads"),
    "housing": _("housing"),
    "health": _("health"),
    "solar": _("solar power"),
    "waste": _("waste"),
    "ev_charging": _("EV charging"),
    "population": _("population"),
    "tourism": _("tourism"),
    "visitor_flows": _("visitor flows"),
    "anonymised": _("anonymised data"),
    "digital_twin": _("digital twins"),
    "green_space": _("green spaces"),
    "street_lighting": _("street lighting"),
}

BANDS = {
    "strong": _("Strong match"),
    "good": _("Good match"),
    "possible": _("Possible match"),
}

# (source role, target role) -> what the pair is, from the asker's side.
RELATIONS = {
    ("request", "offer"): _("Your need ↔ their offer"),
    ("offer", "request"): _("Your offer ↔ their need"),
    ("request", "dataset"): _("Your need ↔ this dataset"),
    ("dataset", "request"): _("This dataset ↔ their need"),
    ("offer", "offer"): _("A similar offer"),
    ("request", "request"): _("A similar need"),
    ("dataset", "dataset"): _("A similar dataset"),
}


def concept_label(code: str) -> str:
    return str(CONCEPTS.get(code, code.replace("_", " ")))


def relation_label(relation: str) -> str:
    source, _sep, target = relation.partition("-")
    label = RELATIONS.get((source, target))
    return str(label) if label else ""


def topic_names(english_names) -> list[str]:
    by_english = {topic.name_en: topic for topic in Topic.objects.filter(name_en__in=list(english_names))}
    return [by_english[name].name if name in by_english else name for name in english_names]


def reasons(suggestion) -> list[str]:
    """The why, in sentences: relation, topics, concepts, words, place."""
    explanation = suggestion.explanation
    found = []
    relation = relation_label(suggestion.relation)
    if suggestion.target_kind == TargetKind.PROFILE:
        relation = {
            "request-offer": gettext("What you seek ↔ what they offer"),
            "offer-request": gettext("What you offer ↔ what they seek"),
            "dataset-request": gettext("This dataset ↔ what they seek"),
        }.get(suggestion.relation, relation)
    if relation:
        found.append(relation)
    if explanation.shared_topics:
        topics = ", ".join(topic_names(explanation.shared_topics))
        found.append(gettext("Shared topics: %(topics)s") % {"topics": topics})
    if explanation.shared_concepts:
        concepts = ", ".join(concept_label(code) for code in explanation.shared_concepts[:4])
        found.append(gettext("Both are about %(concepts)s") % {"concepts": concepts})
    if explanation.shared_terms:
        found.append(gettext("Words in common: %(words)s") % {"words": ", ".join(explanation.shared_terms[:5])})
    if explanation.same_city:
        found.append(gettext("Also in %(city)s") % {"city": explanation.same_city})
    return found


def target_url(suggestion) -> str:
    """Where a suggestion links: the item's own page."""
    obj = suggestion.obj
    if suggestion.target_kind == TargetKind.OPPORTUNITY:
        return reverse("marketplace:detail", kwargs={"ref": obj.slug})
    if suggestion.target_kind == TargetKind.DATASET:
        return reverse("catalogue:dataset", kwargs={"slug": obj.slug})
    if suggestion.target_kind == TargetKind.DATA_REQUEST:
        return reverse("catalogue:request", kwargs={"pk": obj.pk})
    return reverse("directory:profile", kwargs={"pk": obj.pk})


def target_name(suggestion) -> str:
    """What a suggestion is called: a person's name, a dataset's title in the reader's language."""
    obj = suggestion.obj
    if suggestion.target_kind == TargetKind.PROFILE:
        return obj.full_name
    if suggestion.target_kind == TargetKind.DATASET:
        return obj.display_title
    return obj.title
