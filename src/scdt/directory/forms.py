"""Forms of the directory. They validate; views hand cleaned_data to the services.

OrganisationForm and ProfileForm are also used by the join flow (pages app), next to
each other on one page, so they work with a ``prefix`` and never save by themselves.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from scdt.directory.countries import COUNTRIES, SPOKEN_LANGUAGES
from scdt.directory.models import Organisation, OrganisationType, Profile, Topic, Visibility
from scdt.directory.services import validate_logo


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Starting with https://"),
    )

    class Meta:
        model = Organisation
        fields = ["name", "type", "country", "city", "website", "description", "logo"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "logo": _("PNG, JPEG, WebP or GIF, at most 1 MB and 2000×2000 pixels."),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        # A new upload has a content type; an unchanged logo is the stored file.
        if logo and hasattr(logo, "content_type"):
            validate_logo(logo)
        return logo

    def service_fields(self) -> dict:
        """Keyword arguments for create_organisation / update_organisation."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "logo"}
        logo = self.cleaned_data.get("logo")
        if logo is False:
            data["logo"] = False  # "clear" ticked
        elif logo and hasattr(logo, "content_type"):
            data["logo"] = logo
        return data


class ProfileForm(forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("position", "slug"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SPOKEN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *COUNTRIES], required=False)
    visibility = forms.ChoiceField(
        label=_("Who may see your profile"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.MEMBERS,
    )

    class Meta:
        model = Profile
        fields = [
            "full_name",
            "job_title",
            "organisation",
            "city",
            "country",
            "bio",
            "topics",
            "languages",
            "offer_text",
            "seek_text",
            "visibility",
            "allow_matching",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "offer_text": forms.Textarea(attrs={"rows": 4}),
            "seek_text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "offer_text": _("Services, data, skills or solutions you can offer to others."),
            "seek_text": _("What you are looking for: data, partners, solutions, pilots."),
            "allow_matching": _("Others may be recommended to you, and you to them."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name", "pk")
        if self.instance.pk:
            self.initial.setdefault("languages", list(self.instance.languages or []))

    def service_fields(self) -> dict:
        """Keyword arguments for create_profile / update_profile."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["topics"] = list(data["topics"])
        return data


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    org_type = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=[("", _("Any")), *OrganisationType.choices],
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", _("Any")), *COUNTRIES])

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Any")), *((t.slug, t.name) for t in topics)]

    def filters(self) -> dict:
        """The valid filters; an invalid value is dropped rather than failing the page."""
        if not self.is_bound:
            return dict.fromkeys(self.fields, "")
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    org_type = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=[("", _("Any")), *OrganisationType.choices],
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", _("Any")), *COUNTRIES])
    city = forms.CharField(label=_("City"), required=False, max_length=100)

    filters = DirectorySearchForm.filters


class RejectForm(forms.Form):
    profile = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (sent to the person)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
