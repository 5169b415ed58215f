from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("import/", views.import_directory, name="import"),
    path("import/example.csv", views.import_example, name="import-example"),
    path("me/", views.profile, name="profile"),
    path("<uuid:code>/", views.person, name="person"),
]
