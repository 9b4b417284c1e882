"""Forms of the marketplace pages. They only parse input; the services validate and save."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scdt.directory.countries import COUNTRIES
from scdt.directory.models import Topic
from scdt.marketplace.models import CONTENT_LANGUAGES, FieldType, Kind
from scdt.service_errors import show_service_errors

DEFAULT_LIFETIME_DAYS = 90


class OpportunityForm(forms.Form):
    """The common fields plus one field per extra field of the category (chosen a step before)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italic*, lists, [links](https://example.org)."),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=[("", _("Detect automatically")), *CONTENT_LANGUAGES],
        required=False,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cities = forms.CharField(
        label=_("Cities concerned"),
        required=False,
        max_length=500,
        help_text=_("Separate cities with commas, e.g. “Turku, Gdańsk”."),
    )
    country = forms.ChoiceField(label=_("Country of these cities"), choices=[("", "—"), *COUNTRIES], required=False)
    contact_name = forms.CharField(
        label=_("Contact person"),
        required=False,
        max_length=150,
        help_text=_("Leave empty to be the contact yourself."),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    links = forms.CharField(
        label=_("Links"),
        required=False,
        max_length=2600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line, at most 5."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most a year ahead. You are reminded a week before."),
    )

    def __init__(self, *args, category_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("expires_on", timezone.localdate() + dt.timedelta(days=DEFAULT_LIFETIME_DAYS))
        self.extra_keys = []
        for definition in category_fields:
            name = f"extra_{definition.key}"
            self.extra_keys.append((name, definition.key))
            self.fields[name] = _extra_field(definition)

    def service_values(self) -> dict:
        data = self.cleaned_data
        country = data.get("country") or ""
        cities = [c.strip() for c in (data.get("cities") or "").split(",") if c.strip()]
        places = [(city, country) for city in cities] if country else []
        if country and not cities:
            places = [("", country)]
        return {
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            "language": data.get("language") or "",
            "topics": list(data.get("topics") or []),
            "places": places,
            "contact_name": data.get("contact_name") or "",
            "contact_email": data.get("contact_email") or "",
            "links": [line.strip() for line in (data.get("links") or "").splitlines() if line.strip()],
            "expires_on": data["expires_on"],
            "extra": {key: data.get(name) for name, key in self.extra_keys},
        }

    def add_service_errors(self, error) -> None:
        """Show a service's ValidationError on the matching fields (extra.<key> included)."""
        show_service_errors(self, error, rename=_form_field_name)


def _extra_field(definition) -> forms.Field:
    options = {
        "label": definition.name,
        "required": definition.required,
        "help_text": definition.help_text,
    }
    if definition.type == FieldType.NUMBER:
        return forms.DecimalField(**options)
    if definition.type == FieldType.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if definition.type == FieldType.CHOICE:
        choices = [("", "—"), *[(c, c) for c in definition.choices]]
        return forms.ChoiceField(choices=choices, **options)
    return forms.CharField(max_length=definition.max_length, **options)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the owner by e-mail."),
    )


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the owner (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment"), help_text=_("PDF or image (PNG, JPEG, GIF, WebP), at most 5 MB."))


def _form_field_name(service_field: str) -> str:
    """The form field that shows a service argument's errors."""
    if service_field.startswith("extra."):
        return f"extra_{service_field.removeprefix('extra.')}"
    return "cities" if service_field == "places" else service_field
