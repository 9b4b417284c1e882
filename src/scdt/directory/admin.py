"""Admin for the directory. Saving and the approve/reject actions go through the services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from scdt.directory import services
from scdt.directory.forms import OrganisationForm
from scdt.directory.models import Organisation, Profile, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Read-only: the taxonomy is seeded and changed by data migrations, so every
    installation and every translation stays the same."""

    list_display = ["position", "slug", "name_en", "name_fi", "name_pl", "name_lt", "hvd_category"]
    list_display_links = ["slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "city", "country", "is_demo", "created_at"]
    list_filter = ["type", "country", "is_demo"]
    search_fields = ["name", "city", "slug"]
    # The site's form: it checks the logo's real format, size and dimensions.
    form = OrganisationForm
    readonly_fields = ["slug", "created_by", "created_at", "updated_at", "is_demo"]
    fields = [
        "name",
        "slug",
        "type",
        "country",
        "city",
        "website",
        "description",
        "logo",
        "is_demo",
        "created_by",
        "created_at",
        "updated_at",
    ]

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name]
            for name in ["name", "type", "country", "city", "website", "description"]
        }
        logo = form.cleaned_data.get("logo")
        new_logo = logo if logo and hasattr(logo, "content_type") else None
        try:
            if change:
                if logo is False:
                    data["logo"] = False
                elif new_logo:
                    data["logo"] = new_logo
                # The form already copied its values onto obj; the service decides what is stored.
                current = Organisation.objects.get(pk=obj.pk)
                saved = services.update_organisation(
                    actor=request.user, organisation=current, **data
                )
            else:
                saved = services.create_organisation(actor=request.user, logo=new_logo, **data)
        except (ValidationError, PermissionDenied) as error:
            # The admin form has validated already; this only shows what the service added.
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
            return
        obj.pk, obj.slug, obj.logo = saved.pk, saved.slug, saved.logo


class RejectActionForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason (for “reject”)"),
        required=False,
        max_length=1000,
    )


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "organisation",
        "city",
        "country",
        "visibility",
        "status",
        "is_demo",
    ]
    list_filter = ["status", "visibility", "country", "is_demo", "topics"]
    search_fields = ["full_name", "user__email", "organisation__name", "job_title"]
    list_select_related = ["organisation"]
    readonly_fields = ["user", "status", "is_demo", "created_at", "updated_at"]
    filter_horizontal = ["topics"]
    action_form = RejectActionForm
    actions = ["approve_selected", "reject_selected"]

    def has_add_permission(self, request):
        # Profiles come from joining the network (or the demo loader), with an account.
        return False

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in form.cleaned_data
            if name in services.PROFILE_FIELDS and name != "topics"
        }
        try:
            services.update_profile(
                actor=request.user, profile=Profile.objects.get(pk=obj.pk), **fields
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))

    def save_related(self, request, form, formsets, change):
        if "topics" in form.cleaned_data:
            services.update_profile(
                actor=request.user, profile=form.instance, topics=list(form.cleaned_data["topics"])
            )

    @admin.action(description=_("Approve the selected profiles"))
    def approve_selected(self, request, queryset):
        for profile in queryset:
            services.approve_member(actor=request.user, profile=profile)
        self.message_user(
            request, gettext("Approved: %(n)d.") % {"n": queryset.count()}, messages.SUCCESS
        )

    @admin.action(description=_("Reject the selected profiles (give a reason)"))
    def reject_selected(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(request, gettext("Give a reason to reject."), messages.ERROR)
            return
        count = 0
        for profile in queryset:
            services.reject_member(actor=request.user, profile=profile, reason=reason)
            count += 1
        self.message_user(request, gettext("Rejected: %(n)d.") % {"n": count}, messages.SUCCESS)
