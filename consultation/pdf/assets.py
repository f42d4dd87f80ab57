"""Images inside the PDFs, inlined as data: URLs: the committee's seal and QR codes."""

import base64
import logging

import segno
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
SEAL_RENDITION = "max-600x600|format-png"


def qr_data_uri(url):
    """A QR code (SVG, so it stays sharp on paper) that a phone opens as `url`."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def seal_data_uri(community_settings):
    """(data: URL of the seal, None) — or (None, why not) when a seal is set but cannot be read.

    No seal set is not a problem: the notice prints without one (the paper copy is then sealed by
    hand). A seal whose file has gone is reported, so the committee can upload it again."""
    image = community_settings.seal_image
    if image is None:
        return None, None
    try:
        rendition = image.get_rendition(SEAL_RENDITION)
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except Exception as error:  # a missing or unreadable file, in any storage backend
        logger.warning("seal image %s unreadable: %s", image.pk, error)
        return None, _(
            "印章图片“%(title)s”的文件无法读取，本次生成的文件没有印章。请在“设置 → 社区信息”重新上传印章。"
        ) % {"title": image.title}
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii"), None
