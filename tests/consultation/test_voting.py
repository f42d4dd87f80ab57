"""Vote arithmetic (consultation/voting.py) and recording a vote on an agenda item (deliberation.record_vote).

Quorum: at least `quorum` of the voting members expected (应到) are present (实到).
Pass: strictly more than `threshold` of the voting members present vote for.
Defaults (docs/workflow.md, "Votes"): quorum two thirds, pass more than half.
"""

from fractions import Fraction

import pytest

from consultation import deliberation, voting, workflow
from consultation.errors import ActionRefused
from consultation.models import AgendaItem, Proposal, ProposalEvent, Session
from consultation.models.proposals import State
from consultation.voting import Tally, VoteError, decide
from tests.consultation import factories as f
from tests.consultation.helpers import snapshot

# -- arithmetic -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "total, fraction, at_least, more_than",
    [
        (9, "2/3", 6, 7),
        (10, "2/3", 7, 7),
        (7, "1/2", 4, 4),
        (6, "1/2", 3, 4),
        (8, "3/4", 6, 7),
        (9, "3/4", 7, 7),
        (1, "1/2", 1, 1),
    ],
)
def test_minimum_counts(total, fraction, at_least, more_than):
    assert voting.minimum_at_least(total, Fraction(fraction)) == at_least
    assert voting.minimum_more_than(total, Fraction(fraction)) == more_than


def test_the_defaults_are_two_thirds_quorum_and_more_than_half():
    assert (voting.DEFAULT_QUORUM, voting.DEFAULT_THRESHOLD) == ("2/3", "1/2")


# -- quorum --------------------------------------------------------------------------------------------------


def test_default_quorum_is_two_thirds_of_members_expected():
    result = decide(Tally(expected=9, present=6, votes_for=4, votes_against=2, votes_abstain=0))
    assert result.quorum_needed == 6


def test_below_quorum_is_refused_with_a_chinese_message():
    with pytest.raises(VoteError) as excinfo:
        decide(Tally(expected=9, present=5, votes_for=5, votes_against=0, votes_abstain=0))
    assert str(excinfo.value) == "实到 5 人，未达到法定人数 6 人（应到 9 人的三分之二），不能表决。"


@pytest.mark.parametrize(
    "quorum, expected, needed, rule",
    [
        ("1/2", 9, 5, "二分之一"),
        ("1/2", 10, 5, "二分之一"),
        ("2/3", 10, 7, "三分之二"),
        ("3/4", 9, 7, "四分之三"),
        ("3/4", 8, 6, "四分之三"),
    ],
)
def test_other_quorum_rules(quorum, expected, needed, rule):
    assert decide(Tally(expected, needed, needed, 0, 0), quorum=quorum).quorum_needed == needed
    with pytest.raises(VoteError, match=f"未达到法定人数 {needed} 人（应到 {expected} 人的{rule}）"):
        decide(Tally(expected, needed - 1, needed - 1, 0, 0), quorum=quorum)


# -- pass threshold -----------------------------------------------------------------------------------------


def test_four_of_seven_present_pass():
    result = decide(Tally(expected=9, present=7, votes_for=4, votes_against=3, votes_abstain=0))
    assert (result.votes_needed, result.passed) == (4, True)


def test_three_for_three_against_one_abstention_fails():
    assert not decide(Tally(expected=9, present=7, votes_for=3, votes_against=3, votes_abstain=1)).passed


def test_an_even_split_fails():
    assert not decide(Tally(expected=9, present=6, votes_for=3, votes_against=3, votes_abstain=0)).passed


def test_the_majority_is_of_members_present_not_of_votes_cast():
    # 3 for and nobody against, but 4 of the 7 present did not vote for: not more than half of 实到.
    assert not decide(Tally(expected=9, present=7, votes_for=3, votes_against=0, votes_abstain=0)).passed


def test_more_than_two_thirds_rule():
    # 9 present: 6 is exactly two thirds, not more; 7 is needed.
    assert not decide(Tally(9, 9, 6, 3, 0), threshold="2/3").passed
    result = decide(Tally(9, 9, 7, 2, 0), threshold="2/3")
    assert (result.votes_needed, result.passed) == (7, True)


def test_more_than_two_thirds_of_seven():
    assert not decide(Tally(9, 7, 4, 3, 0), threshold="2/3").passed
    assert decide(Tally(9, 7, 5, 2, 0), threshold="2/3").passed


def test_the_rules_combine():
    # quorum 3/4 of 8 = 6 present; more than 2/3 of 6 = 5 for.
    result = decide(Tally(8, 6, 5, 1, 0), quorum="3/4", threshold="2/3")
    assert (result.quorum_needed, result.votes_needed, result.passed) == (6, 5, True)


# -- impossible numbers -----------------------------------------------------------------------------------


def test_more_votes_than_members_present_is_refused():
    with pytest.raises(VoteError, match="同意、反对、弃权合计 8 票，多于实到的有表决权人数 7 人"):
        decide(Tally(expected=9, present=7, votes_for=4, votes_against=3, votes_abstain=1))


