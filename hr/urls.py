from django.urls import path

from . import certificates_views, nudge_views, views

app_name = "hr"
urlpatterns = [
    path("attention/", views.attention, name="attention"),
    path("surveys/", views.short_surveys, name="surveys"),
    path("pairs/<uuid:code>/nudge/", nudge_views.nudge_pair, name="nudge_pair"),
    path("programmes/<uuid:code>/nudge/", nudge_views.nudge_programme, name="nudge_programme"),
    path("audit/", views.audit_trail, name="audit"),
    path("audit.csv", views.audit_csv, name="audit_csv"),
    path("people/<uuid:code>/edit/", views.edit_person, name="edit_person"),
    path(
        "people/<uuid:code>/roles/<slug:role>/<slug:grant>/",
        views.change_role,
        name="role",
    ),
    path("people/<uuid:code>/deactivate/", views.deactivate, name="deactivate"),
    path("people/<uuid:code>/reactivate/", views.reactivate, name="reactivate"),
    path(
        "programmes/<uuid:code>/certificates/",
        certificates_views.register,
        name="certificates",
    ),
    path(
        "programmes/<uuid:code>/certificates/<uuid:completion>.pdf",
        certificates_views.download_one,
        name="certificate",
    ),
    path(
        "programmes/<uuid:code>/certificates.zip",
        certificates_views.download_all,
        name="certificates_zip",
    ),
]
