"""Fixtures for the tests of core/: its factories (users are registered in tests/conftest.py)."""

from pytest_factoryboy import register

from tests.core.factories import CommunityFactory

register(CommunityFactory, "community_site")
