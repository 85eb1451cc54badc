"""Downloading one's own certificates, and the public verification page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from clinlead.accounts.api import signed_in_user_id

from . import api


@login_required
def download(request: HttpRequest, number: str) -> HttpResponse:
    pdf = api.certificate_pdf(signed_in_user_id(request), number)
    if pdf is None:  # someone else's, or no such number: the same answer, so neither can be probed
        raise Http404("no such certificate in your learning")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{number}.pdf"'
    return response


def verify(request: HttpRequest) -> HttpResponse:
    typed = request.GET.get("number", "").strip()[:64]
    result = api.verify(typed) if typed else None
    context = {"typed": typed, "result": result, "page_title": "Check a certificate"}
    return render(request, "certificates/verify.html", context, status=404 if typed and result is None else 200)
