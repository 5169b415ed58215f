from django.urls import path

from . import views

app_name = "sso"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("domains/<uuid:code>/", views.edit_domain, name="domain"),
    path("domains/<uuid:code>/delete/", views.delete_domain, name="delete-domain"),
]
