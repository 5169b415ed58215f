from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("people.urls")),
    path("programmes/", include("programmes.urls")),
    path("enrolments/", include("enrolments.urls")),
    path("pairing/", include("pairing.urls")),
    path("sessions/", include("meetings.urls")),
    path("reminders/", include("reminders.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("privacy/", include("privacy.urls")),
    path("hr/", include("hr.urls")),
    path("sso/", include("sso.urls")),
    path("scim/", include("scim.urls")),
    path("admin/", admin.site.urls),
]
