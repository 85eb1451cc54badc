"""`manage.py lrsclient create NAME --scope statements/write --scope statements/read [--organisation ID]`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinlead.lrs.clients import SCOPES, BadScope, make_client


class Command(BaseCommand):
    help = "Make a client of the Learning Record Store; prints its key and secret, which are shown only once."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="make a client")
        create.add_argument("name")
        create.add_argument("--scope", action="append", default=[], help=f"one of {', '.join(SCOPES)}; repeatable")
        create.add_argument("--organisation", type=int, default=None, help="the organisation's id, if any")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            client, secret = make_client(options["name"], options["scope"], options["organisation"])
        except BadScope as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"client: {client.name} ({' '.join(sorted(client.scopes))})")
        self.stdout.write(f"key:    {client.key}")
        self.stdout.write(f"secret: {secret}")
        self.stdout.write("The secret is not stored and cannot be shown again.")