@pytest.mark.parametrize(
    "tally",
    [
        Tally(9, 7, -1, 3, 0),
        Tally(9, 7, 4, -1, 0),
        Tally(9, 7, 4, 0, -1),
        Tally(9, -1, 0, 0, 0),
        Tally(-1, 0, 0, 0, 0),
        Tally(9, 7, None, 3, 0),
    ],
    ids=["for", "against", "abstain", "present", "expected", "none"],
)
def test_negative_or_missing_numbers_are_refused(tally):
    with pytest.raises(VoteError, match="不小于 0 的整数"):
        decide(tally)


def test_a_session_without_voters_cannot_vote():
    with pytest.raises(VoteError, match="没有登记有表决权的参会人员"):
        decide(Tally(0, 0, 0, 0, 0))


def test_more_present_than_expected_is_refused():
    with pytest.raises(VoteError, match="实到人数（10）不能多于应到人数（9）"):
        decide(Tally(9, 10, 6, 0, 0))


# -- who votes --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_observers_and_supervisors_do_not_count_as_voters():
    session = f.SessionFactory(participants__present=6, participants__observers=4, participants__supervisors=2)
    assert session.attendance() == (6, 6)
    assert {p.role for p in session.voters()} == {"member"}


@pytest.mark.django_db
def test_absent_members_count_as_expected_but_not_present():
    session = f.SessionFactory(participants__present=6, participants__absent=3)
    assert session.attendance() == (9, 6)


@pytest.mark.django_db
def test_residents_representatives_vote():
    session = f.SessionFactory(
        participants__present=4, participants__representatives=3, participants__absent_representatives=1
    )
    assert session.attendance() == (8, 7)


# -- record_vote ------------------------------------------------------------------------------------------


@pytest.fixture
def item(db):
    """A proposal under deliberation on a planned session: 9 voting members expected, 7 present,
    plus 2 observers and a supervisor who do not vote."""
    session = f.SessionFactory(
        participants__present=7, participants__absent=2, participants__observers=2, participants__supervisors=1
    )
    return f.AgendaItemFactory(session=session, proposal=f.ProposalFactory(state=State.DELIBERATING))


def test_record_vote_stores_the_numbers_on_the_agenda_item(item, secretary):
    deliberation.record_vote(item, secretary, 4, 2, 1)
    item.refresh_from_db()
    assert (item.votes_expected, item.votes_present, item.votes_for, item.votes_against, item.votes_abstain) == (
        9,
        7,
        4,
        2,
        1,
    )
    assert item.has_vote


def test_a_passed_vote_resolves_the_proposal(item, secretary):
    result = deliberation.record_vote(item, secretary, 4, 2, 1, resolution="同意加装电梯。")
    item.refresh_from_db()
    proposal = Proposal.objects.get(pk=item.proposal_id)
    assert result.passed
    assert item.outcome == AgendaItem.Outcome.RESOLVED
    assert (proposal.state, proposal.resolution) == (State.RESOLVED, "同意加装电梯。")


def test_a_failed_vote_leaves_the_proposal_not_adopted(item, secretary):
    result = deliberation.record_vote(item, secretary, 3, 3, 1)
    item.refresh_from_db()
    assert not result.passed
    assert item.outcome == AgendaItem.Outcome.NOT_ADOPTED
    assert Proposal.objects.get(pk=item.proposal_id).state == State.NOT_ADOPTED


def test_the_history_shows_the_numbers(item, secretary):
    deliberation.record_vote(item, secretary, 4, 2, 1)
    event = ProposalEvent.objects.get(proposal=item.proposal_id)
    assert (event.action, event.from_state, event.to_state) == ("resolve", State.DELIBERATING, State.RESOLVED)
    assert event.reason == "应到 9 人，实到 7 人，同意 4 票、反对 2 票、弃权 1 票。"


def test_a_vote_marks_the_session_held(item, secretary):
    deliberation.record_vote(item, secretary, 4, 2, 1)
    assert Session.objects.get(pk=item.session_id).status == Session.Status.HELD


def test_the_second_vote_of_a_held_session(item, secretary):
    deliberation.record_vote(item, secretary, 4, 2, 1)
    second = f.AgendaItemFactory(
        session=Session.objects.get(pk=item.session_id), proposal=f.ProposalFactory(state=State.DELIBERATING)
    )
    deliberation.record_vote(second, secretary, 2, 5, 0)
    second.refresh_from_db()
    assert (second.votes_expected, second.votes_present, second.outcome) == (9, 7, AgendaItem.Outcome.NOT_ADOPTED)
    assert Session.objects.get(pk=item.session_id).status == Session.Status.HELD


@pytest.mark.parametrize(
    "votes, message",
    [((4, 3, 1), "多于实到"), ((-1, 3, 1), "不小于 0"), ((4, -2, 0), "不小于 0")],
    ids=["too-many", "negative-for", "negative-against"],
)
def test_a_refused_vote_changes_nothing(item, secretary, votes, message):
    before = snapshot()
    with pytest.raises(ActionRefused, match=message):
        deliberation.record_vote(item, secretary, *votes)
    assert snapshot() == before


