"""The one door into `cohorts`: what other apps and tests may ask of it."""

from .queries import may_run_cohorts
from .services import add_members, create_cohort

__all__ = ["add_members", "create_cohort", "may_run_cohorts"]
