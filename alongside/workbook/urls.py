from django.urls import path

from . import views

app_name = "workbook"
urlpatterns = [
    path("parents/<int:pk>/team/", views.team, name="team"),
    path("parents/<int:pk>/team/chronology/", views.chronology, name="chronology"),
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
