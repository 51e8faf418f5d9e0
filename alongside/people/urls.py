from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("<int:pk>/", views.parent_overview, name="overview"),
    path("<int:pk>/details/", views.parent_edit, name="edit"),
    path("<int:pk>/children/new/", views.child_new, name="child-new"),
]
