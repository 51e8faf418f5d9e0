from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_new, name="new"),
    path("<int:pk>/decide/", views.referral_decide, name="decide"),
    path("<int:pk>/agreement/", views.referral_agreement, name="agreement"),
    path("<int:pk>/screening/", views.referral_screening, name="screening"),
    path("<int:pk>/outreach/", views.referral_outreach, name="outreach"),
    path("<int:pk>/consultation/", views.referral_consultation, name="consultation"),
    path("<int:pk>/match/", views.referral_match, name="match"),
    path("parents/<int:pk>/duplicates/", views.parent_duplicates, name="duplicates"),
    path("merges/<int:pk>/", views.merge_detail, name="merge"),
    path("partners/", views.partner_access_list, name="partners"),
    path("partners/<int:pk>/revoke/", views.partner_access_revoke_view, name="partner-revoke"),
    # Partner professionals, signed in.
    path("refer/", views.partner_referral_new, name="partner-new"),
    path("sent/", views.partner_referrals_sent, name="partner-sent"),
    # Without an account: a partner organisation's link, a parent, the referrer's status page.
    path("link/<str:secret>/", views.partner_link_referral, name="partner-link"),
    path("refer-yourself/<str:code>/", views.self_referral, name="self"),
    path("status/<str:key>/", views.referral_status, name="status"),
]
