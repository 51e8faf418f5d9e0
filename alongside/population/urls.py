from django.urls import path

from . import views

app_name = "population"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("uploads/<str:token>/columns/", views.columns, name="columns"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress.json", views.run_progress, name="run-progress"),
    path("runs/<int:pk>/report/<str:name>", views.report_file, name="report-file"),
    path("runs/<int:pk>/records/<str:name>", views.records_file, name="records-file"),
    path("runs/<int:pk>/early-help/", views.early_help, name="early-help"),
    path("runs/<int:pk>/review/", views.review, name="review"),
    path("runs/<int:pk>/review/decisions/", views.review_decided, name="review-decisions"),
    path("runs/<int:pk>/review/labels.csv", views.review_labels_file, name="review-labels"),
    path("runs/<int:pk>/review/<int:pair>/", views.review_decide, name="review-pair"),
    path(
        "runs/<int:pk>/early-help/<str:person>/refer/",
        views.early_help_refer,
        name="early-help-refer",
    ),
]
