"""Document metadata: title, author (the committee), language zh-CN; archival copies are PDF/A."""

import xml.etree.ElementTree as ET

from consultation import records
from tests.consultation.pdf import conftest as c
from tests.consultation.pdf.helpers import reader, xmp

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def pdfa_id(content):
    """(part, conformance) from the XMP packet, or None when the file claims no PDF/A level."""
    packet = xmp(content)
    if not packet:
        return None
    for description in ET.fromstring(packet[packet.index("<x:xmpmeta") : packet.index("</x:xmpmeta>") + 12]).iter(
        f"{RDF}Description"
    ):
        if f"{PDFAID}part" in description.attrib:
            return description.attrib[f"{PDFAID}part"], description.attrib[f"{PDFAID}conformance"]
    return None


def test_minutes_metadata(minutes_v1, approved_session):
    pdf = reader(minutes_v1)
    assert pdf.metadata.title == "2026年11月议事日会议纪要"
    assert pdf.metadata.author == c.COMMITTEE
    assert pdf.metadata.subject == f"{approved_session.document_number} 2026年11月议事日会议纪要"
    assert pdf.trailer["/Root"]["/Lang"] == "zh-CN"


def test_notice_metadata(notice_v1):
    pdf = reader(notice_v1)
    assert (pdf.metadata.title, pdf.metadata.author) == (c.NOTICE_TITLE, c.COMMITTEE)
    assert pdf.trailer["/Root"]["/Lang"] == "zh-CN"


def test_the_author_follows_the_committees_name(_community, voted_session):
    _community.committee_name = "榕溪街道花石社区居民委员会"
    _community.save()
    rendered, _ = records.render_fresh(voted_session)
    assert reader(rendered.content).metadata.author == "榕溪街道花石社区居民委员会"


def test_frozen_minutes_are_pdf_a_2u(minutes_v1):
    assert pdfa_id(minutes_v1) == ("2", "U")
    assert "/OutputIntents" in reader(minutes_v1).trailer["/Root"]


def test_frozen_notices_are_pdf_a_2u(notice_v1):
    assert pdfa_id(notice_v1) == ("2", "U")


def test_drafts_claim_no_pdf_a_level(draft_minutes):
    assert pdfa_id(draft_minutes) is None
