"""Countries offered in forms: Europe, where the network works (ISO 3166-1 alpha-2)."""

from django.utils.translation import gettext_lazy as _

COUNTRIES = [
    ("AT", _("Austria")), ("BE", _("Belgium")), ("BG", _("Bulgaria")), ("HR", _("Croatia")),
    ("CY", _("Cyprus")), ("CZ", _("Czechia")), ("DK", _("Denmark")), ("EE", _("Estonia")),
    ("FI", _("Finland")), ("FR", _("France")), ("DE", _("Germany")), ("GR", _("Greece")),
    ("HU", _("Hungary")), ("IS", _("Iceland")), ("IE", _("Ireland")), ("IT", _("Italy")),
    ("LV", _("Latvia")), ("LT", _("Lithuania")), ("LU", _("Luxembourg")), ("MT", _("Malta")),
    ("NL", _("Netherlands")), ("NO", _("Norway")), ("PL", _("Poland")), ("PT", _("Portugal")),
    ("RO", _("Romania")), ("SK", _("Slovakia")), ("SI", _("Slovenia")), ("ES", _("Spain")),
    ("SE", _("Sweden")), ("CH", _("Switzerland")), ("UA", _("Ukraine")),
    ("GB", _("United Kingdom")), ("OTHER", _("Other country")),
]

# Languages a participant may say they speak (ISO 639-1).
SPOKEN_LANGUAGES = [
    ("en", _("English")), ("fi", _("Finnish")), ("sv", _("Swedish")), ("pl", _("Polish")),
    ("lt", _("Lithuanian")), ("lv", _("Latvian")), ("et", _("Estonian")), ("de", _("German")),
    ("fr", _("French")), ("es", _("Spanish")), ("ru", _("Russian")), ("uk", _("Ukrainian")),
]
