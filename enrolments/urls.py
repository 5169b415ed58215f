from django.urls import path

from . import views

app_name = "enrolments"
urlpatterns = [
    path("", views.open_programmes, name="open"),
    path("mine/", views.my_programmes, name="mine"),
    path("join/<uuid:code>/<str:role>/", views.volunteer, name="volunteer"),
    path("review/", views.review_index, name="review_index"),
    path("review/<uuid:code>/", views.review, name="review"),
    path("review/<uuid:code>/import/", views.import_enrolments, name="import"),
    path("review/<uuid:code>/import/example.csv", views.import_example, name="import_example"),
    path("<uuid:code>/", views.enrolment_detail, name="detail"),
    path("<uuid:code>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:code>/charter/", views.accept_charter, name="accept_charter"),
    path("<uuid:code>/decide/", views.decide, name="decide"),
]
