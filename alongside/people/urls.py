from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("<int:pk>/", views.parent_overview, name="overview"),
    path("<int:pk>/details/", views.ParentEdit.as_view(), name="edit"),
    path("<int:pk>/children/new/", views.ChildNew.as_view(), name="child-new"),
    path("<int:pk>/changes/", views.changes, name="changes"),
]
