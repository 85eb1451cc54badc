import os

from django.contrib import admin
from django.urls import include, path

from clinlead import benchviews
from clinlead.accounts.api import secured_admin_site
from clinlead.csp_report import csp_report
from clinlead.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("csp-report", csp_report, name="csp-report"),
    path("admin/", secured_admin_site(admin.site).urls),  # sign-in through allauth, two-factor required (0011)
    path("accounts/", include("clinlead.accounts.urls", namespace="accounts")),
    path("accounts/sign-in/", include("clinlead.sso.urls", namespace="sso")),
    path("accounts/", include("clinlead.sso.account_urls")),  # before allauth's: its sign-out, then single logout
    path("accounts/", include("allauth.urls")),
    path("my-learning/", include("clinlead.mylearning.urls", namespace="mylearning")),
    path("certificates/", include("clinlead.certificates.urls", namespace="certificates")),
    path("search/", include("clinlead.search.urls", namespace="search")),
    # Single sign-on's set-up, for platform administrators, among the registry's pages (sso/manage_urls.py).
    path("organisations/sign-in/", include("clinlead.sso.manage_urls", namespace="sso-manage")),
    path("organisations/", include("clinlead.orgadmin.urls", namespace="orgadmin")),
    path("staff/", include("clinlead.workforce.urls", namespace="workforce")),
    path("cohorts/", include("clinlead.cohorts.urls", namespace="cohorts")),
    path("", include("clinlead.sharing.urls", namespace="sharing")),  # /my-learning/sharing/, /shared-with-me/
    path("esr/", include("clinlead.esr.urls", namespace="esr")),
    path("api/esr/v1/", include("clinlead.esr.api_urls", namespace="esr-api")),
    path("reports/", include("clinlead.reports.urls", namespace="reports")),
    path("xapi/", include("clinlead.lrs.urls", namespace="lrs")),  # the Learning Record Store (0029)
    path("", include("clinlead.player.urls", namespace="player")),
    path("", include("clinlead.website.urls", namespace="website")),
]

if os.environ.get("CLINLEAD_BENCH_ENDPOINTS") == "1":
    urlpatterns += [
        path("bench/ok", benchviews.ok),
        path("bench/insert", benchviews.insert_one_row),
    ]

# The pages shown when something goes wrong, in the service's own layout (clinlead/errors.py).
handler403 = "clinlead.errors.forbidden"
handler404 = "clinlead.errors.not_found"
handler500 = "clinlead.errors.server_error"
