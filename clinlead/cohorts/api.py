"""The one door into `cohorts`: what other apps and tests may ask of it."""

from .queries import may_run_cohorts
from .services import create_cohort

__all__ = ["create_cohort", "may_run_cohorts"]
