from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("episodes/<int:pk>/new/", views.measure_choose, name="choose"),
    path("episodes/<int:pk>/new/<str:code>/", views.MeasureNew.as_view(), name="new"),
    path("parents/<int:pk>/", views.parent_measures, name="parent"),
]
