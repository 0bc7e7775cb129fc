"""Admin for urgent events: routes (who hears of what, on which channel), group robots with a
test button, and the read-only log of events and their deliveries.

A robot's URL holds its key: the form never shows it back (leave it empty to keep it), the
list shows it masked, and the test result names no address."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hallops import models
from hallops.admin_base import ReadOnlyAdmin, ReadOnlyInline
from hallops.services.deliveries import webhook_test


@admin.register(models.NotificationRoute)
class NotificationRouteAdmin(admin.ModelAdmin):
    list_display = ["event", "role", "channel", "is_active"]
    list_filter = ["event", "channel", "role", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["event", "role"]


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("webhook URL"), max_length=500, required=False, assume_scheme="https",
        widget=forms.PasswordInput(render_value=False),
        help_text=_("The robot's address with its key. Kept secret: never shown again; leave "
                    "empty to keep the current one."))
    secret = forms.CharField(
        label=_("signing secret"), max_length=200, required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("DingTalk only, when the robot's security setting is \"sign\". Leave "
                    "empty to keep the current one."))
    clear_secret = forms.BooleanField(label=_("remove the signing secret"), required=False)

    class Meta:
        model = models.WebhookEndpoint
        fields = ["name", "kind", "url", "secret", "clear_secret", "store", "region",
                  "is_active"]

    def clean_url(self):
        url = self.cleaned_data.get("url") or ""
        if not url and not (self.instance.pk and self.instance.url):
            raise forms.ValidationError(gettext("Enter the robot's webhook URL."))
        if url and not url.startswith(("https://", "http://")):
            raise forms.ValidationError(gettext("Enter the robot's webhook URL."))
        return url or self.instance.url

    def clean(self):
        data = super().clean()
        if bool(data.get("store")) == bool(data.get("region")):
            raise forms.ValidationError(gettext("Choose a store or a region (one of the two)."))
        return data

    def save(self, commit=True):
        robot = super().save(commit=False)
        if self.cleaned_data.get("clear_secret"):
            robot.secret = ""
        elif not self.cleaned_data.get("secret") and self.instance.pk:
            robot.secret = models.WebhookEndpoint.objects.get(pk=self.instance.pk).secret
        if commit:
            robot.save()
        return robot


@admin.register(models.WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "kind", "store", "region", "address", "is_active"]
    list_filter = ["kind", "is_active", "region"]
    search_fields = ["name", "store__name", "region__name"]
    autocomplete_fields = ["store"]
    actions = ["send_test_message"]

    @admin.display(description=_("address"))
    def address(self, robot):
        return robot.masked_url

    @admin.action(description=_("Send a test message"))
    def send_test_message(self, request, queryset):
        for robot in queryset:
            error = webhook_test(actor=request.user, robot=robot)
            if error:
                self.message_user(request, gettext("%(name)s: the test message failed (%(error)s).")
                                  % {"name": robot.name, "error": error}, messages.ERROR)
            else:
                self.message_user(request, gettext("%(name)s: the test message was sent.")
                                  % {"name": robot.name}, messages.SUCCESS)


class DeliveryInline(ReadOnlyInline):
    model = models.Delivery
    fields = ["channel", "role", "recipient", "webhook", "status", "attempts", "last_error",
              "sent_at"]
    readonly_fields = fields


@admin.register(models.Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "code", "store", "key"]
    list_filter = ["code", "store"]
    search_fields = ["key"]
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]


@admin.register(models.Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """Read-only: the status of every e-mail, robot and in-app delivery (errors masked)."""

    list_display = ["created_at", "event_code", "store", "channel", "recipient", "webhook",
                    "status", "attempts", "last_error", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel", "event__code"]
    list_select_related = ["event__store", "recipient", "webhook"]
    search_fields = ["event__key", "recipient__username"]
    date_hierarchy = "created_at"

    @admin.display(description=_("event"), ordering="event__code")
    def event_code(self, delivery):
        return delivery.event.get_code_display()

    @admin.display(description=_("store"))
    def store(self, delivery):
        return delivery.event.store
