from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    # Public: leaving quickly, signing in, an invitation.
    path("portal/leave/", views.leave, name="leave"),
    path("portal/sign-in/", views.sign_in, name="sign-in"),
    path("portal/invitation/<str:token>/", views.invitation, name="invitation"),
    # Between the password and the security code.
    path("portal/sign-in/security-code/", views.two_factor, name="two-factor"),
    path("portal/sign-in/set-up/", views.set_up, name="set-up"),
    path("portal/sign-in/set-up/app/", views.set_up_app, name="set-up-app"),
    path("portal/sign-in/set-up/email/", views.set_up_email, name="set-up-email"),
    # The parent's own pages: never a parent's id in the address.
    path("portal/", views.plan, name="plan"),
    path("portal/goals/<int:pk>/your-view/", views.goal_view, name="goal-view"),
    path("portal/achievements/", views.achievements, name="achievements"),
    path("portal/achievements/new/", views.achievement_new, name="achievement-new"),
    path("portal/achievements/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("portal/wellbeing/", views.wellbeing, name="wellbeing"),
    path("portal/wellbeing/wheel/", views.wellbeing_new, name="wellbeing-new"),
    path("portal/wellbeing/asked/<int:pk>/", views.measure_answer, name="measure-answer"),
    path("portal/wellbeing/asked/<int:pk>/thank-you/", views.measure_thanks, name="measure-thanks"),
    path("portal/shared/", views.shared, name="shared"),
    path("portal/shared/<int:pk>/stop/", views.consent_withdraw, name="consent-withdraw"),
    path("portal/my-information/", views.information, name="information"),
    path(
        "portal/my-information/download/",
        views.information_download,
        name="information-download",
    ),
    path("portal/messages/", views.conversation, name="messages"),
    path("portal/sign-in-settings/", views.account, name="account"),
    path("portal/sign-in-settings/password/", views.change_password, name="change-password"),
    # The worker's side.
    path("parents/<int:pk>/invite-to-their-space/", views.invite, name="invite"),
    path("parents/<int:pk>/messages/", views.worker_messages, name="worker-messages"),
    path("parents/<int:pk>/send-a-measure/", views.measure_send, name="measure-send"),
    path(
        "parents/measures-sent/<int:pk>/withdraw/",
        views.measure_withdraw,
        name="measure-withdraw",
    ),
    path("parents/notices/<int:pk>/dealt-with/", views.notice_done, name="notice-done"),
]
