from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports for managers (`/reports/`): who in their organisations has done what, filtered, summed up, drawn as
    accessible charts and downloaded as CSV or Excel."""

    name = "clinlead.reports"
