from django.urls import path

from . import views

app_name = "sharing"
urlpatterns = [
    path("parents/<int:pk>/sharing/", views.sharing_overview, name="overview"),
    path("parents/<int:pk>/consents/new/", views.ConsentNew.as_view(), name="consent-new"),
    path("consents/<int:pk>/withdraw/", views.ConsentWithdraw.as_view(), name="consent-withdraw"),
    path("parents/<int:pk>/disclosures/new/", views.DisclosureNew.as_view(), name="disclosure-new"),
    path(
        "disclosures/<int:pk>/decide/", views.DisclosureDecide.as_view(), name="disclosure-decide"
    ),
    path(
        "disclosures/<int:pk>/parent-told/",
        views.DisclosureParentTold.as_view(),
        name="disclosure-told",
    ),
    path("parents/<int:pk>/break-glass/", views.break_glass, name="break-glass"),
    path("parents/<int:pk>/access-trail/", views.access_trail_view, name="access-trail"),
    path(
        "parents/<int:pk>/subject-access/",
        views.subject_access_review,
        name="subject-access-letter",
    ),
    path("parents/<int:pk>/subject-access.<str:fmt>", views.subject_access, name="subject-access"),
    path("find-a-parent/", views.find_parent, name="find"),
    path("shared/", views.shared_list, name="shared-list"),
    path("shared/<int:pk>/", views.shared_parent, name="shared-parent"),
    path("data-protection/", views.data_protection, name="data-protection"),
]
