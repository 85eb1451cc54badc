"""`manage.py grantrole EMAIL ROLE [ORGANISATION_CODE]`: give a person a role from the command line.

The pages grant roles only to those who already hold the right to (docs/decisions/0020); the first platform
administrator of a new installation has nobody to grant it, so it starts here.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinlead.organisations.models import Organisation, RoleGrant


class Command(BaseCommand):
    help = "Give the person with this email address a role at an organisation (platform-administrator: none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("role", choices=[choice.value for choice in RoleGrant.Role])
        parser.add_argument("organisation_code", nargs="?", default="")

    def handle(self, *args: Any, email: str, role: str, organisation_code: str, **options: Any) -> None:
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Nobody has an account with the address {email}: they must register first.")
        platform = role == RoleGrant.Role.PLATFORM_ADMINISTRATOR
        if platform and organisation_code:
            raise CommandError("A platform administrator's role covers the whole service: give no organisation code.")
        if not platform and not organisation_code:
            raise CommandError(f"Say where: manage.py grantrole {email} {role} ORGANISATION_CODE")
        organisation = None
        if organisation_code:
            organisation = Organisation.objects.filter(code=organisation_code.strip().upper()).first()
            if organisation is None:
                raise CommandError(f"No organisation has the code {organisation_code}: load the registry first.")
        _, created = RoleGrant.objects.get_or_create(user=user, organisation=organisation, role=role)
        where = f" at {organisation.name} ({organisation.code})" if organisation else ""
        self.stdout.write(f"{email} {'now holds' if created else 'already held'} the role {role}{where}.")
