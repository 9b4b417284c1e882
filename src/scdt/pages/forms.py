"""The join form: account, person, organisation and an optional first workshop in one page."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scdt.directory.countries import COUNTRIES, SPOKEN_LANGUAGES
from scdt.directory.models import Organisation, OrganisationType, Topic, Visibility
from scdt.events.models import Attendance, Event, EventStatus


def open_events():
    now = timezone.now()
    return (
        Event.objects.filter(status=EventStatus.PUBLISHED, end__gt=now)
        .exclude(registration_closes__lte=now)
        .exclude(registration_opens__gt=now)
        .order_by("start")
    )


class JoinForm(forms.Form):
    # -- account
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    # -- person
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), choices=SPOKEN_LANGUAGES, widget=forms.CheckboxSelectMultiple, required=False
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics you work on"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    offer_text = forms.CharField(
        label=_("We offer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Services, solutions, expertise or data you can bring to the network."),
    )
    seek_text = forms.CharField(
        label=_("We seek"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you need: partners, solutions, pilots, data."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see your profile"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    # -- organisation
    organisation = forms.ModelChoiceField(
        label=_("Your organisation, if it is already a member"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("— It is not listed: I describe it below —"),
    )
    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200, required=False)
    organisation_type = forms.ChoiceField(
        label=_("Organisation type"), choices=[("", "—"), *OrganisationType.choices], required=False
    )
    organisation_country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *COUNTRIES], required=False)
    organisation_city = forms.CharField(label=_("City"), max_length=100, required=False)
    organisation_website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    # -- first workshop
    event = forms.ModelChoiceField(
        label=_("Register me to this workshop as well"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("— Not now —"),
    )
    attendance = forms.ChoiceField(
        label=_("I will attend"), choices=Attendance.choices, initial=Attendance.ONSITE, widget=forms.RadioSelect
    )
    accept_terms = forms.BooleanField(
        label=_("I agree that the network stores the information above to run the community and its events."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = open_events()
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords differ."))
        if not data.get("organisation"):
            missing = {
                "organisation_name": _("Name your organisation, or pick it from the list."),
                "organisation_type": _("Choose the type of your organisation."),
                "organisation_country": _("Choose the country of your organisation."),
                "organisation_city": _("Give the city of your organisation."),
            }
            for field, message in missing.items():
                if not data.get(field):
                    self.add_error(field, message)
        return data
