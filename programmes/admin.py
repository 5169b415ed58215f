from django.contrib import admin

from .models import AuditEvent, Objective, Programme, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_fr", "kind", "retired_on"]
    list_filter = ["kind", "retired_on"]
    search_fields = ["slug", "name_en", "name_fr"]
    readonly_fields = ["code"]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    autocomplete_fields = ["topics"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    # Day-to-day editing happens in the application, where services audit every change;
    # the admin is for superusers repairing data.
    list_display = ["__str__", "slug", "status", "sponsor", "start_on", "duration_months"]
    list_filter = ["status", "cadence", "format", "meeting_mode"]
    search_fields = ["name_en", "name_fr", "slug"]
    readonly_fields = ["code", "created_by", "created_at", "updated_at"]
    autocomplete_fields = ["sponsor", "managers", "topics"]
    inlines = [ObjectiveInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "programme", "action", "actor"]
    list_filter = ["action"]
    search_fields = ["programme__name_en", "programme__name_fr"]
    list_select_related = ["programme", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
