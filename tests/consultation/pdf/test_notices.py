"""Public notices (公示) as printed: title, body, display window, how to object (phone, place, the
online link and its QR code), issuing body and date, the seal when one is set; the quarterly review
as a table of every proposal of the quarter, repeated header on each page (README.md, "Minutes and
notices as PDF")."""

import pytest
from django.utils import timezone

from consultation import noticeboard, records
from consultation.models import Notice, Proposal
from consultation.pdf import assets, documents
from tests.consultation import factories as f
from tests.consultation.helpers import cn
from tests.consultation.pdf import conftest as c
from tests.consultation.pdf.helpers import assert_in_order, flat, images, page_texts, pdf_text

HEADER_START, HEADER_END = "序号编号议题", "办理结果"  # the header row of the quarterly table


def test_the_notice_reads_in_order(notice_v1, published_notice):
    assert_in_order(
        pdf_text(notice_v1),
        [
            c.COMMITTEE,
            published_notice.document_number,
            c.NOTICE_TITLE,
            "2026年11月2日，花石社区议事日对3号楼加装电梯议题进行协商表决，决议通过。",
            "决议内容：同意在3号楼东侧加装电梯一部。",
            "公示期：2026年11月24日至2026年11月30日。",
            f"电话：{c.PHONE}；",
            f"当面反映：{c.ADDRESS}，{c.OFFICE_HOURS}；",
            "网上提交：扫描右侧二维码，或访问",
            c.COMMITTEE,
            cn(timezone.localdate(published_notice.published_at)),
        ],
    )


def test_publishing_numbers_the_notice(published_notice):
    assert published_notice.document_number == "花石社议〔2026〕1号"


def test_the_online_link_is_the_notices_page(notice_v1, published_notice):
    url = "http://localhost" + published_notice.get_absolute_url()
    assert f"访问{url}。" in flat(pdf_text(notice_v1))


def test_the_qr_code_opens_the_notices_page(published_notice):
    context = documents.notice_context(published_notice)
    assert context["url"] == "http://localhost" + published_notice.get_absolute_url()
    assert context["qr"] == assets.qr_data_uri(context["url"])
    assert context["qr"].startswith("data:image/svg+xml")


def test_the_notice_prints_no_objection_channel_it_does_not_have(unpublished_notice, _community, secretary):

    _community.phone = ""
    _community.save()
    noticeboard.publish(unpublished_notice, secretary)
    text = flat(pdf_text(records.render_fresh(unpublished_notice)[0].content))
    assert "电话：" not in text
    assert "当面反映：" in text


# -- the seal --------------------------------------------------------------------------------------------


@pytest.fixture
def seal(_community):
    import wagtail_factories

    image = wagtail_factories.ImageFactory(title="花石社区居民委员会印章")
    _community.seal_image = image
    _community.save()
    return image


def test_without_seal_the_notice_has_no_image(notice_v1):
    assert images(notice_v1) == []


def test_the_seal_is_printed_when_set(seal, unpublished_notice, secretary):

    noticeboard.publish(unpublished_notice, secretary)
    content = records.render_fresh(unpublished_notice)[0].content
    assert len(images(content)) == 1


def test_seal_data_uri_without_a_seal_is_no_problem(_community):
    assert assets.seal_data_uri(_community) == (None, None)


def test_seal_data_uri_gives_the_png(seal, _community):
    uri, problem = assets.seal_data_uri(_community)
    assert uri.startswith("data:image/png;base64,") and problem is None


@pytest.fixture
def lost_seal(seal):
    """The seal's image row is there, its file has gone from storage (and no rendition was made)."""
    seal.file.storage.delete(seal.file.name)
    assert not seal.renditions.exists()
    return seal


def test_a_lost_seal_file_is_reported_in_chinese(lost_seal, _community):
    uri, problem = assets.seal_data_uri(_community)
    assert uri is None
    assert problem == (
        "印章图片“花石社区居民委员会印章”的文件无法读取，本次生成的文件没有印章。请在“设置 → 社区信息”重新上传印章。"
    )


