"""Serving minutes and notices as PDF: frozen versions straight from storage, drafts rendered afresh."""
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header

from consultation import records
from consultation.pdf.render import RenderError

FROZEN_MAX_AGE = 3600


def serve_version(request, version, filename):
    """A stored version: its hash is its ETag, so a reader who has it gets a 304."""
    etag = f'"{version.sha256}"'
    if (not_modified := get_conditional_response(request, etag=etag)) is not None:
        not_modified["ETag"] = etag  # 304 for a matching, weak, listed or * If-None-Match
        return not_modified
    response = FileResponse(version.file.open("rb"), content_type="application/pdf", filename=filename)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={FROZEN_MAX_AGE}"
    return response


def serve_fresh(request, owner):
    try:
        rendered, _warnings = records.render_fresh(owner)
    except RenderError as error:
        return TemplateResponse(request, "consultation/pdf_unavailable.html", {"error": str(error)}, status=503)
    response = HttpResponse(rendered.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, records.filename(owner))
    response["Cache-Control"] = "no-cache"
    return response


def serve(request, owner, number=None):
    """Version `number` of `owner`'s PDF; without a number the current one: the latest frozen
    version of a record, or a fresh rendering of a draft."""
    if number is not None:
        version = get_object_or_404(records.versions(owner), number=number)
        return serve_version(request, version, records.filename(owner, number))
    version = records.latest(owner) if records.is_frozen(owner) else None
    if version is not None:
        return serve_version(request, version, records.filename(owner, version.number))
    return serve_fresh(request, owner)
