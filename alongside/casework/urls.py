from django.urls import path

from . import path_views, support_views, views

app_name = "casework"
urlpatterns = [
    path("<int:pk>/allocate/", views.Allocate.as_view(), name="allocate"),
    path("<int:pk>/waiting-offer/", views.WaitingOffer.as_view(), name="waiting-offer"),
    path("<int:pk>/close/", views.Close.as_view(), name="close"),
    path("<int:pk>/co-worker/", views.CoWorker.as_view(), name="co-worker"),
    path("<int:pk>/pathway/", path_views.Pathway.as_view(), name="pathway"),
    path("<int:pk>/phase/", path_views.Phase.as_view(), name="phase"),
    path("approvals/<int:pk>/", path_views.Decide.as_view(), name="approval"),
    path("<int:pk>/taper/", path_views.Taper.as_view(), name="taper"),
    path("<int:pk>/door-open/", path_views.DoorOpen.as_view(), name="door-open"),
    path("<int:pk>/reopen/", path_views.Reopen.as_view(), name="reopen"),
    path("<int:pk>/blockers/new/", path_views.BlockerNew.as_view(), name="blocker-new"),
    path("<int:pk>/proceedings/new/", path_views.ProceedingsNew.as_view(), name="proceedings-new"),
    path(
        "<int:pk>/blockers/<int:blocker_pk>/end/",
        path_views.BlockerEnd.as_view(),
        name="blocker-end",
    ),
    path("<int:pk>/onward/new/", support_views.OnwardNew.as_view(), name="onward-new"),
    path(
        "<int:pk>/onward/<int:onward_pk>/",
        support_views.OnwardUpdate.as_view(),
        name="onward-update",
    ),
    path(
        "<int:pk>/health-choices/new/",
        support_views.ReproductiveHealthNew.as_view(),
        name="health-choice-new",
    ),
    path(
        "parents/<int:pk>/peer-mentor/",
        support_views.PeerMentorStart.as_view(),
        name="peer-mentor-start",
    ),
    path(
        "parents/<int:pk>/peer-mentor/<int:role_pk>/end/",
        support_views.PeerMentorEnd.as_view(),
        name="peer-mentor-end",
    ),
    path("groups/new/", support_views.GroupNew.as_view(), name="group-new"),
    path("groups/<int:pk>/", support_views.GroupDetail.as_view(), name="group"),
    path(
        "groups/<int:pk>/sessions/new/",
        support_views.GroupSessionNew.as_view(),
        name="group-session-new",
    ),
    path(
        "groups/sessions/<int:pk>/",
        support_views.GroupSessionDetail.as_view(),
        name="group-session",
    ),
]