def test_a_lost_seal_file_still_gives_the_notice(lost_seal, unpublished_notice, secretary):

    noticeboard.publish(unpublished_notice, secretary)
    version = records.latest(unpublished_notice)
    assert version is not None and version.number == 1
    with version.file.open("rb") as handle:
        content = handle.read()
    assert images(content) == []
    assert_in_order(pdf_text(content), [c.NOTICE_TITLE, "公示期：", c.COMMITTEE])


def test_a_lost_seal_file_is_a_warning_of_the_fresh_render(lost_seal, unpublished_notice):
    rendered, warnings = records.render_fresh(unpublished_notice)
    assert len(warnings) == 1 and "重新上传印章" in warnings[0]
    assert rendered.content.startswith(b"%PDF-")


# -- quarterly review ---------------------------------------------------------------------------------------


def printed_row(row):
    """A row of the quarterly table as the text runs in the PDF (cells left to right)."""
    proposal = row["proposal"]
    return f"{row['number']}{proposal.tracking_number}{proposal.title}{row['stage']}{row['state']}{row['outcome']}"


def test_the_quarterly_review_lists_every_proposal_of_the_quarter_in_order(quarterly_v1, quarterly_notice):
    notice, proposals = quarterly_notice
    text = flat(pdf_text(quarterly_v1))
    for proposal in proposals:
        assert text.count(proposal.title) == 1, proposal.title
    assert_in_order(text, [HEADER_START, HEADER_END] + [printed_row(row) for row in documents.quarter_rows(notice)])
    assert "上季度的议题不应列入" not in text


def test_the_quarterly_rows_are_the_quarters_proposals_with_stage_and_state(quarterly_notice):
    notice, proposals = quarterly_notice
    rows = documents.quarter_rows(notice)
    assert [row["proposal"].pk for row in rows] == [p.pk for p in proposals]
    assert [row["number"] for row in rows] == list(range(1, c.QUARTER_SIZE + 1))
    assert {(row["stage"], row["state"]) for row in rows} == {("提议", "已受理")}


def test_a_long_table_repeats_its_header_on_every_page(quarterly_v1, quarterly_notice):
    _, proposals = quarterly_notice
    pages = page_texts(quarterly_v1)
    table_pages = [text for text in pages if any(p.title in text for p in proposals)]
    assert len(table_pages) >= 2
    for text in table_pages:
        first_row = min(text.index(p.title) for p in proposals if p.title in text)
        assert 0 <= text.find(HEADER_START) < text.find(HEADER_END) < first_row


def test_the_quarterly_review_lists_what_its_sessions_deliberated(voted_session):
    """Proposals submitted earlier but voted on at a 议事日 of the quarter are listed too, with
    their stage and result."""
    submitted = f.at(2026, 8, 20, 9)
    Proposal.objects.filter(agenda_items__session=voted_session).update(submitted_at=submitted)
    notice = f.NoticeFactory(
        kind=Notice.Kind.QUARTERLY,
        title="关于2026年第4季度议题办理情况的公示",
        body="办理情况如下。",
        period_year=2026,
        period_quarter=4,
        starts_on=c.NOTICE_STARTS,
        ends_on=c.NOTICE_ENDS,
    )
    rows = documents.quarter_rows(notice)
    # by tracking number, that is in the order the proposals were made (see agenda_session)
    assert [(r["proposal"].title, r["stage"], r["state"]) for r in rows] == [
        (c.TITLES[2], "商议", "决议通过"),
        (c.TITLES[0], "商议", "决议通过"),
        (c.TITLES[1], "商议", "未通过"),
    ]
    assert_in_order(pdf_text(records.render_fresh(notice)[0].content), [printed_row(row) for row in rows])
