"""Generic admin screens whose save is a step of the process go through its domain action: the
permission check, the rules and the audit entry are the same as on the working screens."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from consultation.models import AgendaItem, Objection, Task
from consultation.models.proposals import State
from tests.consultation import factories as f

pytestmark = pytest.mark.django_db


def deadline():
    return (timezone.localdate() + datetime.timedelta(days=20)).isoformat()


def task_form(proposal, unit):
    return {
        "proposal": proposal.pk,
        "unit": unit.pk,
        "person": "周经理",
        "deadline": deadline(),
        "description": "更换5号楼路灯",
    }


def test_a_task_added_from_the_listing_starts_implementation(client, secretary, unit):
    proposal = f.ProposalFactory(state=State.RESOLVED)
    client.force_login(secretary)

    response = client.post(reverse("task:add"), task_form(proposal, unit))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.IMPLEMENTING
    assert Task.objects.get(proposal=proposal).unit == unit
    assert ModelLogEntry.objects.filter(action="consultation.task", object_id=str(proposal.pk), user=secretary).exists()


def test_a_task_for_a_proposal_not_yet_resolved_is_refused_in_chinese(client, secretary, unit):
    proposal = f.ProposalFactory(state=State.ACCEPTED)
    client.force_login(secretary)

    response = client.post(reverse("task:add"), task_form(proposal, unit))

    assert response.status_code == 200  # the form again, with the reason
    assert "只有决议通过或践议中的议题才能派发任务" in response.content.decode()
    assert not Task.objects.exists()
    proposal.refresh_from_db()
    assert proposal.state == State.ACCEPTED


def test_the_task_form_does_not_offer_progress_updates(client, secretary):
    task = f.TaskFactory()
    client.force_login(secretary)

    page = client.get(reverse("task:edit", args=(task.pk,))).content.decode()

    assert "updates-TOTAL_FORMS" not in page


def test_a_reply_to_an_objection_is_saved_and_audited(client, secretary):
    objection = f.ObjectionFactory()
    client.force_login(secretary)

    response = client.post(reverse("objection:edit", args=(objection.pk,)), {"reply": "  电梯井道将改用玻璃幕墙。 "})

    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.reply == "电梯井道将改用玻璃幕墙。"
    entry = ModelLogEntry.objects.get(action="consultation.reply", user=secretary)
    assert entry.object_id == str(objection.notice_id) and entry.data["objection"] == objection.pk


def test_the_objection_listing_names_each_objection(client, secretary):
    f.ObjectionFactory(content="电梯位置挡住了一楼的采光。")
    client.force_login(secretary)

    page = client.get(reverse("objection:index")).content.decode()

    assert "Objection object" not in page


def test_drafting_a_notice_is_audited(client, secretary):
    proposal = f.ProposalFactory(state=State.IMPLEMENTED)
    f.TaskFactory(proposal=proposal, done=True)
    client.force_login(secretary)

    response = client.post(reverse("proposal:record", args=(proposal.pk,)), {"action": "draft_result"})

    notice = proposal.notices.get()
    assert response.status_code == 302 and response["Location"] == reverse("notice:edit", args=(notice.pk,))
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(notice.pk), user=secretary).exists()


def test_reordering_the_agenda_is_audited(client, secretary):
    session = f.SessionFactory()
    first, second = (
        f.AgendaItemFactory(session=session, sort_order=0),
        f.AgendaItemFactory(session=session, sort_order=1),
    )
    client.force_login(secretary)

    client.post(reverse("session:record", args=(session.pk,)), {"action": "down", "item": first.pk})

    assert list(AgendaItem.objects.filter(session=session).order_by("sort_order")) == [second, first]
    entry = ModelLogEntry.objects.get(action="consultation.agenda_order", user=secretary)
    assert entry.data["agenda"] == [second.proposal_id, first.proposal_id]


def test_residents_writes_are_audited_without_their_phone_numbers(client):
    from consultation import evaluation, noticeboard

    proposal = f.ProposalFactory(state=State.EVALUATING)
    evaluation.rate(proposal, "satisfied", f.verified("13812345678"))
    notice = f.NoticeFactory(published=True)
    noticeboard.file_objection(notice, Objection.Kind.COMMENT, "陈小红", f.verified("13900139000"), "支持。")

    entries = list(ModelLogEntry.objects.filter(action__in=["consultation.rating", "consultation.comment"]))
    assert sorted(e.action for e in entries) == ["consultation.comment", "consultation.rating"]
    assert all("138" not in str(e.data) and "139" not in str(e.data) for e in entries)
