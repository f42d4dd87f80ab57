"""Clients for the admin workflows: an editor, a moderator, and an anonymous visitor."""
import pytest
from django.test import Client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def visitor():
    """An anonymous visitor: no session cookie, so the page cache serves them."""
    return Client()
