"""Masked names (consultation/privacy.py) and verified residents' ratings (evaluation.rate); the phone
numbers themselves are tested in tests/core/test_phones.py."""

import threading

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from consultation import evaluation
from consultation.errors import ActionRefused
from consultation.models import Proposal, Rating
from consultation.models.proposals import State
from consultation.models.ratings import satisfaction
from consultation.privacy import mask_name
from core import phones
from core.verification import VerifiedPhone
from tests.consultation import factories as f

# -- names ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, masked",
    [
        ("张晓明", "张*明"),
        ("张三", "张*"),
        ("欧阳晓明", "欧**明"),
        ("司马相如", "司**如"),
        ("王堃", "王*"),  # a rare character (U+5803) is one character like any other
        ("𠮷", "*"),  # U+20BB7, outside the BMP: one character, not two UTF-16 halves
        ("𠮷明", "𠮷*"),
        ("𠮷晓明", "𠮷*明"),
        ("张", "*"),  # one character: nothing can stay
        ("", ""),
        (None, ""),
        ("  张晓明 ", "张*明"),  # surrounding spaces are not part of the name
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_masking_keeps_the_length():
    assert len(mask_name("阿卜杜拉·买买提")) == len("阿卜杜拉·买买提")


@pytest.mark.django_db
def test_a_proposal_shows_its_proposer_masked():
    assert f.ProposalFactory(proposer_name="欧阳晓明").proposer_masked == "欧**明"


# -- rating ----------------------------------------------------------------------------------------------------


def voice(typed):
    """A number as the verification page hands it over: parsed, with the moment it was verified."""
    return VerifiedPhone(phones.parse_mobile(typed).number, timezone.now())


@pytest.fixture
def evaluating(db):
    return f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))


@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s in State.values if s != State.EVALUATING])
def test_rating_is_only_possible_during_evaluation(state):
    proposal = f.ProposalFactory(state=state, evaluation_ends_on=f.days_from_today(7))
    with pytest.raises(ActionRefused, match="不在评价期内"):
        evaluation.rate(proposal, Rating.Score.SATISFIED, voice("13800138000"))
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_rating_after_the_evaluation_period_is_refused():
    proposal = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(-1))
    with pytest.raises(ActionRefused, match="评价期已于"):
        evaluation.rate(proposal, Rating.Score.SATISFIED, voice("13800138000"))
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_rating_on_the_last_day_of_the_period_is_accepted():
    proposal = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.today())
    evaluation.rate(proposal, Rating.Score.MOSTLY, voice("13800138000"))
    assert proposal.ratings.count() == 1


def test_a_rating_is_stored_with_a_fingerprint_not_the_number(evaluating):
    rating = evaluation.rate(evaluating, Rating.Score.MOSTLY, voice("13800138000"), comment="  电梯很好，就是有点慢。 ")
    rating.refresh_from_db()
    assert (rating.proposal, rating.score, rating.comment) == (evaluating, "mostly", "电梯很好，就是有点慢。")
    assert rating.phone_fingerprint == phones.fingerprint("13800138000")
    assert rating.verified_at is not None
    assert "13800138000" not in str(Rating.objects.values().get())


def test_a_phone_number_rates_a_proposal_once(evaluating):
    evaluation.rate(evaluating, Rating.Score.SATISFIED, voice("13800138000"))
    with pytest.raises(ActionRefused, match="已经评价过"):
        evaluation.rate(evaluating, Rating.Score.UNSATISFIED, voice("13800138000"))
    assert list(evaluating.ratings.values_list("score", flat=True)) == ["satisfied"]


@pytest.mark.parametrize("typed", ["+86 138-0013-8000", "0086 13800138000", "138 0013 8000"])
def test_the_same_number_typed_differently_counts_as_the_same(evaluating, typed):
    evaluation.rate(evaluating, Rating.Score.SATISFIED, voice("13800138000"))
    with pytest.raises(ActionRefused, match="已经评价过"):
        evaluation.rate(evaluating, Rating.Score.UNSATISFIED, voice(typed))
    assert evaluating.ratings.count() == 1


def test_the_same_number_in_full_width_digits_counts_as_the_same(evaluating):
    evaluation.rate(evaluating, Rating.Score.SATISFIED, voice("13800138000"))
    with pytest.raises(ActionRefused, match="已经评价过"):
        evaluation.rate(evaluating, Rating.Score.UNSATISFIED, voice("１３８００１３８０００"))
    assert evaluating.ratings.count() == 1


def test_a_second_number_may_rate(evaluating):
    evaluation.rate(evaluating, Rating.Score.SATISFIED, voice("13800138000"))
    evaluation.rate(evaluating, Rating.Score.UNSATISFIED, voice("13900139000"))
    assert evaluating.ratings.count() == 2


