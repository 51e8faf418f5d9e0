from django.urls import include, path

from alongside.api import views as api_views
from alongside.casework.views import home
from alongside.core import views as core_views

urlpatterns = [
    path("", home, name="home"),
    path("health/", core_views.health, name="health"),
    path("session/keep-alive/", core_views.keep_alive, name="keep-alive"),
    path("drafts/save/", core_views.draft_save_view, name="draft-save"),
    path("drafts/discard/", core_views.draft_discard_view, name="draft-discard"),
    path("", include("alongside.accounts.urls")),
    path("parents/", include("alongside.people.urls")),
    path("referrals/", include("alongside.referrals.urls")),
    path("api/", api_views.api_urls()),
    path("api/docs/", api_views.api_docs, name="api-docs"),
    path("partner-api/", include("alongside.api.urls")),
    path("episodes/", include("alongside.casework.urls")),
    path("population/", include("alongside.population.urls")),
    path("plans/", include("alongside.plans.urls")),
    path("measures/", include("alongside.measures.urls")),
    path("programmes/", include("alongside.programmes.urls")),
    path("directory/", include("alongside.directory.urls")),
    path("reports/", include("alongside.reports.urls")),
    path("", include("alongside.sharing.urls")),
    path("", include("alongside.portal.urls")),
    path("", include("alongside.workbook.urls")),
]

handler400 = "alongside.core.views.bad_request"
handler403 = "alongside.core.views.permission_denied"
handler404 = "alongside.core.views.page_not_found"
handler500 = "alongside.core.views.server_error"
