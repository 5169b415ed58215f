from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.choose_template, name="choose_template"),
    path("new/<slug:template>/", views.programme_create, name="create"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/new/", views.topic_create, name="topic_create"),
    path("topics/<uuid:code>/edit/", views.topic_edit, name="topic_edit"),
    path("topics/<uuid:code>/retire/", views.topic_retire, name="topic_retire"),
    path("topics/<uuid:code>/restore/", views.topic_restore, name="topic_restore"),
    path("<uuid:code>/", views.programme_detail, name="detail"),
    path("<uuid:code>/edit/", views.programme_edit, name="edit"),
    path("<uuid:code>/duplicate/", views.programme_duplicate, name="duplicate"),
    path("<uuid:code>/status/", views.programme_change_status, name="change_status"),
]
