"""Reference endpoints for `make bench`, mounted only when CLINLEAD_BENCH_ENDPOINTS=1.

The baseline is the cheapest thing Django can do; the insert view is the cheapest possible write
to the same database, so the player's figures can be read as ratios to them.
"""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
def insert_one_row(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_row (note) VALUES (%s)", ["bench"])
    return HttpResponse("ok", content_type="text/plain")
