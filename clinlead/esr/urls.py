from django.urls import path

from . import views

app_name = "esr"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:organisation_id>/", views.organisation, name="organisation"),
    path("<int:organisation_id>/completions.csv", views.completions_csv, name="completions-csv"),
    path("<int:organisation_id>/tokens/", views.token_list, name="tokens"),
    path("<int:organisation_id>/tokens/<int:token_id>/revoke/", views.revoke, name="revoke"),
    path("<int:organisation_id>/reconciliation/", views.reconciliation_page, name="reconciliation"),
    path(
        "<int:organisation_id>/reconciliation/<slug:kind>.csv",
        views.reconciliation_download,
        name="reconciliation-csv",
    ),
]
