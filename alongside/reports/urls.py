from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report, name="index"),
    path("report.pdf", views.report_pdf_view, name="pdf"),
    path("report.xlsx", views.report_xlsx_view, name="xlsx"),
    path("settings/", views.settings_page, name="settings"),
    path("steering/", views.steering, name="steering"),
    path("steering/<int:pk>/report.pdf", views.steering_pdf, name="steering-pdf"),
    path("steering/<int:pk>/report.xlsx", views.steering_xlsx, name="steering-xlsx"),
    path("networks/", views.networks, name="networks"),
    path("networks/<int:pk>/", views.network_report, name="network"),
    path("networks/manage/", views.network_manage_list, name="network-manage"),
    path("networks/<int:pk>/manage/", views.network_manage, name="network-manage-one"),
    path(
        "networks/<int:pk>/manage/invitations/<int:invitation>/withdraw/",
        views.network_invitation_withdraw_page,
        name="network-invitation-withdraw",
    ),
    path("taking-part/", views.participation, name="participation"),
]
