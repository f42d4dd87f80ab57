"""一户一评 on the public site: residents verify their number by text message and rate; where the
community counts by household, only numbers on its roster may rate, and one household rates once
whichever of its numbers it uses."""

import pytest
from django.test import Client

from consultation import households
from consultation.models import Rating
from consultation.models.proposals import State
from core.models import CommunitySettings
from tests.consultation import factories as f
from tests.consultation.web.verification import rate_url, verify

pytestmark = pytest.mark.django_db

ROSTER = "\n".join(["楼栋,房号,手机号", '3号楼,1202,"13812345671、13812345672"', "3号楼,1203,13812345673", ""]).encode()


def text(response):
    return response.content.decode()


@pytest.fixture
def evaluating(db):
    return f.ProposalFactory(title="3号楼加装电梯", state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))


@pytest.fixture
def roster(community, secretary):
    households.import_roster(community, secretary, ROSTER)
    return community


@pytest.fixture
def household_mode(roster):
    settings = CommunitySettings.for_site(roster)
    settings.rating_scope = CommunitySettings.RatingScope.HOUSEHOLD
    settings.save()
    return settings


def rate_as(phone, proposal, score="satisfied", client=None):
    client = client or Client()
    verify(client, phone, next_url=proposal.get_absolute_url())
    return client.post(rate_url(proposal), {"score": score, "comment": ""})


def test_a_household_rates_once_whichever_resident_rates(household_mode, evaluating):
    first = rate_as("13812345671", evaluating, "satisfied")
    assert first.status_code == 302
    assert first["Location"] == evaluating.get_absolute_url() + "#evaluation"

    second = rate_as("13812345672", evaluating, "unsatisfied")
    assert second.status_code == 409, text(second)
    assert "3号楼1202 已经有家人评价过这个议题了，一户只能评价一次。" in text(second)
    assert "13812345672" not in text(second)
    assert list(Rating.objects.values_list("score", flat=True)) == ["satisfied"]


def test_the_neighbours_next_door_rate_for_their_own_household(household_mode, evaluating):
    assert rate_as("13812345671", evaluating).status_code == 302
    assert rate_as("13812345673", evaluating, "mostly").status_code == 302
    assert sorted(Rating.objects.values_list("score", flat=True)) == ["mostly", "satisfied"]


def test_a_verified_number_off_the_roster_is_told_to_register(household_mode, evaluating):
    response = rate_as("13912345678", evaluating)
    assert 400 <= response.status_code < 500
    assert response.status_code != 409
    page = text(response)
    assert "本社区议评实行一户一评，139****5678 不在住户名册上。请到社区居委会登记手机号后再评价。" in page
    assert "13912345678" not in page
    assert not Rating.objects.exists()


def test_the_refused_form_keeps_the_residents_choice_to_try_again(household_mode, evaluating):
    client = Client()
    verify(client, "13912345678")
    response = client.post(rate_url(evaluating), {"score": "mostly", "comment": "电梯噪音大"})
    assert 400 <= response.status_code < 500
    assert 'name="score"' in text(response)
    assert "电梯噪音大" in text(response)


def test_without_household_mode_every_verified_number_rates(roster, evaluating):
    assert rate_as("13812345671", evaluating).status_code == 302
    assert rate_as("13812345672", evaluating).status_code == 302  # same household, counted by number
    assert rate_as("13912345678", evaluating).status_code == 302  # not on the roster
    assert Rating.objects.count() == 3
