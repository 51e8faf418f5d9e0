from django.urls import path

from . import chronology_views, guided_views, risk_views, summary_views, views

app_name = "workbook"
urlpatterns = [
    path("parents/<int:pk>/team/", views.team, name="team"),
    path("parents/<int:pk>/team/chronology/", chronology_views.chronology, name="chronology"),
    path(
        "parents/<int:pk>/team/chronology/significant/",
        chronology_views.ItemSignificant.as_view(),
        name="item-significant",
    ),
    path("parents/<int:pk>/team/risk-and-strengths/", risk_views.risk, name="risk"),
    path(
        "parents/<int:pk>/team/risk-and-strengths/new/",
        risk_views.RiskNew.as_view(),
        name="risk-new",
    ),
    path(
        "parents/<int:pk>/team/guided-tasks/",
        guided_views.GuidedTaskTake.as_view(),
        name="guided-task",
    ),
    path(
        "parents/<int:pk>/team/summaries/new/",
        summary_views.SummaryNew.as_view(),
        name="summary-new",
    ),
    path("family-summaries/<int:pk>/", summary_views.summary, name="summary"),
    path(
        "family-summaries/<int:pk>/progress/",
        summary_views.summary_progress,
        name="summary-progress",
    ),
    path("family-summaries/<int:pk>/summary.pdf", summary_views.summary_pdf, name="summary-pdf"),
    path("parents/<int:pk>/team/add/", views.EntryNew.as_view(), name="entry-new"),
    path("parents/<int:pk>/team/members/new/", views.MemberNew.as_view(), name="member-new"),
    path("parents/<int:pk>/team/tasks/new/", views.TaskNew.as_view(), name="task-new"),
    path("parents/<int:pk>/team/meetings/new/", views.MeetingNew.as_view(), name="meeting-new"),
    path("team-members/<int:pk>/end/", views.MemberEnd.as_view(), name="member-end"),
    path(
        "team-entries/<int:pk>/significant/",
        views.EntrySignificant.as_view(),
        name="entry-significant",
    ),
    path(
        "team-meetings/<int:pk>/significant/",
        views.MeetingSignificant.as_view(),
        name="meeting-significant",
    ),
    path("team-tasks/<int:pk>/done/", views.TaskDone.as_view(), name="task-done"),
]
