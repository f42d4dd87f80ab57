"""Helpers shared by the consultation tests: the designed state machine, preparing a transition, a
snapshot of every row the consultation code could touch (to prove that a refusal changes nothing),
reading pages and dates the way the public site writes them, and the addresses several suites visit."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from consultation.models import (
    AgendaItem,
    Notice,
    Objection,
    Participant,
    PartnerUnit,
    ProgressUpdate,
    Proposal,
    ProposalEvent,
    Rating,
    Session,
    Task,
)
from consultation.models.proposals import State
from tests.consultation import factories as f

# docs/workflow.md, "Transitions (`TRANSITIONS`)": (transition, source state) → target state.
EXPECTED = {
    ("accept", State.SUBMITTED): State.ACCEPTED,
    ("reject", State.SUBMITTED): State.REJECTED,
    ("merge", State.SUBMITTED): State.MERGED,
    ("merge", State.ACCEPTED): State.MERGED,
    ("refer", State.SUBMITTED): State.REFERRED,
    ("schedule", State.ACCEPTED): State.DELIBERATING,
    ("resolve", State.DELIBERATING): State.RESOLVED,
    ("not_adopt", State.DELIBERATING): State.NOT_ADOPTED,
    ("defer", State.DELIBERATING): State.ACCEPTED,
    ("start", State.RESOLVED): State.IMPLEMENTING,
    ("complete", State.IMPLEMENTING): State.IMPLEMENTED,
    ("complete", State.REFERRED): State.IMPLEMENTED,
    ("open_evaluation", State.IMPLEMENTED): State.EVALUATING,
    ("close", State.EVALUATING): State.CLOSED,
    ("reopen", State.EVALUATING): State.IMPLEMENTING,
}
REASON_REQUIRED = {"reject", "refer", "defer", "reopen"}
INTERNAL = {"resolve", "not_adopt", "start"}

SNAPSHOT_MODELS = (
    Proposal,
    ProposalEvent,
    AgendaItem,
    Session,
    Participant,
    Task,
    ProgressUpdate,
    PartnerUnit,
    Rating,
    Notice,
    Objection,
    ModelLogEntry,
)


def pair_id(pair):
    return f"{pair[0]}-from-{pair[1]}"


def snapshot():
    """Every row of every model the consultation code writes (and Wagtail's audit log)."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS}


def prepare(name, proposal):
    """Everything transition `name` needs apart from its source state: perform's keyword arguments.

    Created before any snapshot, so that a refusal can only be due to the state, the user or the rule
    under test.
    """
    if name == "reject":
        return {"reason": "不属于社区议事范围，已告知提议人向街道反映。"}
    if name == "merge":
        return {"target": f.ProposalFactory(state=State.ACCEPTED, title="3号楼加装电梯（主议题）")}
    if name == "refer":
        unit = f.PartnerUnitFactory(name="花石物业服务中心", contact_person="周经理")
        return {"reason": "路灯维修由物业直接办理。", "unit": unit, "deadline": f.days_from_today(10)}
    if name == "schedule":
        return {"session": f.SessionFactory()}
    if name in ("resolve", "not_adopt"):
        session = f.SessionFactory(participants__present=9)
        return {"agenda_item": f.AgendaItemFactory(session=session, proposal=proposal)}
    if name == "defer":
        f.AgendaItemFactory(proposal=proposal)
        return {"reason": "需要先征求一楼住户意见。"}
    if name == "start":
        f.TaskFactory(proposal=proposal)
        return {}
    if name == "complete":
        f.TaskFactory(proposal=proposal, done=True)
        return {}
    if name == "open_evaluation":
        return {"ends_on": f.days_from_today(14)}
    if name == "close":
        for score in ("satisfied", "satisfied", "mostly", "unsatisfied"):
            f.RatingFactory(proposal=proposal, score=score)
        return {}
    if name == "reopen":
        return {"reason": "居民反映电梯仍有异响，重新办理。"}
    return {}


# -- pages and dates ------------------------------------------------------------------------------------------


def cn(value):
    """2026年11月23日, the way the pages and the PDFs write dates."""
    return f"{value.year}年{value.month}月{value.day}日"


def html_of(response):
    return response.content.decode()


def png_bytes(size=(8, 6), colour=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="photo.png", colour=(200, 30, 30)):
    return SimpleUploadedFile(name, png_bytes(colour=colour), content_type="image/png")


# -- addresses ------------------------------------------------------------------------------------------------


def minutes_url(session, number=None):
    """The public download of a session's minutes: the current copy, or version `number`."""
    if number is None:
        return reverse("consultation:minutes", args=(session.pk,))
    return reverse("consultation:minutes_version", args=(session.pk, number))


def session_record_url(session):
    """The 议事记录 screen of a session in the admin."""
    return reverse("session:record", args=(session.pk,))
