from django.urls import path

from . import schedule_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("pair/<uuid:code>/", views.pair_page, name="pair"),
    path("pair/<uuid:code>/agreement/", views.agreement, name="agreement"),
    path("pair/<uuid:code>/add/", views.add, name="add"),
    path("pair/<uuid:code>/log/", views.log_new, name="log_new"),
    path("pair/<uuid:code>/exit/", views.exit_request, name="exit"),
    path("programme/<uuid:code>/schedule/", schedule_views.schedule, name="schedule"),
    path("programme/<uuid:code>/replan/", schedule_views.replan, name="replan"),
    path("closure/<uuid:code>/remove/", schedule_views.remove_closure, name="remove_closure"),
    path("<uuid:code>/", views.detail, name="detail"),
    path("<uuid:code>/reschedule/", views.reschedule, name="reschedule"),
    path("<uuid:code>/cancel/", views.cancel, name="cancel"),
    path("<uuid:code>/log/", views.log, name="log"),
    path("<uuid:code>/journal/", views.journal, name="journal"),
    path("<uuid:code>/feedback/", views.feedback, name="feedback"),
    path("<uuid:code>/invitation.ics", views.invitation, name="invitation"),
]
