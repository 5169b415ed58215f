from django.contrib import admin

from .models import Pair, PairConstraint, PairingRound, UnpairedReason


# Rounds, publication and endings happen in the application, where services check the
# rules and send the introductions; the admin is for superusers repairing data.
@admin.register(PairingRound)
class PairingRoundAdmin(admin.ModelAdmin):
    list_display = ["programme", "scope", "status", "progress", "paired_count", "queued_at"]
    list_filter = ["status", "scope", "programme"]
    readonly_fields = ["code", "queued_at", "started_at", "finished_at"]
    raw_id_fields = ["programme", "person", "run_by"]
    list_select_related = ["programme"]


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["mentor_person", "mentee_person", "programme", "status", "score", "locked"]
    list_filter = ["status", "locked", "set_by_hand", "programme"]
    search_fields = [
        "mentor_person__name",
        "mentee_person__name",
        "programme__name_en",
        "programme__name_fr",
    ]
    readonly_fields = ["code", "created_at", "published_at", "ended_at"]
    raw_id_fields = [
        "programme",
        "round",
        "mentor",
        "mentee",
        "mentor_person",
        "mentee_person",
        "published_by",
        "ended_by",
    ]
    list_select_related = ["mentor_person", "mentee_person", "programme"]


@admin.register(PairConstraint)
class PairConstraintAdmin(admin.ModelAdmin):
    list_display = ["programme", "kind", "mentor", "mentee", "created_at"]
    list_filter = ["kind", "programme"]
    raw_id_fields = ["programme", "mentor", "mentee", "created_by"]
    list_select_related = ["programme", "mentor__person", "mentee__person"]


@admin.register(UnpairedReason)
class UnpairedReasonAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "round"]
    raw_id_fields = ["round", "enrolment"]
    list_select_related = ["enrolment__person", "enrolment__programme", "round__programme"]
