from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/two-factor/", views.two_factor, name="two-factor"),
    path("sign-in/set-up-two-factor/", views.set_up_two_factor, name="set-up-two-factor"),
    path("sign-in/enrol/<str:token>/", views.enrol, name="enrol"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("account/password/", views.change_password, name="change-password"),
    path("users/", views.users_and_teams, name="users"),
    path("users/new/", views.user_new, name="user-new"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user-unlock"),
    path("teams/new/", views.team_new, name="team-new"),
    path("teams/<int:pk>/", views.team_edit, name="team-edit"),
    path("users/<int:pk>/enrolment-link/", views.user_enrolment_link, name="user-enrolment-link"),
    path(
        "users/<int:pk>/reset-two-factor/",
        views.user_reset_two_factor,
        name="user-reset-two-factor",
    ),
    path("users/<int:pk>/reset-password/", views.user_reset_password, name="user-reset-password"),
    path("users/<int:pk>/hours/", views.user_hours, name="user-hours"),
]
