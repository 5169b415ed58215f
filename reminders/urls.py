from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("hr/", views.hr, name="hr"),
    path("hr/programmes/<uuid:code>/", views.programme_settings, name="programme"),
    path("hr/failed/<uuid:code>/retry/", views.retry, name="retry"),
]
