"""The one door into `cohorts`: what other pages need to know about a person and cohorts."""

from .queries import may_run_cohorts

__all__ = ["may_run_cohorts"]
