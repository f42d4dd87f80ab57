"""The PDF records in the admin: approving minutes, versions with hashes, corrections, failures
reported in Chinese — through the real views."""

import hashlib

import pytest
from django.urls import reverse
from wagtail.images.tests.utils import get_test_image_file

from consultation import records
from consultation.models import RecordVersion
from consultation.pdf import render
from core.models import CommunitySettings
from tests.consultation import factories as f
from tests.consultation.factories import days_from_today
from tests.consultation.helpers import html_of, session_record_url

pytestmark = pytest.mark.django_db


def notice_url(notice):
    return reverse("notice:view", args=(notice.pk,))


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def held(april_session, rich_proposal):
    """April's held 议事日 with one voted item (rich_proposal)."""
    return april_session


def test_secretary_approves_the_minutes_and_sees_the_hash(client, secretary, held):
    client.force_login(secretary)
    assert "审定会议纪要并存档" in html_of(client.get(session_record_url(held)))

    response = client.post(session_record_url(held), {"action": "approve_minutes"}, follow=True)

    version = RecordVersion.objects.get(session=held)
    assert version.number == 1
    assert hashlib.sha256(version.file.read()).hexdigest() == version.sha256
    page = html_of(response)
    assert version.sha256 in page
    assert any(version.sha256 in m and "第1版" in m for m in messages_of(response))
    assert "审定会议纪要并存档" not in page  # approved once only
    held.refresh_from_db()
    assert held.minutes_approved_by == secretary


def test_a_member_cannot_approve_and_nothing_changes(client, member, held):
    client.force_login(member)
    assert "审定会议纪要并存档" not in html_of(client.get(session_record_url(held)))

    response = client.post(session_record_url(held), {"action": "approve_minutes"})

    assert response.status_code == 400
    assert "您没有“审定会议纪要”的权限。" in html_of(response)
    held.refresh_from_db()
    assert not held.minutes_approved and not RecordVersion.objects.exists()


def test_approving_an_empty_agenda_is_refused_in_chinese(client, secretary, april_session):
    client.force_login(secretary)

    response = client.post(session_record_url(april_session), {"action": "approve_minutes"})

    assert response.status_code == 400
    assert "没有议程，不能审定会议纪要" in html_of(response)
    april_session.refresh_from_db()
    assert not april_session.minutes_approved and not RecordVersion.objects.exists()


def test_a_correction_needs_a_note_and_then_adds_a_version(client, secretary, held):
    client.force_login(secretary)
    approved = client.post(session_record_url(held), {"action": "approve_minutes"})
    assert approved.status_code == 302, html_of(approved)[:3000]
    first = RecordVersion.objects.get(session=held)

    empty = client.post(session_record_url(held), {"action": "correct", "reason": "  "})
    assert empty.status_code == 400 and "请填写更正说明" in html_of(empty)
    assert RecordVersion.objects.filter(session=held).count() == 1

    held.refresh_from_db()
    held.venue = "花石社区党群服务中心三楼会议室"
    held.save()
    corrected = client.post(
        session_record_url(held), {"action": "correct", "reason": "会议地点更正为三楼。"}, follow=True
    )
    page = html_of(corrected)

    second = RecordVersion.objects.get(session=held, number=2)
    assert second.sha256 != first.sha256 and second.reason == "会议地点更正为三楼。"
    assert first.sha256 in page and second.sha256 in page
    first.refresh_from_db()
    assert hashlib.sha256(first.file.read()).hexdigest() == first.sha256  # the first version is untouched


def test_a_failed_rendering_is_reported_and_can_be_redone(client, secretary, held, monkeypatch):
    client.force_login(secretary)
    original = render.html_to_pdf

    def broken(*args, **kwargs):
        raise render.RenderError("没有找到中文字体。")

    monkeypatch.setattr(render, "html_to_pdf", broken)
    response = client.post(session_record_url(held), {"action": "approve_minutes"}, follow=True)
    assert any("存档 PDF 生成失败：没有找到中文字体。" in m for m in messages_of(response))
    assert "生成存档文件" in html_of(response)
    assert not RecordVersion.objects.exists()

    monkeypatch.setattr(render, "html_to_pdf", original)
    client.post(session_record_url(held), {"action": "freeze"})
    assert RecordVersion.objects.filter(session=held, number=1).exists()


def test_publishing_a_notice_freezes_it_and_the_notice_screen_lists_the_version(client, secretary, draft_result_notice):
    client.force_login(secretary)

    response = client.post(reverse("notice:publish", args=(draft_result_notice.pk,)), follow=True)

    version = RecordVersion.objects.get(notice=draft_result_notice)
    assert version.pdf_variant == "pdf/a-2u"
    assert version.sha256 in html_of(response)


