from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("episodes/<int:pk>/", views.plan, name="plan"),
    path("episodes/<int:pk>/agree/", views.plan_agree_view, name="agree"),
    path("episodes/<int:pk>/goals/new/", views.goal_new, name="goal-new"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal-edit"),
    path("episodes/<int:pk>/reviews/new/", views.review_new, name="review-new"),
    path("episodes/<int:pk>/achievements/new/", views.achievement_new, name="achievement-new"),
]
