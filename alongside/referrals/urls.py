from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_new, name="new"),
    path("<int:pk>/decide/", views.referral_decide, name="decide"),
    path("<int:pk>/agreement/", views.referral_agreement, name="agreement"),
]
