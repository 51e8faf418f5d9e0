from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_settings, name="settings"),
    path("edit/", views.programme_edit, name="edit"),
    path("guide/", views.programme_guide, name="guide"),
]
