"""Fixtures for the consultation tests: the community, users per role, a few ready-made records.

Groups 议事秘书, 议事委员, 居务监督委员会 and 责任单位 are created by
consultation/migrations/0002_consultation_groups.py, so they exist in every test database.
"""
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Site

from consultation import permissions
from tests.consultation import factories
from tests.factories import UserFactory


HERE = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _community_for_db_tests(request):
    """Every test of this folder that touches the database gets the default site set up as 花石社区
    (the `home` fixture). Test packages below this folder bring their own set-up."""
    if Path(request.node.path).resolve().parent != HERE:
        return
    marker = request.node.get_closest_marker("django_db")
    if marker is not None or {"db", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("home")


@pytest.fixture
def community(home):
    """The default Site: 花石社区, tracking prefix YS."""
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def other_community(home):
    """A second community on its own host, with its own tracking prefix."""
    from core.models import CommunitySettings

    site = Site.objects.create(hostname="qingxi.example.org", port=80, root_page=home, site_name="青溪社区")
    settings = CommunitySettings.for_site(site)
    settings.tracking_prefix = "QX"
    settings.save()
    return site


@pytest.fixture
def secretary(db):
    return UserFactory(username="mishu", group=permissions.SECRETARY, is_staff=True)


@pytest.fixture
def member(db):
    return UserFactory(username="weiyuan", group=permissions.MEMBER, is_staff=True)


@pytest.fixture
def supervisor(db):
    return UserFactory(username="jianwei", group=permissions.SUPERVISOR, is_staff=True)


@pytest.fixture
def unit(db):
    return factories.PartnerUnitFactory(name="花石物业服务中心", contact_person="周经理")


@pytest.fixture
def other_unit(db):
    return factories.PartnerUnitFactory(name="市政园林所", contact_person="吴所长")


@pytest.fixture
def unit_user(unit):
    """A 责任单位 account of `unit` (group membership alone is not enough: it must be in unit.members)."""
    user = UserFactory(username="wuye", group=permissions.UNIT, is_staff=True)
    unit.members.add(user)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def inactive_secretary(db):
    return UserFactory(username="lizhi", group=permissions.SECRETARY, is_staff=True, is_active=False)


@pytest.fixture
def staff_without_group(db):
    return UserFactory(username="linshi", is_staff=True)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def users(secretary, member, supervisor, unit_user, superuser, inactive_secretary, staff_without_group, anonymous):
    """Every kind of user by a short name, for tests that parametrize over roles."""
    return {
        "secretary": secretary, "member": member, "supervisor": supervisor, "unit_user": unit_user,
        "superuser": superuser, "inactive": inactive_secretary, "staff_without_group": staff_without_group,
        "anonymous": anonymous,
    }