def test_a_vote_without_quorum_is_refused_and_changes_nothing(db, secretary):
    session = f.SessionFactory(participants__present=5, participants__absent=4, participants__observers=3)
    item = f.AgendaItemFactory(session=session)
    before = snapshot()
    with pytest.raises(ActionRefused, match="实到 5 人，未达到法定人数 6 人（应到 9 人的三分之二），不能表决。"):
        deliberation.record_vote(item, secretary, 5, 0, 0)
    assert snapshot() == before


def test_observers_present_do_not_make_a_quorum(db, secretary):
    # 5 of 9 voting members plus 4 observers and 2 supervisors in the room: still not quorate.
    session = f.SessionFactory(
        participants__present=5, participants__absent=4, participants__observers=4, participants__supervisors=2
    )
    item = f.AgendaItemFactory(session=session)
    with pytest.raises(ActionRefused, match="未达到法定人数"):
        deliberation.record_vote(item, secretary, 5, 0, 0)


def test_a_session_without_voting_members_cannot_vote(db, secretary):
    session = f.SessionFactory(participants__observers=3, participants__supervisors=2)
    item = f.AgendaItemFactory(session=session)
    before = snapshot()
    with pytest.raises(ActionRefused, match="没有登记有表决权的参会人员"):
        deliberation.record_vote(item, secretary, 0, 0, 0)
    assert snapshot() == before


def test_a_proposal_cannot_be_voted_on_twice(item, secretary):
    deliberation.record_vote(item, secretary, 4, 2, 1)
    item = AgendaItem.objects.get(pk=item.pk)
    before = snapshot()
    with pytest.raises(ActionRefused, match="不能"):
        deliberation.record_vote(item, secretary, 1, 6, 0)
    assert snapshot() == before


@pytest.mark.parametrize("state", [State.ACCEPTED, State.RESOLVED, State.CLOSED])
def test_a_vote_on_a_proposal_not_under_deliberation_is_refused(state, db, secretary):
    session = f.SessionFactory(participants__present=9)
    item = f.AgendaItemFactory(session=session, proposal=f.ProposalFactory(state=state))
    before = snapshot()
    with pytest.raises(ActionRefused):
        deliberation.record_vote(item, secretary, 9, 0, 0)
    assert snapshot() == before


@pytest.mark.parametrize(
    "quorum, threshold, present, votes, outcome",
    [
        ("1/2", "1/2", 5, (3, 2, 0), AgendaItem.Outcome.RESOLVED),  # 5 of 10 is half: quorate
        ("3/4", "1/2", 8, (5, 3, 0), AgendaItem.Outcome.RESOLVED),  # 8 of 10 ≥ 7.5
        ("2/3", "2/3", 9, (6, 3, 0), AgendaItem.Outcome.NOT_ADOPTED),  # 6 of 9 is not more than two thirds
        ("2/3", "2/3", 9, (7, 2, 0), AgendaItem.Outcome.RESOLVED),
    ],
)
def test_record_vote_applies_the_sessions_rules(quorum, threshold, present, votes, outcome, db, secretary):
    session = f.SessionFactory(
        quorum=quorum, threshold=threshold, participants__present=present, participants__absent=10 - present
    )
    item = f.AgendaItemFactory(session=session)
    deliberation.record_vote(item, secretary, *votes)
    item.refresh_from_db()
    assert item.outcome == outcome


@pytest.mark.parametrize("quorum, present", [("1/2", 4), ("3/4", 7)])
def test_record_vote_refuses_below_the_sessions_quorum(quorum, present, db, secretary):
    session = f.SessionFactory(quorum=quorum, participants__present=present, participants__absent=10 - present)
    item = f.AgendaItemFactory(session=session)
    before = snapshot()
    with pytest.raises(ActionRefused, match="未达到法定人数"):
        deliberation.record_vote(item, secretary, present, 0, 0)
    assert snapshot() == before


def test_a_vote_on_a_cancelled_session_is_refused(db, secretary):
    """A cancelled 议事日 did not take place: nothing can have been voted there."""
    session = f.SessionFactory(status=Session.Status.CANCELLED, participants__present=9)
    item = f.AgendaItemFactory(session=session)
    before = snapshot()
    with pytest.raises(ActionRefused):
        deliberation.record_vote(item, secretary, 7, 1, 1)
    assert snapshot() == before


def test_a_vote_on_a_deferred_agenda_item_is_refused(db, secretary):
    """Deferred (暂缓) at one session and put on a later one: the earlier agenda item keeps its
    暂缓 outcome; the vote belongs to the later session's item."""
    proposal = f.ProposalFactory(state=State.ACCEPTED)
    first = f.SessionFactory(participants__present=9)
    workflow.perform(proposal, "schedule", secretary, session=first)
    workflow.perform(proposal, "defer", secretary, reason="需要先征求一楼住户意见。")
    workflow.perform(
        proposal, "schedule", secretary, session=f.SessionFactory(participants__present=9, date=f.days_from_today(40))
    )
    deferred_item = AgendaItem.objects.get(session=first)
    before = snapshot()

    with pytest.raises(ActionRefused):
        deliberation.record_vote(deferred_item, secretary, 7, 1, 1)

    assert snapshot() == before
