from django.contrib import admin
from django.http import HttpRequest

from .models import ProgrammeReminderSettings, Reminder, ReminderPreferences


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reminders are written by services and sent by the sweep; the admin only reads them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["kind", "status", "recipient", "programme", "due_at", "attempts", "sent_at"]
    list_filter = ["status", "kind", "programme"]
    search_fields = ["recipient__email", "recipient__name", "dedupe_key", "code"]
    date_hierarchy = "due_at"
    list_select_related = ["recipient", "programme"]
    # The context holds times and sequences, never what a pair wrote.
    exclude = ["claim"]


@admin.register(ReminderPreferences)
class ReminderPreferencesAdmin(ReadOnlyAdmin):
    list_display = ["person", "upcoming_session", "log_nudge", "feedback_request", "updated_at"]
    search_fields = ["person__email", "person__name"]
    list_select_related = ["person"]


@admin.register(ProgrammeReminderSettings)
class ProgrammeReminderSettingsAdmin(ReadOnlyAdmin):
    list_display = ["programme", "days_before"]
    list_select_related = ["programme"]
