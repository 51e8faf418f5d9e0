from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("areas/<str:slug>/", views.area, name="area"),
    path("regions/<str:region>/", views.region, name="region"),
    path("services/<str:slug>/", views.service, name="service"),
    path("coverage/", views.coverage, name="coverage"),
    path("data/services.csv", views.export_csv, name="export-csv"),
    path("data/services.json", views.export_json, name="export-json"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.manage_edit, name="manage-new"),
    path("manage/<int:pk>/", views.manage_edit, name="manage-edit"),
    path("publish/", views.publish, name="publish"),
]
