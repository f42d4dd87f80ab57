"""Downloading minutes and notices as residents do: caching headers, decorated URLs, a stored
file gone missing, and the PDF always in Chinese."""

import pytest
from django.urls import reverse

from consultation import records
from tests.consultation.helpers import html_of, minutes_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(april_session, rich_proposal, secretary):
    records.approve_minutes(april_session, secretary)
    return april_session


def test_the_current_copy_is_revalidated_and_a_numbered_one_is_immutable(client, approved):
    current = client.get(minutes_url(approved))
    numbered = client.get(minutes_url(approved, 1))

    assert current["Cache-Control"] == "no-cache"  # a correction replaces it
    assert "immutable" in numbered["Cache-Control"]
    assert current["ETag"] == numbered["ETag"] == f'"{records.latest(approved).sha256}"'


def test_a_query_string_does_not_force_a_fresh_rendering(client, april_session, rich_proposal):
    response = client.get(minutes_url(april_session) + "?bust=1")
    assert response.status_code == 302 and response["Location"] == minutes_url(april_session)


def test_a_stored_file_that_has_gone_answers_in_chinese(client, approved):
    version = records.latest(approved)
    version.file.storage.delete(version.file.name)

    response = client.get(minutes_url(approved))

    assert response.status_code == 503
    assert "存档文件暂时无法读取" in html_of(response)


def test_the_pdf_under_the_english_prefix_is_still_the_chinese_document(client, april_session, rich_proposal):
    import io

    import pypdf

    response = client.get("/en" + minutes_url(april_session))

    assert response.status_code == 200
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "会议纪要" in text and "主持人（签字）" in text


def test_the_notice_board_and_the_session_list_link_the_pdfs(client, notice_on_display, april_session, rich_proposal):
    assert reverse("consultation:notice_pdf", args=(notice_on_display.pk,)) in html_of(
        client.get(reverse("consultation:notices"))
    )
    assert minutes_url(april_session) in html_of(client.get(reverse("consultation:sessions")))
