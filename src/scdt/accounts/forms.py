"""Forms of the account pages. They only collect input; services validate and act."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from scdt.accounts import throttling


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, labelled for e-mail; unverified users may log in too."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or password is not correct."),
        "too_many": _("Too many failed attempts for this address. Wait 15 minutes, or reset your password."),
    }

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        if email and throttling.login_blocked(email=email):
            raise ValidationError(self.error_messages["too_many"], code="too_many")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if email and error.code == "invalid_login":
                ip = self.request.META.get("REMOTE_ADDR") if self.request else None
                throttling.record_failed_login(email=email, ip=ip)
            raise
        if email:
            throttling.clear_failed_logins(email=email)
        return cleaned


class PasswordField(forms.CharField):
    def __init__(self, *, label, autocomplete="current-password", **kwargs):
        super().__init__(
            label=label,
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
            **kwargs,
        )


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class SetPasswordForm(forms.Form):
    new_password = PasswordField(label=_("New password"), autocomplete="new-password")
    new_password_again = PasswordField(label=_("New password again"), autocomplete="new-password")

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password"), cleaned.get("new_password_again")
        if first and second and first != second:
            self.add_error("new_password_again", _("The two passwords differ."))
        return cleaned


class ChangePasswordForm(SetPasswordForm):
    old_password = PasswordField(label=_("Current password"))
    field_order = ["old_password", "new_password", "new_password_again"]


class ChangeEmailForm(forms.Form):
    new_email = forms.EmailField(
        label=_("New e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = PasswordField(label=_("Current password"), help_text=_("To confirm it is you."))


class LanguageForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Pages open in this language after you log in; e-mails to you are written in it."),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “city dashboard sync”."),
    )


class ConfirmWithPasswordForm(forms.Form):
    password = PasswordField(label=_("Your password"))
