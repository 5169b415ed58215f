"""Superusers repairing data. Answers are not registered: they are read as aggregates only."""

from django.contrib import admin

from .models import Completion, EvaluationSettings, Question, Survey, Testimonial


@admin.register(EvaluationSettings)
class EvaluationSettingsAdmin(admin.ModelAdmin):
    list_display = ["programme", "target_population", "certificate_min_sessions", "closed_at"]
    raw_id_fields = ["programme"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "key", "kind", "audience", "per_topic", "required", "text_en", "text_fr"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["programme", "kind"]
    list_filter = ["kind"]
    raw_id_fields = ["programme"]
    inlines = [QuestionInline]


@admin.register(Testimonial)
class TestimonialAdmin(admin.ModelAdmin):
    list_display = ["pk", "status", "consented_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["response", "decided_by"]


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ["programme", "enrolment", "sessions_held", "earned_certificate", "emailed_at"]
    list_filter = ["earned_certificate"]
    raw_id_fields = ["programme", "enrolment"]