def test_the_same_number_may_rate_another_proposal(evaluating):
    other = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))
    evaluation.rate(evaluating, Rating.Score.SATISFIED, voice("13800138000"))
    evaluation.rate(other, Rating.Score.SATISFIED, voice("13800138000"))
    assert (evaluating.ratings.count(), other.ratings.count()) == (1, 1)


def test_a_rating_needs_a_known_score(evaluating):
    """Only 满意 / 基本满意 / 不满意: anything else would make the satisfaction rate (and 办结) fail."""
    with pytest.raises(ActionRefused):
        evaluation.rate(evaluating, "excellent", voice("13800138000"))
    assert not evaluating.ratings.exists()


def test_a_rating_needs_a_verified_number(evaluating):
    """One rating per number cannot be enforced without a number its owner proved: none is refused."""
    with pytest.raises(ActionRefused, match="验证手机号"):
        evaluation.rate(evaluating, Rating.Score.SATISFIED, None)
    assert not evaluating.ratings.exists()


def test_a_leading_zero_does_not_make_a_second_rater(evaluating):
    """013812345678 is the trunk 0 before a mobile number, not a landline: the same resident."""
    evaluation.rate(evaluating, Rating.Score.SATISFIED, voice("13812345678"))
    with pytest.raises(ActionRefused, match="已经评价过"):
        evaluation.rate(evaluating, Rating.Score.UNSATISFIED, voice("013812345678"))
    assert evaluating.ratings.count() == 1


def test_unverified_ratings_stay_on_record_but_count_nowhere(evaluating):
    f.RatingFactory(proposal=evaluating, score=Rating.Score.UNSATISFIED, verified_at=None)
    evaluation.rate(evaluating, Rating.Score.SATISFIED, voice("13800138000"))
    rate, counts, total = satisfaction(evaluating.ratings.all())
    assert (rate, total, counts["unsatisfied"]) == (1.0, 1, 0)
    assert evaluating.ratings.count() == 2


# -- one rating per number, even at the same moment ---------------------------------------------------------

THREADS = 8
# The figure: 50 parallel ratings with one verified number (PostgreSQL only: SQLite has one writer).
CROWD = 50


def rate_at_once(proposal_pk, phones):
    """Every thread rates at the same moment (a barrier); returns what happened in each thread."""
    barrier = threading.Barrier(len(phones))
    outcomes = [None] * len(phones)

    def worker(index, phone):
        try:
            proposal = Proposal.objects.get(pk=proposal_pk)
            barrier.wait(timeout=30)
            try:
                evaluation.rate(proposal, Rating.Score.SATISFIED, voice(phone))
                outcomes[index] = "stored"
            except ActionRefused:
                outcomes[index] = "refused"
            except OperationalError as error:  # SQLite: "database is locked" / "database table is locked"
                outcomes[index] = ("operational", error)
        except BaseException as error:  # noqa: BLE001 - reported by the assertions below
            outcomes[index] = ("crashed", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, phone)) for i, phone in enumerate(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "phones",
    [
        ["13800138000"] * THREADS,
        ["13800138000", "+86 138-0013-8000", "0086 13800138000", "138 0013 8000"] * (THREADS // 4),
    ],
    ids=["same-spelling", "different-spellings"],
)
def test_simultaneous_ratings_from_one_number_store_exactly_one(phones):
    proposal = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))

    outcomes = rate_at_once(proposal.pk, phones)

    sqlite = connection.vendor == "sqlite"
    unexpected = [o for o in outcomes if o not in ("stored", "refused") and not (sqlite and o[0] == "operational")]
    assert unexpected == []
    assert Rating.objects.filter(proposal=proposal).count() == 1
    assert outcomes.count("stored") == 1
    if not sqlite:
        # PostgreSQL waits for the first insert to commit, then refuses the others by the unique constraint.
        assert outcomes.count("refused") == THREADS - 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_ratings_from_different_numbers_are_all_stored_on_postgresql():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite lets one writer in at a time; the others fail with 'database is locked'")
    proposal = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))

    outcomes = rate_at_once(proposal.pk, [f"1390013900{i}" for i in range(THREADS)])

    assert outcomes == ["stored"] * THREADS
    assert Rating.objects.filter(proposal=proposal).count() == THREADS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_parallel_ratings_with_one_verified_number_store_one_row_on_postgresql():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite lets one writer in at a time; PostgreSQL is where this is measured")
    proposal = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))

    outcomes = rate_at_once(
        proposal.pk, ["13812345678", "+86 138 1234 5678", "013812345678"] * 16 + ["13812345678"] * 2
    )

    assert len(outcomes) == CROWD
    assert (outcomes.count("stored"), outcomes.count("refused")) == (1, CROWD - 1)
    assert Rating.objects.filter(proposal=proposal).count() == 1
