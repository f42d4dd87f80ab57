"""Serving minutes and notices as PDF: frozen versions straight from storage, drafts rendered afresh."""

import logging

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from consultation import records
from consultation.pdf.render import RenderError

logger = logging.getLogger(__name__)
VERSION_MAX_AGE = 365 * 24 * 3600  # a numbered version never changes


def unavailable(request, message):
    return TemplateResponse(request, "consultation/pdf_unavailable.html", {"error": message}, status=503)


def serve_version(request, version, filename, cache_control):
    """A stored version; its hash is its ETag, so a reader who has it already gets a 304."""
    etag = f'"{version.sha256}"'
    if (not_modified := get_conditional_response(request, etag=etag)) is not None:
        not_modified["ETag"] = etag  # 304 for a matching, weak, listed or * If-None-Match
        return not_modified
    try:
        handle = version.file.open("rb")
    except OSError:
        logger.exception("stored record %s (%s) cannot be read", version.pk, version.file.name)
        return unavailable(request, _("存档文件暂时无法读取，社区已收到通知。"))
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


def serve_fresh(request, owner):
    try:
        rendered, _warnings = records.render_fresh(owner)
    except Exception as error:  # a missing font, Pango, a template: never a bare 500 for a document
        logger.exception("rendering %s failed", owner)
        message = str(error) if isinstance(error, RenderError) else _("文件生成时出错，社区已收到通知。")
        return unavailable(request, message)
    response = HttpResponse(rendered.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, records.filename(owner))
    response["Cache-Control"] = "no-cache"
    return response


def serve(request, owner, number=None, public=False):
    """Version `number` of `owner`'s PDF; without a number the current one: the latest frozen
    version of a record (revalidated on every use, since a correction replaces it), or a fresh
    rendering of a draft. Public URLs ignore query strings, so a draft is rendered once per change
    of the records and then served from the page cache, however the URL is decorated."""
    if public and request.GET:
        return redirect(request.path)
    if number is not None:
        version = get_object_or_404(records.versions(owner), number=number)
        return serve_version(
            request, version, records.filename(owner, number), f"public, max-age={VERSION_MAX_AGE}, immutable"
        )
    version = records.latest(owner) if records.is_frozen(owner) else None
    if version is not None:
        return serve_version(request, version, records.filename(owner, version.number), "no-cache")
    return serve_fresh(request, owner)
