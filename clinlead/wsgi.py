"""The WSGI application gunicorn serves. Serving is production, so production settings are the default here.

Without DJANGO_SETTINGS_MODULE this refuses to start until production's variables are set (production_checks.py),
instead of quietly running with DEBUG on and a generated key. `make run` serves through manage.py runserver,
which keeps the development default.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinlead.settings.production")
application = get_wsgi_application()
