from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_settings, name="settings"),
    path("edit/", views.programme_edit, name="edit"),
    path("episodes/<int:pk>/pathway/", views.pathway, name="pathway"),
    path("episodes/<int:pk>/phase/", views.phase, name="phase"),
    path("approvals/<int:pk>/", views.approval, name="approval"),
    path("episodes/<int:pk>/taper/", views.taper, name="taper"),
    path("episodes/<int:pk>/door-open/", views.door_open, name="door-open"),
    path("episodes/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("episodes/<int:pk>/blockers/new/", views.blocker_new, name="blocker-new"),
    path("episodes/<int:pk>/proceedings/new/", views.proceedings_new, name="proceedings-new"),
    path(
        "episodes/<int:pk>/blockers/<int:blocker_pk>/end/",
        views.blocker_end_view,
        name="blocker-end",
    ),
]
