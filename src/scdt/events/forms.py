from django import forms
from django.utils.translation import gettext_lazy as _

from scdt.events.models import Attendance, RegistrationStatus


class RegistrationForm(forms.Form):
    attendance = forms.ChoiceField(label=_("How will you take part?"), widget=forms.RadioSelect)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            Attendance.ONSITE: _("On-site, at the venue"),
            Attendance.REMOTE: _("Remote, online"),
        }
        allowed = event.allowed_attendances
        self.fields["attendance"].choices = [(value, labels[value]) for value in allowed]
        self.fields["attendance"].initial = allowed[0]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RegistrationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *RegistrationStatus.choices],
    )
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        required=False,
        choices=[("", _("Any attendance")), *Attendance.choices],
    )
    q = forms.CharField(label=_("Name, e-mail or organisation"), required=False, max_length=200)

    def filters(self) -> dict:
        """The cleaned filters as keyword arguments for ``queries.filter_registrations``."""
        if not self.is_valid():
            return {}
        return {
            "status": self.cleaned_data["status"],
            "attendance": self.cleaned_data["attendance"],
            "search": self.cleaned_data["q"].strip(),
        }
