from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["name"]
    list_display = ["email", "name", "department", "grade", "is_hr_admin", "is_executive"]
    list_filter = ["is_hr_admin", "is_executive", "is_active", "generation", "department"]
    search_fields = ["email", "name", "job_title"]
    autocomplete_fields = ["manager", "department"]
    readonly_fields = ["code", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["code", "email", "password"]}),
        (_("Person"), {"fields": ["name", "preferred_language", "time_zone"]}),
        (
            _("Directory"),
            {
                "fields": [
                    "department",
                    "job_title",
                    "grade",
                    "manager",
                    "hired_on",
                    "generation",
                    "site",
                    "country",
                    "languages",
                ]
            },
        ),
        (_("Roles"), {"fields": ["is_hr_admin", "is_executive"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]