def test_admin_draft_pdf_of_an_unpublished_notice(client, member, unit_user, draft_result_notice):
    url = reverse("notice:pdf", args=(draft_result_notice.pk,))
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    client.force_login(unit_user)
    assert client.get(url).status_code in (302, 403)


def test_a_seal_whose_file_is_gone_is_reported_on_the_notice_screen(client, secretary, notice_on_display, community):
    seal = f.ImageFactory(title="居委会印章", file=get_test_image_file())
    settings = CommunitySettings.for_site(community)
    settings.seal_image = seal
    settings.save()
    seal.file.storage.delete(seal.file.name)
    client.force_login(secretary)

    response = client.get(notice_url(notice_on_display))

    assert response.status_code == 200
    assert "印章图片“居委会印章”的文件无法读取" in html_of(response)
    pdf = client.get(reverse("notice:pdf", args=(notice_on_display.pk,)))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_published_notices_without_a_frozen_copy_get_one_from_the_command(notice_on_display, archived_notice):
    from django.core.management import call_command

    call_command("freeze_records", stdout=open("/dev/null", "w"))
    call_command("freeze_records", stdout=open("/dev/null", "w"))

    assert [records.latest(n).number for n in (notice_on_display, archived_notice)] == [1, 1]


def test_characters_no_font_can_draw_are_named_after_approval(client, secretary, held, rich_proposal):
    rich_proposal.title = "3号楼加装电梯👍"
    rich_proposal.save()
    client.force_login(secretary)

    response = client.post(session_record_url(held), {"action": "approve_minutes"}, follow=True)

    assert any("打印件上会是方框：👍" in m for m in messages_of(response))
    assert RecordVersion.objects.filter(session=held).exists()


def test_editing_an_approved_session_warns_that_the_archive_differs(client, secretary, held):
    client.force_login(secretary)
    client.post(session_record_url(held), {"action": "approve_minutes"})
    warning = "存档之后内容又被修改过"
    assert warning not in html_of(client.get(session_record_url(held)))

    held.refresh_from_db()
    held.venue = "花石社区党群服务中心三楼会议室"
    held.save()

    assert warning in html_of(client.get(session_record_url(held)))
    client.post(session_record_url(held), {"action": "correct", "reason": "会议地点更正为三楼。"})
    assert warning not in html_of(client.get(session_record_url(held)))


def test_an_approved_session_cannot_be_set_back_to_planned(secretary, held):
    from django.core.exceptions import ValidationError

    records.approve_minutes(held, secretary)
    held.refresh_from_db()
    held.status = held.Status.PLANNED
    with pytest.raises(ValidationError, match="会议纪要已审定"):
        held.full_clean()


def test_no_correction_before_the_first_copy_exists(client, secretary, held, monkeypatch):
    client.force_login(secretary)
    monkeypatch.setattr(
        render, "html_to_pdf", lambda *a, **k: (_ for _ in ()).throw(render.RenderError("没有找到中文字体。"))
    )
    client.post(session_record_url(held), {"action": "approve_minutes"})

    page = html_of(client.get(session_record_url(held)))
    assert "生成存档文件" in page and "生成更正版" not in page
    refused = client.post(session_record_url(held), {"action": "correct", "reason": "更正。"})
    assert refused.status_code == 400 and "请先点“生成存档文件”" in html_of(refused)


def test_with_a_worker_backend_the_copy_is_queued_after_commit(
    client, secretary, held, monkeypatch, django_capture_on_commit_callbacks
):
    from consultation import records

    class NotImmediate:
        pass

    monkeypatch.setattr(records, "ImmediateBackend", NotImmediate)  # as with a database or Redis backend
    client.force_login(secretary)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(session_record_url(held), {"action": "approve_minutes"}, follow=True)

    assert any("正在后台生成" in m for m in messages_of(response))
    assert len(callbacks) == 1 and not RecordVersion.objects.exists()  # enqueued once the approval is committed
    held.refresh_from_db()
    assert held.minutes_approved


def test_characters_no_font_can_draw_are_named_before_approval(client, secretary, held, rich_proposal):
    rich_proposal.title = "3号楼加装电梯👍"
    rich_proposal.save()
    client.force_login(secretary)

    page = html_of(client.get(session_record_url(held)))

    assert "打印件上会是方框：👍" in page


def test_work_that_moves_on_after_approval_is_not_an_edit(client, secretary, held, rich_proposal, unit):
    """A task assigned or progress posted after approval does not make the archive "out of date"."""
    client.force_login(secretary)
    client.post(session_record_url(held), {"action": "approve_minutes"})
    f.TaskFactory(
        proposal=rich_proposal,
        unit=unit,
        description="补充安装无障碍坡道",
        person="周经理",
        deadline=days_from_today(30),
    )

    assert "存档之后内容又被修改过" not in html_of(client.get(session_record_url(held)))
