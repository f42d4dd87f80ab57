"""The public PDF downloads: /consultation/sessions/<pk>/minutes.pdf and /consultation/notices/<pk>/notice.pdf
serve the latest frozen version from storage (ETag = its SHA-256, 304 when the reader has it) or a
fresh draft; every version stays downloadable at its own URL; the session and notice pages list
the versions with their hashes; what is not public answers 404."""

import hashlib

import pytest
from django.urls import reverse

from consultation import deliberation, noticeboard, records
from consultation.models import Notice, Session
from tests.consultation.helpers import minutes_url
from tests.consultation.pdf import conftest as c
from tests.consultation.pdf.helpers import flat, pdf_text


def notice_url(notice, number=None):
    if number is None:
        return reverse("consultation:notice_pdf", args=(notice.pk,))
    return reverse("consultation:notice_pdf_version", args=(notice.pk, number))


def body(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content


def etag(content):
    return f'"{hashlib.sha256(content).hexdigest()}"'


# -- minutes ------------------------------------------------------------------------------------------------


def test_the_minutes_url_serves_the_frozen_version(client, approved_session, minutes_v1):
    response = client.get(minutes_url(approved_session))
    assert body(response) == minutes_v1
    assert response["ETag"] == etag(minutes_v1)
    assert "第1版" in response["Content-Disposition"] or "%E7%AC%AC1%E7%89%88" in response["Content-Disposition"]


def test_the_frozen_minutes_do_not_change_when_the_session_is_edited(client, approved_session, minutes_v1, secretary):
    item = approved_session.agenda_items.order_by("sort_order").first()
    deliberation.record_opinions(item, secretary, "审定之后改写的意见。")
    session = Session.objects.get(pk=approved_session.pk)
    session.venue = "另一间会议室"
    session.save()
    response = client.get(minutes_url(approved_session))
    assert body(response) == minutes_v1 and response["ETag"] == etag(minutes_v1)


def test_if_none_match_with_the_hash_answers_304(client, approved_session, minutes_v1):
    response = client.get(minutes_url(approved_session), HTTP_IF_NONE_MATCH=etag(minutes_v1))
    assert response.status_code == 304
    assert response["ETag"] == etag(minutes_v1)
    assert response.content == b""


def test_if_none_match_with_another_hash_gets_the_file(client, approved_session, minutes_v1):
    response = client.get(minutes_url(approved_session), HTTP_IF_NONE_MATCH=etag(b"another file"))
    assert body(response) == minutes_v1


def test_if_none_match_with_a_list_of_tags_answers_304(client, approved_session, minutes_v1):
    """If-None-Match may carry several entity tags, weak or strong (RFC 9110, 13.1.2): the file is
    not sent again when any of them is the file's."""
    tags = f"{etag(b'an older copy')}, W/{etag(minutes_v1)}"
    assert client.get(minutes_url(approved_session), HTTP_IF_NONE_MATCH=tags).status_code == 304


def test_after_a_correction_the_minutes_url_serves_version_2_and_version_1_stays(
    client, approved_session, minutes_v1, secretary
):
    records.correct(approved_session, secretary, "补正各方意见。")
    v2 = records.latest(approved_session)
    current = body(client.get(minutes_url(approved_session)))
    assert hashlib.sha256(current).hexdigest() == v2.sha256 != hashlib.sha256(minutes_v1).hexdigest()
    assert "（第2版更正说明：补正各方意见。）" in flat(pdf_text(current))
    first = client.get(minutes_url(approved_session, 1))
    assert body(first) == minutes_v1 and first["ETag"] == etag(minutes_v1)
    assert client.get(minutes_url(approved_session, 2))["ETag"] == f'"{v2.sha256}"'


def test_a_version_that_does_not_exist_is_404(client, approved_session):
    assert client.get(minutes_url(approved_session, 2)).status_code == 404


def test_draft_minutes_are_rendered_afresh_with_the_watermark(client, voted_session, secretary):
    first = body(client.get(minutes_url(voted_session)))
    assert "草稿" in flat(pdf_text(first))
    item = voted_session.agenda_items.order_by("sort_order").first()
    deliberation.record_opinions(item, secretary, "草稿阶段补充的意见。")
    second = client.get(minutes_url(voted_session))
    assert "草稿阶段补充的意见。" in flat(pdf_text(body(second)))
    assert "ETag" not in second


def test_the_frozen_minutes_have_no_watermark(client, approved_session):
    assert "草稿" not in flat(pdf_text(body(client.get(minutes_url(approved_session)))))


def test_minutes_of_a_planned_session_are_404(client, agenda_session):
    session, _items = agenda_session
    assert client.get(minutes_url(session)).status_code == 404


def test_minutes_of_a_cancelled_session_are_404(client, db):
    session = c.make_session(status=Session.Status.CANCELLED)
    assert client.get(minutes_url(session)).status_code == 404


def test_draft_minutes_of_a_held_session_without_agenda_render(client, db):
    session = c.make_session(status=Session.Status.HELD)
    assert "本次议事日没有列入议程的议题。" in flat(pdf_text(body(client.get(minutes_url(session)))))


def test_the_session_page_lists_each_version_with_its_hash(client, approved_session, secretary):
    records.correct(approved_session, secretary, "补正各方意见。")
    html = client.get(approved_session.get_absolute_url()).content.decode()
    for version in records.versions(approved_session):
        assert version.sha256 in html
        assert f'href="{minutes_url(approved_session, version.number)}"' in html
    assert "补正各方意见。" in html


def test_a_correction_shows_on_the_cached_session_page_at_once(client, approved_session, secretary):
    """Anonymous visitors get the page from the page cache; a new version must replace it."""
    url = approved_session.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    records.correct(approved_session, secretary, "补正各方意见。")
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert records.latest(approved_session).sha256 in response.content.decode()


def test_the_session_page_of_a_draft_links_the_draft(client, voted_session):
    html = client.get(voted_session.get_absolute_url()).content.decode()
    assert f'href="{minutes_url(voted_session)}"' in html


# -- notices ------------------------------------------------------------------------------------------------


def test_the_notice_url_serves_the_frozen_version(client, published_notice, notice_v1):
    response = client.get(notice_url(published_notice))
    assert body(response) == notice_v1 and response["ETag"] == etag(notice_v1)
    assert client.get(notice_url(published_notice), HTTP_IF_NONE_MATCH=etag(notice_v1)).status_code == 304


def test_an_unpublished_notice_is_404(client, unpublished_notice):
    assert client.get(notice_url(unpublished_notice)).status_code == 404
    assert client.get(notice_url(unpublished_notice, 1)).status_code == 404


def test_a_notice_correction_keeps_version_1_downloadable(client, published_notice, notice_v1, secretary):
    Notice.objects.filter(pk=published_notice.pk).update(body="更正后的正文。")
    records.correct(Notice.objects.get(pk=published_notice.pk), secretary, "正文有误，予以更正。")
    assert "更正后的正文。" in flat(pdf_text(body(client.get(notice_url(published_notice)))))
    assert body(client.get(notice_url(published_notice, 1))) == notice_v1


def test_the_notice_page_lists_each_version_with_its_hash(client, published_notice, secretary):
    records.correct(published_notice, secretary, "正文有误，予以更正。")
    html = client.get(published_notice.get_absolute_url()).content.decode()
    for version in records.versions(published_notice):
        assert version.sha256 in html
        assert f'href="{notice_url(published_notice, version.number)}"' in html


def test_a_notice_with_a_lost_seal_file_downloads(client, _community, unpublished_notice, secretary):
    import wagtail_factories

    seal = wagtail_factories.ImageFactory(title="印章")
    seal.file.storage.delete(seal.file.name)
    _community.seal_image = seal
    _community.save()
    noticeboard.publish(unpublished_notice, secretary)
    content = body(client.get(notice_url(unpublished_notice)))
    assert c.NOTICE_TITLE in flat(pdf_text(content))


@pytest.mark.parametrize("name", ["minutes", "notice"])
def test_the_pdfs_belong_to_their_community(
    client, name, approved_session, published_notice, other_community, settings
):
    """Asked for on another community's host, a record of 花石社区 is not found."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "qingxi.example.org"]
    url = minutes_url(approved_session) if name == "minutes" else notice_url(published_notice)
    assert client.get(url, HTTP_HOST="qingxi.example.org").status_code == 404
