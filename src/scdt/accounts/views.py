"""Account pages: log in/out, verification, password reset, settings, tokens, export, erasure.

Views collect input and call services; every change happens there.
"""

import contextlib
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scdt.accounts import forms, queries, services
from scdt.service_errors import show_service_errors


def _remember_language(response, language: str):
    """Make ``language`` active now and, through the cookie LocaleMiddleware reads, later."""
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class LoginView(auth_views.LoginView):
    """E-mail and password. Unverified people get in too, and are told to verify."""

    template_name = "accounts/login.html"
    authentication_form = forms.EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        response = super().form_valid(form)
        if not user.is_verified:
            messages.warning(
                self.request,
                _("Your e-mail address is not verified yet. Open the link we sent you to take part."),
            )
        return _remember_language(response, user.preferred_language)

    def get_default_redirect_url(self):
        if self.request.user.is_authenticated and not self.request.user.is_verified:
            return reverse("accounts:verification_sent")
        return super().get_default_redirect_url()


# --- e-mail verification -------------------------------------------------------------------


@require_GET
def verify(request, token):
    try:
        user = services.verify_email(token=token)
    except ValidationError as error:
        return render(
            request,
            "accounts/verify_failed.html",
            {"error": error.messages[0], "code": error.code, "token": token},
            status=400,
        )
    messages.success(request, _("Thank you, your e-mail address is verified."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(settings.LOGIN_REDIRECT_URL)
    messages.info(request, _("You can now log in."))
    return redirect("accounts:login")


@require_GET
def verification_sent(request):
    return render(
        request,
        "accounts/verification_sent.html",
        {"form": forms.ResendVerificationForm() if not request.user.is_authenticated else None},
    )


@require_POST
def resend_verification(request):
    try:
        if request.POST.get("token"):
            services.resend_verification_for_link(token=request.POST["token"])
            messages.success(request, _("We sent you a new link. It may take a minute to arrive."))
        elif request.user.is_authenticated:
            services.send_verification_email(user=request.user)
            messages.success(request, _("We sent you a new link. It may take a minute to arrive."))
        else:
            form = forms.ResendVerificationForm(request.POST)
            if not form.is_valid():
                return render(request, "accounts/verification_sent.html", {"form": form}, status=400)
            user = queries.unverified_user_by_email(form.cleaned_data["email"])
            if user is not None:
                # A "too soon" error would tell strangers the address has an account.
                with contextlib.suppress(ValidationError):
                    services.send_verification_email(user=user)
            # The same answer either way: this form must not reveal who has an account.
            messages.success(request, _("If an unverified account uses this address, we sent it a new link."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("accounts:verification_sent")


# --- password reset -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = forms.PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_password_reset(email=form.cleaned_data["email"])
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset_form.html", {"form": form})


@require_GET
def password_reset_done(request):
    return render(request, "accounts/password_reset_done.html")


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request, uidb64, token):
    if services.user_for_password_reset(uidb64=uidb64, token=token) is None:
        return render(request, "accounts/password_reset_confirm.html", {"validlink": False}, status=400)
    form = forms.SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(uidb64=uidb64, token=token, new_password=form.cleaned_data["new_password"])
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            return redirect("accounts:password_reset_complete")
    return render(request, "accounts/password_reset_confirm.html", {"validlink": True, "form": form})


@require_GET
def password_reset_complete(request):
    return render(request, "accounts/password_reset_complete.html")


# --- account settings -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    user = request.user
    form = forms.LanguageForm(request.POST or None, initial={"preferred_language": user.preferred_language})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferred_language(user=user, language=form.cleaned_data["preferred_language"])
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            translation.activate(user.preferred_language)
            messages.success(request, _("Your language preference is saved."))
            return _remember_language(redirect("accounts:settings"), user.preferred_language)
    return render(request, "accounts/settings.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request):
    form = forms.ChangePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            # Keep this session; other sessions end because the hash changed.
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:settings")
    return render(request, "accounts/change_password.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_email(request):
    form = forms.ChangeEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_email_change(
                user=request.user,
                new_email=form.cleaned_data["new_email"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Your address changes when you open it.")
                % {"email": request.user.pending_email},
            )
            return redirect("accounts:settings")
    return render(request, "accounts/change_email.html", {"form": form})


@require_GET
def confirm_email_change(request, token):
    try:
        services.confirm_email_change(token=token)
    except ValidationError as error:
        return render(request, "accounts/link_failed.html", {"error": error.messages[0]}, status=400)
    messages.success(request, _("Your e-mail address is changed. Use the new one to log in."))
    return redirect("accounts:settings" if request.user.is_authenticated else "accounts:login")


# --- API tokens -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = forms.ApiTokenForm()
    created = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        try:
            token_id = int(request.POST.get("token_id", ""))
            token = services.revoke_api_token(user=request.user, token_id=token_id)
        except (ValueError, PermissionDenied, Http404):
            messages.error(request, _("This token cannot be revoked."))
        else:
            messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("accounts:tokens")
    if request.method == "POST":
        form = forms.ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                token, raw = services.create_api_token(user=request.user, name=form.cleaned_data["name"])
            except ValidationError as error:
                show_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                # Shown in this response only; the database keeps just a digest.
                created = {"token": token, "raw": raw}
                form = forms.ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "created": created, "tokens": queries.tokens_of(request.user)},
    )


# --- own data ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def export(request):
    if request.method == "POST":
        data = services.export_user_data(user=request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="scdt-my-data.json"'
        return response
    return render(request, "accounts/export.html")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = forms.ConfirmWithPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for taking part."))
            return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/delete.html", {"form": form})
