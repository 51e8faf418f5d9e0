from django.urls import path

from . import views

app_name = "partner_api"
urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
