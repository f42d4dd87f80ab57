"""Privacy on the public site (docs/decisions.md, "Privacy by construction"): a proposer's or
objector's phone number and full name never appear in any public page or feed; names show masked,
as 张*明."""

import re

import pytest
from django.core.cache import cache

from consultation import workflow
from consultation.models import AgendaItem, Notice, Objection, Proposal
from consultation.models.proposals import State
from tests.consultation import factories as f
from tests.consultation.factories import (
    OBJECTOR_MASKED,
    OBJECTOR_NAME,
    OBJECTOR_PHONE,
    PROPOSER_MASKED,
    PROPOSER_NAME,
    PROPOSER_PHONE,
    at,
    days_from_today,
)
from tests.consultation.helpers import html_of
from tests.consultation.web.verification import verify

pytestmark = pytest.mark.django_db

# States in which a proposal has a public page (everything after triage).
PUBLIC_STATES = [s for s in State.values if s != State.SUBMITTED]


def phone_pattern(phone):
    """The number's digits in order, with any separators a person might type between them
    (spaces, hyphens, dots, brackets), with or without +86."""
    return re.compile(r"[\s\-.()（）·—－]*".join(phone))


def assert_private(url, body, secrets):
    for name, phone in secrets:
        assert name not in body, f"{url} shows the full name {name}"
        assert not phone_pattern(phone).search(body), f"{url} shows the phone number {phone}"


@pytest.fixture
def world(april_session, next_session, unit):
    """Proposals by 张晓明 in every public state and one still submitted, objections by 欧阳春华
    and by 张晓明 on a notice on display and an archived one, on agendas, with tasks and ratings."""
    proposals = {}
    for n, state in enumerate(State.values):
        phone = PROPOSER_PHONE if n % 2 else "138-1234-5678"  # as staff may type it at the office window
        proposals[state] = f.ResidentProposalFactory(
            title=f"{state}状态的议题",
            state=state,
            proposer_phone=phone,
            submitted_at=at(2026, 1 + n % 11, 3),
            events=[("submit", "", State.SUBMITTED)],
        )
    f.AgendaItemFactory(
        session=april_session,
        proposal=proposals[State.RESOLVED],
        votes_expected=9,
        votes_present=7,
        votes_for=6,
        votes_against=1,
        votes_abstain=0,
        outcome=AgendaItem.Outcome.RESOLVED,
    )
    f.AgendaItemFactory(session=next_session, proposal=proposals[State.DELIBERATING])
    f.TaskFactory(
        proposal=proposals[State.IMPLEMENTING],
        unit=unit,
        description="修缮",
        person="周经理",
        deadline=days_from_today(30),
    )
    Proposal.objects.filter(pk=proposals[State.EVALUATING].pk).update(evaluation_ends_on=days_from_today(10))
    on_display = f.NoticeFactory(
        kind=Notice.Kind.RESOLUTION,
        proposal=proposals[State.RESOLVED],
        title="关于决议的公示",
        body="现予公示。",
        starts_on=days_from_today(-1),
        ends_on=days_from_today(5),
        published_at=at(2026, 11, 20),
    )
    archived = f.NoticeFactory(
        kind=Notice.Kind.RESULT,
        title="往期公示",
        body="现予公示。",
        starts_on=days_from_today(-30),
        ends_on=days_from_today(-24),
        published_at=at(2026, 10, 20),
    )
    for notice in (on_display, archived):
        f.ObjectionFactory(
            notice=notice, kind=Objection.Kind.COMMENT, name=OBJECTOR_NAME, phone=OBJECTOR_PHONE, content="我有异议。"
        )
        f.ObjectionFactory(
            notice=notice,
            kind=Objection.Kind.COMMENT,
            name=PROPOSER_NAME,
            phone="+86 138 1234 5678",
            content="我有建议。",
        )
    return {"proposals": proposals, "notices": [on_display, archived], "sessions": [april_session, next_session]}


