from django.contrib import admin

from .models import Erasure


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    """Read-only: an erasure is recorded by the service, never edited."""

    list_display = ["__str__", "erased_at", "erased_by", "source"]
    readonly_fields = ["person", "erased_by", "erased_at", "source", "summary"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
