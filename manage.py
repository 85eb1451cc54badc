#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # manage.py is the developer's tool (make run, migrate, loadcontent), so it keeps the development settings
    # by default, and says so: on a server a forgotten DJANGO_SETTINGS_MODULE shows at once instead of quietly
    # migrating var/clinlead.sqlite3. Serving (clinlead.wsgi) defaults to production. See docs/decisions/0015.
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        print(
            "manage.py: using the development settings (clinlead.settings.base). "
            "On a server, set DJANGO_SETTINGS_MODULE=clinlead.settings.production.",
            file=sys.stderr,
        )
        os.environ["DJANGO_SETTINGS_MODULE"] = "clinlead.settings.base"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
