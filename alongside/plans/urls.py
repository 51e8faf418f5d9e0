from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("episodes/<int:pk>/", views.plan, name="plan"),
    path("episodes/<int:pk>/contacts/new/", views.ContactNew.as_view(), name="contact-new"),
    path("episodes/<int:pk>/agree/", views.PlanAgree.as_view(), name="agree"),
    path("episodes/<int:pk>/goals/new/", views.GoalNew.as_view(), name="goal-new"),
    path("goals/<int:pk>/edit/", views.GoalEdit.as_view(), name="goal-edit"),
    path("goals/<int:pk>/share/", views.GoalShare.as_view(), name="goal-share"),
    path("episodes/<int:pk>/reviews/new/", views.ReviewNew.as_view(), name="review-new"),
    path(
        "episodes/<int:pk>/achievements/new/",
        views.AchievementNew.as_view(),
        name="achievement-new",
    ),
]
