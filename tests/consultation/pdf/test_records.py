"""Frozen records (docs/workflow.md, "Frozen records"): approving minutes and publishing a notice
store version 1 with its SHA-256; later edits do not touch it; a correction is a new version with
its note printed, and every earlier version stays as it was. Only the secretary approves and
corrects; a refusal changes nothing."""

import hashlib

import pytest

from consultation import deliberation, noticeboard, records
from consultation.errors import ActionRefused
from consultation.models import Notice, RecordVersion, Session
from tests.consultation.helpers import snapshot
from tests.consultation.pdf.conftest import stored_bytes
from tests.consultation.pdf.helpers import flat, pdf_text, xmp

CORRECTION = "第一项议题的各方意见漏记一楼住户的意见，予以补正。"


def everything():
    return {**snapshot(), "RecordVersion": list(RecordVersion.objects.order_by("pk").values())}


# -- approving minutes -------------------------------------------------------------------------------------


def test_approving_stores_version_1_with_the_hash_of_its_file(approved_session, secretary):
    version = records.latest(approved_session)
    content = stored_bytes(version)
    assert (version.number, version.session_id, version.notice_id) == (1, approved_session.pk, None)
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.size == len(content)
    assert version.created_by == secretary and version.reason == ""
    assert content.startswith(b"%PDF-")


def test_approving_records_who_and_the_document_number(approved_session, secretary):
    assert approved_session.minutes_approved and approved_session.minutes_approved_by == secretary
    assert approved_session.document_number == "花石社议〔2026〕1号"
    assert records.is_frozen(approved_session)


def test_document_numbers_count_minutes_and_notices_of_the_year_together(approved_session, published_notice):
    assert (approved_session.document_number, published_notice.document_number) == (
        "花石社议〔2026〕1号",
        "花石社议〔2026〕2号",
    )


def test_the_frozen_copy_is_pdf_a(approved_session):
    version = records.latest(approved_session)
    assert version.pdf_variant == "pdf/a-2u"
    metadata = xmp(stored_bytes(version))
    assert 'pdfaid:part="2"' in metadata and 'pdfaid:conformance="U"' in metadata


def test_approving_twice_is_refused(approved_session, secretary):
    before = everything()
    with pytest.raises(ActionRefused, match="的会议纪要已于.*审定；如需修改，请发布更正版。"):
        records.approve_minutes(approved_session, secretary)
    assert everything() == before


def test_a_planned_session_cannot_be_approved(agenda_session, secretary):
    session, _items = agenda_session
    before = everything()
    with pytest.raises(ActionRefused, match="筹备中，只有已召开的议事日才能审定会议纪要。"):
        records.approve_minutes(session, secretary)
    assert everything() == before


@pytest.mark.parametrize("role", ["member", "supervisor", "unit_user", "anonymous"])
def test_only_the_secretary_approves(role, voted_session, request):
    user = request.getfixturevalue(role)
    before = everything()
    with pytest.raises(ActionRefused):
        records.approve_minutes(voted_session, user)
    assert everything() == before


# -- edits after freezing --------------------------------------------------------------------------------------


def edit_everything(session, secretary):
    item = session.agenda_items.order_by("sort_order").first()
    deliberation.record_opinions(item, secretary, "审定之后改写的意见。")
    Session.objects.filter(pk=session.pk).update(venue="另一间会议室", summary="审定之后补写的概况。")
    participant = session.participants.order_by("sort_order").first()
    participant.name = "改名后"
    participant.save()


def test_edits_after_approval_leave_the_frozen_copy_alone(approved_session, minutes_v1, secretary):
    edit_everything(approved_session, secretary)
    version = records.latest(approved_session)
    assert records.versions(approved_session).count() == 1
    assert stored_bytes(version) == minutes_v1
    assert version.sha256 == hashlib.sha256(minutes_v1).hexdigest()


def test_a_draft_is_rendered_afresh_after_each_edit(voted_session, draft_minutes, secretary):
    edit_everything(voted_session, secretary)
    again, _ = records.render_fresh(Session.objects.get(pk=voted_session.pk))
    assert again.content != draft_minutes
    text = flat(pdf_text(again.content))
    assert "审定之后改写的意见。" in text and "另一间会议室" in text and "审定之后补写的概况。" in text
    assert not records.versions(voted_session).exists()


# -- corrections ---------------------------------------------------------------------------------------------


@pytest.fixture
def corrected_session(approved_session, minutes_v1, secretary):
    edit_everything(approved_session, secretary)
    records.correct(approved_session, secretary, CORRECTION)
    return Session.objects.get(pk=approved_session.pk)


def test_a_correction_is_version_2_with_its_own_hash(corrected_session, minutes_v1, secretary):
    v2, v1 = records.versions(corrected_session)
    content = stored_bytes(v2)
    assert (v2.number, v2.reason, v2.created_by) == (2, CORRECTION, secretary)
    assert v2.sha256 == hashlib.sha256(content).hexdigest() != v1.sha256
    assert records.latest(corrected_session) == v2


def test_the_correction_prints_its_note_and_the_corrected_text(corrected_session):
    text = flat(pdf_text(stored_bytes(records.latest(corrected_session))))
    assert f"（第2版更正说明：{CORRECTION}）" in text
    assert "审定之后改写的意见。" in text and "另一间会议室" in text
    assert "花石社议〔2026〕1号" in text and "草稿" not in text


def test_version_1_stays_as_it_was(corrected_session, minutes_v1):
    v1 = records.versions(corrected_session).get(number=1)
    assert stored_bytes(v1) == minutes_v1
    assert v1.sha256 == hashlib.sha256(minutes_v1).hexdigest()
    assert "更正说明" not in flat(pdf_text(minutes_v1))


