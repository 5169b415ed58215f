from django.contrib import admin

from .models import Enrolment, EnrolmentTopic


class EnrolmentTopicInline(admin.TabularInline):
    model = EnrolmentTopic
    extra = 0
    autocomplete_fields = ["topic"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    # Volunteering and reviewing happen in the application, where services check the
    # rules and email the decisions; the admin is for superusers repairing data.
    list_display = ["person", "programme", "role", "status", "source", "submitted_at"]
    list_filter = ["role", "status", "source", "programme"]
    search_fields = ["person__name", "person__email", "programme__name_en", "programme__name_fr"]
    readonly_fields = ["code", "submitted_at", "decided_at", "withdrawn_at", "charter_accepted_at"]
    autocomplete_fields = ["person", "programme", "rather_not", "return_topics", "decided_by"]
    list_select_related = ["person", "programme"]
    inlines = [EnrolmentTopicInline]
