"""一户一评 as the domain sees it: importing the roster (only the secretary, all or nothing, an audit
entry with counts and never a number), rating by household through evaluation.rate, and what
evaluation.evidence tells the staff about where the ratings came from."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

from consultation import evaluation, households
from consultation.errors import ActionRefused
from consultation.models import Rating
from consultation.models.proposals import State
from core import phones, roster
from core.models import CommunitySettings, RosterEntry
from tests.consultation import factories as f
from tests.consultation.factories import verified

pytestmark = pytest.mark.django_db

ROSTER = "\n".join(
    [
        "楼栋,房号,手机号",
        '3号楼,1202,"13812345671、13812345672"',
        "3号楼,1203,13812345673",
        "5号楼,501,13812345674",
        "",
    ]
).encode()
NUMBERS = ("13812345671", "13812345672", "13812345673", "13812345674")


def roster_rows(site):
    return list(RosterEntry.objects.filter(site=site).order_by("pk").values())


def roster_log():
    return ModelLogEntry.objects.filter(
        action="consultation.roster", content_type=ContentType.objects.get_for_model(CommunitySettings)
    )


@pytest.fixture
def household_mode(community):
    settings = CommunitySettings.for_site(community)
    settings.rating_scope = CommunitySettings.RatingScope.HOUSEHOLD
    settings.save()
    return settings


@pytest.fixture
def on_roster(community, secretary):
    households.import_roster(community, secretary, ROSTER)
    return community


@pytest.fixture
def evaluating(db):
    return f.ProposalFactory(title="3号楼加装电梯", state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))


# -- importing --------------------------------------------------------------------------------------------


def test_the_secretary_imports_a_roster_and_gets_its_counts(community, secretary):
    summary = households.import_roster(community, secretary, ROSTER)
    assert (summary["households"], summary["numbers"]) == (3, 4)
    assert summary["imported_at"] is not None
    assert roster.household_of(community, phones.fingerprint("13812345672")).label == "3号楼1202"


def test_the_import_is_audited_with_counts_and_no_number_or_address(community, secretary):
    households.import_roster(community, secretary, ROSTER)
    entry = roster_log().get()
    assert entry.user == secretary
    assert entry.data == {"households": 3, "numbers": 4}
    assert str(entry.object_id) == str(CommunitySettings.for_site(community).pk)
    logged = repr(entry.data) + entry.label
    for secret in (*NUMBERS, *(n[-8:] for n in NUMBERS), "1202", "5号楼"):
        assert secret not in logged


def test_a_second_import_replaces_the_first_and_is_audited_again(on_roster, secretary):
    summary = households.import_roster(on_roster, secretary, "楼栋,房号,手机号\n9号楼,901,13912345678\n".encode())
    assert (summary["households"], summary["numbers"]) == (1, 1)
    assert roster.household_of(on_roster, phones.fingerprint("13812345671")) is None
    assert [e.data for e in roster_log().order_by("pk")] == [
        {"households": 3, "numbers": 4},
        {"households": 1, "numbers": 1},
    ]


def test_a_superuser_may_import(community, superuser):
    assert households.import_roster(community, superuser, ROSTER)["numbers"] == 4


@pytest.mark.parametrize("role", ["member", "supervisor", "unit_user", "inactive", "staff_without_group", "anonymous"])
def test_others_may_not_import_and_nothing_changes(users, role, on_roster):
    before, logged = roster_rows(on_roster), roster_log().count()
    with pytest.raises(ActionRefused) as refusal:
        households.import_roster(on_roster, users[role], "楼栋,房号,手机号\n9号楼,901,13912345678\n".encode())
    assert not isinstance(refusal.value, households.RosterRefused)
    assert "管理住户名册" in str(refusal.value)
    assert roster_rows(on_roster) == before
    assert roster_log().count() == logged


def test_a_file_with_errors_is_refused_row_by_row_and_the_old_roster_stays(on_roster, secretary):
    before, logged = roster_rows(on_roster), roster_log().count()
    bad = "\n".join(["楼栋,房号,手机号", "9号楼,901,13912345678", ",902,13912345679", "9号楼,903,15412345678"])
    with pytest.raises(households.RosterRefused) as refusal:
        households.import_roster(on_roster, secretary, bad.encode())
    assert "原名册保持不变" in str(refusal.value)
    assert [error.split("：")[0] for error in refusal.value.errors] == ["第 3 行", "第 4 行"]
    assert roster_rows(on_roster) == before
    assert roster_log().count() == logged


@pytest.mark.parametrize(
    "data", [b"", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\x80", "姓名,电话\n张三,13912345678\n".encode()]
)
def test_a_file_that_is_no_roster_is_refused_and_the_old_roster_stays(on_roster, secretary, data):
    before = roster_rows(on_roster)
    with pytest.raises(households.RosterRefused) as refusal:
        households.import_roster(on_roster, secretary, data)
    assert len(refusal.value.errors) == 1
    assert roster_rows(on_roster) == before


# -- 一户一评 ---------------------------------------------------------------------------------------------


def test_in_household_mode_a_number_off_the_roster_may_not_rate(household_mode, on_roster, evaluating):
    with pytest.raises(ActionRefused) as refusal:
        evaluation.rate(evaluating, "satisfied", verified("13912345678"))
    assert not isinstance(refusal.value, evaluation.AlreadyRated)
    message = str(refusal.value)
    assert "住户名册" in message and "139****5678" in message and "13912345678" not in message
    assert not Rating.objects.exists()


def test_in_household_mode_without_a_roster_nobody_may_rate(household_mode, evaluating):
    with pytest.raises(ActionRefused, match="住户名册"):
        evaluation.rate(evaluating, "satisfied", verified("13812345671"))
    assert not Rating.objects.exists()


def test_one_household_rates_once_whichever_number_it_uses(household_mode, on_roster, evaluating):
    first = evaluation.rate(evaluating, "satisfied", verified("13812345671"), "  很好  ")
    assert first.household_key == roster.household_of(on_roster, phones.fingerprint("13812345671")).household_key
    assert first.comment == "很好"
    with pytest.raises(evaluation.AlreadyRated) as refusal:
        evaluation.rate(evaluating, "unsatisfied", verified("13812345672"))
    assert "3号楼1202 已经有家人评价过这个议题了" in str(refusal.value)
    assert "13812345672" not in str(refusal.value)
    assert list(Rating.objects.values_list("score", flat=True)) == ["satisfied"]


def test_in_household_mode_the_same_number_twice_is_told_so_as_a_number(household_mode, on_roster, evaluating):
    evaluation.rate(evaluating, "satisfied", verified("13812345671"))
    with pytest.raises(evaluation.AlreadyRated, match=r"138\*\*\*\*5671 已经评价过这个议题了"):
        evaluation.rate(evaluating, "mostly", verified("13812345671"))
    assert Rating.objects.count() == 1


def test_neighbouring_households_each_rate(household_mode, on_roster, evaluating):
    for number in ("13812345671", "13812345673", "13812345674"):
        evaluation.rate(evaluating, "satisfied", verified(number))
    assert Rating.objects.count() == 3
    assert len(set(Rating.objects.values_list("household_key", flat=True))) == 3


def test_a_household_rates_each_proposal_once(household_mode, on_roster, evaluating):
    other = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))
    evaluation.rate(evaluating, "satisfied", verified("13812345671"))
    evaluation.rate(other, "mostly", verified("13812345672"))
    assert Rating.objects.count() == 2


def test_another_communitys_roster_does_not_count(household_mode, other_community, secretary, evaluating):
    households.import_roster(other_community, secretary, ROSTER)
    with pytest.raises(ActionRefused, match="住户名册"):
        evaluation.rate(evaluating, "satisfied", verified("13812345671"))
    assert not Rating.objects.exists()


def test_in_number_mode_the_roster_is_ignored(on_roster, evaluating):
    assert not CommunitySettings.for_site(on_roster).one_rating_per_household
    evaluation.rate(evaluating, "satisfied", verified("13912345678"))  # not on the roster
    evaluation.rate(evaluating, "satisfied", verified("13812345671"))
    evaluation.rate(evaluating, "mostly", verified("13812345672"))  # same household
    assert Rating.objects.count() == 3
    assert set(Rating.objects.values_list("household_key", flat=True)) == {""}
    with pytest.raises(evaluation.AlreadyRated, match=r"138\*\*\*\*5672 已经评价过"):
        evaluation.rate(evaluating, "mostly", verified("13812345672"))


def test_household_mode_still_checks_the_period_first(household_mode, on_roster):
    ended = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(-1))
    with pytest.raises(ActionRefused, match="评价期已于"):
        evaluation.rate(ended, "satisfied", verified("13812345671"))
    with pytest.raises(ActionRefused, match="请先用短信验证码验证手机号"):
        evaluation.rate(ended, "satisfied", None)
    assert not Rating.objects.exists()


# -- evidence -------------------------------------------------------------------------------------------------


def test_evidence_counts_verified_household_and_uncounted_ratings_by_day(household_mode, on_roster, evaluating):
    evaluation.rate(evaluating, "satisfied", verified("13812345671"))
    evaluation.rate(evaluating, "mostly", verified("13812345673"))
    yesterday = timezone.now() - datetime.timedelta(days=1)
    f.RatingFactory(proposal=evaluating, created_at=yesterday, verified_at=yesterday)  # a number, no household
    f.RatingFactory(proposal=evaluating, verified_at=None)  # from before verification
    f.RatingFactory(proposal=evaluating, verified_at=None)
    f.RatingFactory(verified_at=timezone.now())  # another proposal's
    evidence = evaluation.evidence(evaluating)
    assert evidence["total"] == 5
    assert evidence["verified"] == 3
    assert evidence["households"] == 2
    assert evidence["not_counted"] == 2
    assert evidence["by_day"] == [
        (timezone.localtime(yesterday).date(), 1),
        (timezone.localdate(), 2),
    ]
    assert evidence["first_verified"] == yesterday
    assert evidence["last_verified"] > yesterday


def test_evidence_of_a_proposal_without_ratings_is_all_zero(evaluating):
    evidence = evaluation.evidence(evaluating)
    assert (evidence["total"], evidence["verified"], evidence["households"], evidence["not_counted"]) == (0, 0, 0, 0)
    assert evidence["by_day"] == [] and evidence["first_verified"] is None