def test_a_correction_needs_a_reason(approved_session, secretary):
    before = everything()
    with pytest.raises(ActionRefused, match="请填写更正说明"):
        records.correct(approved_session, secretary, "   ")
    assert everything() == before


@pytest.mark.parametrize("role", ["member", "supervisor", "unit_user", "anonymous"])
def test_only_the_secretary_corrects(role, approved_session, request):
    user = request.getfixturevalue(role)
    before = everything()
    with pytest.raises(ActionRefused):
        records.correct(approved_session, user, CORRECTION)
    assert everything() == before


def test_a_draft_has_no_correction(voted_session, secretary):
    before = everything()
    with pytest.raises(ActionRefused, match="草稿直接修改即可"):
        records.correct(voted_session, secretary, CORRECTION)
    assert everything() == before


def test_a_freeze_task_run_twice_makes_one_version(approved_session):
    """A task retried with the same request key does not make a second copy."""
    first = records.freeze(approved_session, reason="会议地点有误。", key="k1")
    assert records.freeze(approved_session, reason="会议地点有误。", key="k1") == first
    assert records.versions(approved_session).count() == 2


def test_two_corrections_at_once_both_get_their_own_version(approved_session, secretary):
    """Two corrections asked for before either is made (two secretaries, or a queue backend) are
    both kept, each with its own number and note, in the order they were made."""
    records.freeze(approved_session, secretary, "更正一：会议地点。", key="a")
    records.freeze(approved_session, secretary, "更正二：出席人数。", key="b")
    assert list(records.versions(approved_session).values_list("number", "reason")) == [
        (3, "更正二：出席人数。"),
        (2, "更正一：会议地点。"),
        (1, ""),
    ]


def test_a_version_whose_number_is_taken_meanwhile_is_rendered_again(approved_session, monkeypatch):
    """Another process stores version 2 while this one renders: this one becomes version 3, with
    "第3版" printed on it, and its first file is not left behind in storage."""
    from consultation.models import RecordVersion

    original = records.pdf_of
    calls = []

    def racing(owner, version=None, correction="", archival=False):
        calls.append(version)
        if len(calls) == 1:  # the other process wins the race for number 2
            RecordVersion.objects.create(session=owner, number=2, sha256="0" * 64, size=1, file="records/other.pdf")
        return original(owner, version, correction, archival)

    from django.core.files.storage import default_storage

    deleted = []
    default_storage.exists("x")  # the lazy object is set up
    storage_class = type(default_storage._wrapped)
    delete = storage_class.delete
    monkeypatch.setattr(records, "pdf_of", racing)
    monkeypatch.setattr(storage_class, "delete", lambda self, name: (deleted.append(name), delete(self, name)))
    record = records.freeze(approved_session, reason="更正。", key="c")
    assert (calls, record.number) == ([2, 3], 3)
    assert "第3版" in flat(pdf_text(record.file.read()))
    assert len(deleted) == 1 and "-v2-" in deleted[0] and not default_storage.exists(deleted[0])


def test_freezing_a_draft_is_refused(voted_session):
    with pytest.raises(ActionRefused, match="尚未审定或发布"):
        records.freeze(voted_session)


# -- notices -----------------------------------------------------------------------------------------------


def test_publishing_a_notice_freezes_version_1(published_notice, notice_v1, secretary):
    version = records.latest(published_notice)
    assert (version.number, version.notice_id, version.session_id, version.created_by) == (
        1,
        published_notice.pk,
        None,
        secretary,
    )
    assert version.sha256 == hashlib.sha256(notice_v1).hexdigest()
    assert "草稿" not in flat(pdf_text(notice_v1))


def test_a_notice_correction_is_version_2_and_keeps_version_1(published_notice, notice_v1, secretary):
    Notice.objects.filter(pk=published_notice.pk).update(body="更正后的正文。")
    records.correct(Notice.objects.get(pk=published_notice.pk), secretary, "正文有误，予以更正。")
    v2, v1 = records.versions(published_notice)
    assert stored_bytes(v1) == notice_v1
    assert v2.sha256 == hashlib.sha256(stored_bytes(v2)).hexdigest() != v1.sha256
    text = flat(pdf_text(stored_bytes(v2)))
    assert "（第2版更正说明：正文有误，予以更正。）" in text and "更正后的正文。" in text


def test_an_unpublished_notice_is_a_draft_with_watermark(unpublished_notice):
    rendered, _ = records.render_fresh(unpublished_notice)
    assert "草稿" in flat(pdf_text(rendered.content))
    assert not records.is_frozen(unpublished_notice) and not records.versions(unpublished_notice).exists()


def test_only_the_secretary_publishes(unpublished_notice, member):
    before = everything()
    with pytest.raises(ActionRefused):
        noticeboard.publish(unpublished_notice, member)
    assert everything() == before


# -- file names ---------------------------------------------------------------------------------------------


def test_file_names_carry_number_title_and_version(approved_session):
    assert records.filename(approved_session, 1) == "花石社议〔2026〕1号 2026年11月议事日会议纪要 第1版.pdf"
    assert records.filename(approved_session) == "花石社议〔2026〕1号 2026年11月议事日会议纪要.pdf"


def test_the_draft_file_name_says_draft(voted_session):
    assert records.filename(voted_session) == "2026年11月议事日会议纪要 草稿.pdf"


def test_the_archive_variant_is_a_setting(voted_session, settings):
    from consultation.pdf import documents, render

    settings.PDF_ARCHIVE_VARIANT = "pdf/a-3u"
    rendered = render.render(documents.MINUTES_TEMPLATE, documents.minutes_context(voted_session, 1), archival=True)
    assert rendered.pdf_variant == "pdf/a-3u"
    assert 'pdfaid:part="3"' in xmp(rendered.content)
