"""Words people read for the engine's codes: glossary concepts, relations, score bands."""

from django.utils.translation import gettext_lazy as _

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
