"""HTML → PDF with WeasyPrint: the document's own font subsets, its metadata, PDF/A on request.

Nothing is fetched while rendering: the font subsets are answered from memory, the seal and QR
codes are data: URLs, and every other URL is refused, so a document can never reach the network
or the file system through a URL in its content.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from consultation.pdf import fonts


class RenderError(RuntimeError):
    """A document that could not be made; the message is for the committee, in Chinese."""


@dataclass(frozen=True)
class Rendered:
    content: bytes
    missing_glyphs: frozenset
    pdf_variant: str

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()


def document_fetcher(files):
    """A URL fetcher that answers the font subsets' URLs from memory and data: URLs, and refuses
    everything else. (WeasyPrint is imported on first use: it loads Pango.)"""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class DocumentFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url in files:
                return URLFetcherResponse(url, body=files[url], headers={"Content-Type": "font/otf"})
            return super().fetch(url, headers)

    return DocumentFetcher(allowed_protocols={"data"})


def html_to_pdf(html, archival=False):
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    try:
        document_fonts = fonts.for_document(html)
    except fonts.FontsMissing as error:
        raise RenderError(str(error)) from error
    font_config = FontConfiguration()
    fetcher = document_fetcher(document_fonts.files)
    stylesheet = CSS(string=document_fonts.css, font_config=font_config, url_fetcher=fetcher)
    variant = settings.PDF_ARCHIVE_VARIANT if archival else ""
    content = HTML(string=html, url_fetcher=fetcher, base_url="data:,").write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        # The fonts are already subset to this document's characters (consultation.pdf.fonts).
        full_fonts=True,
        pdf_variant=variant or None,
    )
    return Rendered(content=content, missing_glyphs=frozenset(document_fonts.missing), pdf_variant=variant)


def render(template_name, context, archival=False):
    return html_to_pdf(render_to_string(template_name, context), archival=archival)
