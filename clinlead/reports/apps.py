from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports for managers (`/reports/`): who in their organisations has done what, filtered, summed up, drawn as
    accessible charts and downloaded as CSV or Excel."""

    name = "clinlead.reports"

    def ready(self) -> None:
        # The catalogue announces a publish and reports forgets its syllabus (syllabus.py), rather than the
        # catalogue knowing about reports.
        from clinlead.catalogue.api import content_published

        from .syllabus import content_published as forget_syllabus

        content_published.connect(forget_syllabus, dispatch_uid="reports.syllabus")
