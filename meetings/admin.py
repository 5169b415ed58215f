"""The admin shows when sessions happen, never what a pair wrote.

JournalEntry, Feedback, Agreement and ExitRequest are deliberately not registered: a
journal is its author's alone; feedback, agreements and exit reasons are people's words.
Meeting shows its schedule and status only (no topics, takeaways or next steps, in lists,
forms or search), and CalendarFeed is not registered: its token is a credential.
"""

from django.contrib import admin

from .models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "pair", "status", "duration_minutes", "origin"]
    list_filter = ["status", "origin"]
    search_fields = ["pair__mentor_person__name", "pair__mentee_person__name"]
    fields = [
        "code",
        "pair",
        "status",
        "origin",
        "starts_at",
        "duration_minutes",
        "mode",
        "place",
        "sequence",
        "logged_at",
        "cancelled_at",
        "created_at",
    ]
    readonly_fields = ["code", "sequence", "logged_at", "cancelled_at", "created_at"]
    raw_id_fields = ["pair"]
    list_select_related = ["pair__mentor_person", "pair__mentee_person"]