def public_urls(world):
    proposals = world["proposals"]
    urls = [
        "/",
        "/consultation/",
        "/consultation/sessions/",
        "/consultation/notices/",
        "/consultation/notices/feed/",
        "/consultation/calendar.ics",
        "/consultation/propose/",
        "/consultation/track/",
    ]
    urls += [f"/consultation/?stage={stage}" for stage in ("propose", "deliberate", "implement", "evaluate")]
    urls += [p.get_absolute_url() for state, p in proposals.items() if state != State.SUBMITTED]
    urls += [f"/consultation/track/?number={p.tracking_number}" for p in proposals.values()]
    urls += [n.get_absolute_url() for n in world["notices"]]
    urls += [s.get_absolute_url() for s in world["sessions"]]
    return urls


def test_no_public_page_or_feed_shows_a_full_name_or_phone_number(client, world):
    secrets = [(PROPOSER_NAME, PROPOSER_PHONE), (OBJECTOR_NAME, OBJECTOR_PHONE)]
    for url in public_urls(world):
        cache.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private(url, response.content.decode(), secrets)


def test_proposal_pages_show_the_masked_name(client, world):
    for state in PUBLIC_STATES:
        html = html_of(client.get(world["proposals"][state].get_absolute_url()))
        assert f"<dd>{PROPOSER_MASKED}</dd>" in html, state


def test_notice_pages_show_objectors_masked(client, world):
    for notice in world["notices"]:
        html = html_of(client.get(notice.get_absolute_url()))
        assert OBJECTOR_MASKED in html
        assert PROPOSER_MASKED in html


def test_a_proposal_sent_through_the_form_stays_private_all_the_way(client, secretary):
    """The whole way from the form to 议评: the phone as typed with spaces, the full name, never shown."""
    verify(client, "139 0591 2233")
    response = client.post(
        "/consultation/propose/",
        {
            "title": "小区门口增设斑马线",
            "description": "小区门口车速很快，老人孩子过马路很危险。",
            "category": "services",
            "estate": "花石小区",
            "building": "",
            "proposer_name": "司马相如",
            "proposer_phone": "139 0591 2233",
            "consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    secrets = [("司马相如", "13905912233")]
    cache.clear()
    assert_private("track", html_of(client.get(response["Location"])), secrets)
    workflow.perform(proposal, "accept", secretary)
    for url in [
        proposal.get_absolute_url(),
        "/consultation/",
        "/",
        f"/consultation/track/?number={proposal.tracking_number}",
    ]:
        cache.clear()
        assert_private(url, html_of(client.get(url)), secrets)
    assert "司**如" in html_of(client.get(proposal.get_absolute_url()))


def test_an_objection_sent_through_the_form_stays_private(client, world):
    notice = world["notices"][0]
    verify(client, "139 0591 8765")
    response = client.post(
        notice.get_absolute_url(),
        {
            "kind": "comment",
            "name": "诸葛明亮",
            "content": "希望晚上施工不要太吵。",
            "website": "",
        },
    )
    assert response.status_code == 302
    cache.clear()
    html = html_of(client.get(notice.get_absolute_url()))
    assert "希望晚上施工不要太吵。" in html
    assert "诸**亮" in html
    assert_private(notice.get_absolute_url(), html, [("诸葛明亮", "13905918765")])
    cache.clear()
    assert_private("feed", html_of(client.get("/consultation/notices/feed/")), [("诸葛明亮", "13905918765")])


def test_a_rating_does_not_keep_or_show_the_phone_number(client, world):
    proposal = world["proposals"][State.EVALUATING]
    verify(client, "137 1111 2222")
    response = client.post(
        f"/consultation/proposals/{proposal.tracking_number}/rate/",
        {"score": "satisfied", "comment": "", "website": ""},
    )
    assert response.status_code == 302
    rating = proposal.ratings.get()
    assert "13711112222" not in rating.phone_fingerprint
    cache.clear()
    assert not phone_pattern("13711112222").search(html_of(client.get(proposal.get_absolute_url())))
