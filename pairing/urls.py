from django.urls import path

from . import views

app_name = "pairing"
urlpatterns = [
    path("", views.index, name="index"),
    path("programme/<uuid:code>/", views.round_page, name="round"),
    path("programme/<uuid:code>/run/", views.run, name="run"),
    path("programme/<uuid:code>/set-by-hand/", views.set_by_hand, name="set_by_hand"),
    path("programme/<uuid:code>/publish/", views.publish, name="publish"),
    path("programme/<uuid:code>/go-back/", views.go_back, name="go_back"),
    path("programme/<uuid:code>/pairs/", views.published, name="published"),
    path("programme/<uuid:code>/re-pair/<uuid:enrolment>/", views.repair, name="repair"),
    path("forbidden/<uuid:code>/allow/", views.allow, name="allow"),
    path("<uuid:code>/", views.pair_detail, name="pair"),
    path("<uuid:code>/lock/", views.lock, name="lock"),
    path("<uuid:code>/forbid/", views.forbid, name="forbid"),
    path("<uuid:code>/end/", views.end, name="end"),
]
