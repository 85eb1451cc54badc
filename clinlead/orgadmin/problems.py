"""Problems the registry or the roles found with a form, put on the field they are about."""

from collections.abc import Iterable

from django import forms

from clinlead.organisations import api as organisations


def sentence(message: str) -> str:
    """A message as the NHS error summary shows it: starting with a capital letter."""
    return message[:1].upper() + message[1:]


def add_problems(form: forms.Form, problems: Iterable[organisations.Problem]) -> None:
    """Each problem on its field (a registry file's column is a form field of the same name), or on the form."""
    for problem in problems:
        form.add_error(problem.column if problem.column in form.fields else None, sentence(problem.message))
