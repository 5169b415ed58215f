from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download/", views.my_data_download, name="my_data_download"),
    path("erasures/", views.erasures, name="erasures"),
    path("people/<uuid:code>/erase/", views.erase, name="erase"),
]
