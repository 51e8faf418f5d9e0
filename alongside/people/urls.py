from django.urls import path

from alongside.casework import couples_views

from . import views

app_name = "people"
urlpatterns = [
    path("<int:pk>/", views.parent_overview, name="overview"),
    path("<int:pk>/details/", views.ParentEdit.as_view(), name="edit"),
    path("<int:pk>/children/new/", views.ChildNew.as_view(), name="child-new"),
    path("<int:pk>/children/<int:child_pk>/", views.ChildEdit.as_view(), name="child-edit"),
    path(
        "<int:pk>/children/<int:child_pk>/status/",
        views.ChildStatusNew.as_view(),
        name="child-status",
    ),
    path("<int:pk>/pregnancies/new/", views.PregnancyNew.as_view(), name="pregnancy-new"),
    path(
        "<int:pk>/pregnancies/<int:pregnancy_pk>/",
        views.PregnancyEdit.as_view(),
        name="pregnancy-edit",
    ),
    path(
        "<int:pk>/pregnancies/<int:pregnancy_pk>/outcome/",
        views.PregnancyEnd.as_view(),
        name="pregnancy-end",
    ),
    path("<int:pk>/changes/", views.changes, name="changes"),
    path("<int:pk>/relationships/new/", views.RelationshipNew.as_view(), name="relationship-new"),
    path(
        "<int:pk>/relationships/<int:relationship_pk>/end/",
        views.RelationshipEnd.as_view(),
        name="relationship-end",
    ),
    # Joint work with a couple: `pk` is the episode the contact is recorded on.
    path(
        "episodes/<int:pk>/joint-contacts/new/",
        couples_views.JointContactNew.as_view(),
        name="joint-contact-new",
    ),
]
