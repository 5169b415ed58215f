from django.urls import path

from . import dashboard_views as dashboards
from . import views

app_name = "evaluation"
urlpatterns = [
    path("", dashboards.dashboard, name="dashboard"),
    path("indicators.csv", dashboards.indicators_csv, name="indicators_csv"),
    path("compare/", dashboards.compare, name="compare"),
    path("monthly-report/", dashboards.monthly_report, name="monthly_report"),
    path("monthly-report/set/", dashboards.set_monthly_report, name="set_monthly_report"),
    path("programmes/<uuid:code>/", dashboards.programme_dashboard, name="programme"),
    path("programmes/<uuid:code>/report/", dashboards.printable_report, name="report"),
    path(
        "programmes/<uuid:code>/indicators.csv",
        dashboards.programme_indicators_csv,
        name="programme_indicators_csv",
    ),
    path("programmes/<uuid:code>/pairs/", views.programme_pairs, name="pairs"),
    path("programmes/<uuid:code>/pairs.csv", views.programme_pairs_csv, name="pairs_csv"),
    path("programmes/<uuid:code>/setup/", views.setup, name="setup"),
    path("programmes/<uuid:code>/questions/", views.add_question, name="add_question"),
    path("questions/<uuid:code>/remove/", views.remove_question, name="remove_question"),
    path("mine/", views.mine, name="mine"),
    path("surveys/<uuid:code>/", views.answer, name="answer"),
    path("certificates/<uuid:code>/", views.certificate, name="certificate"),
    path("testimonials/", views.testimonials, name="testimonials"),
    path("testimonials/review/", views.review_testimonials, name="review_testimonials"),
    path("testimonials/<uuid:code>/decide/", views.decide_testimonial, name="decide_testimonial"),
]
