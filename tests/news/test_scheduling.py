"""Scheduled publishing and expiry of news articles.

A moderator publishes through the admin edit form with a go-live time in the future; the
`publish_scheduled` command (run by cron in production) makes the article live once that time
has passed, and unpublishes articles whose expiry time has passed. Time is moved forward by
patching `django.utils.timezone.now`, which both the command and Wagtail's publish action call.
"""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from news.models import NewsPage
from tests.news.admin_forms import article_form, create_article, edit_url, public_url
from website.page_cache import HEADER

pytestmark = pytest.mark.django_db

TITLE = "下周二小区停水通知"
SLUG = "tingshui"


def form_datetime(value):
    """A datetime as typed into the admin's date-time field (local time, minute precision)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def at_minute(value):
    return value.replace(second=0, microsecond=0)


def run_publish_scheduled(at):
    """Run the cron job as if the clock showed `at`."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        call_command("publish_scheduled")


@pytest.fixture
def category(news_category_factory):
    return news_category_factory(name="通知公告", slug="tongzhi")


@pytest.fixture
def go_live_at():
    return at_minute(timezone.now() + datetime.timedelta(days=1))


@pytest.fixture
def draft(moderator_client, news_index, category):
    return create_article(moderator_client, news_index, category, TITLE, SLUG)


@pytest.fixture
def scheduled(moderator_client, draft, category, go_live_at):
    """The draft, published by a moderator through the edit form with a go-live time tomorrow."""
    data = article_form(category, TITLE, SLUG, go_live_at=form_datetime(go_live_at), **{"action-publish": "发布"})
    response = moderator_client.post(edit_url(draft), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    return draft


def test_publishing_with_a_future_go_live_time_only_schedules(scheduled, go_live_at):
    assert not scheduled.live
    assert scheduled.go_live_at == go_live_at
    assert scheduled.get_latest_revision().approved_go_live_at == go_live_at


def test_scheduled_article_is_not_public_before_its_time(scheduled, visitor):
    assert visitor.get(public_url(SLUG)).status_code == 404
    listing = visitor.get("/news/")
    assert listing.status_code == 200
    assert TITLE not in listing.content.decode()


def test_publish_scheduled_before_the_time_changes_nothing(scheduled, go_live_at, visitor):
    run_publish_scheduled(go_live_at - datetime.timedelta(hours=1))
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert visitor.get(public_url(SLUG)).status_code == 404


def test_publish_scheduled_after_the_time_publishes_the_article(scheduled, go_live_at, visitor):
    run_publish_scheduled(go_live_at + datetime.timedelta(minutes=5))
    scheduled.refresh_from_db()
    assert scheduled.live
    assert scheduled.get_latest_revision().approved_go_live_at is None
    response = visitor.get(public_url(SLUG))
    assert response.status_code == 200
    assert TITLE in response.content.decode()


def test_scheduled_publication_refreshes_the_cached_news_listing(scheduled, go_live_at, visitor):
    first = visitor.get("/news/")
    assert first[HEADER] == "miss"
    second = visitor.get("/news/")
    assert second[HEADER] == "hit"  # the listing without the article is now cached
    assert TITLE not in second.content.decode()

    run_publish_scheduled(go_live_at + datetime.timedelta(minutes=5))

    listing = visitor.get("/news/")
    assert listing.status_code == 200
    assert TITLE in listing.content.decode()


def test_expired_article_is_unpublished_and_leaves_the_listing(moderator_client, article, visitor):
    expire_at = at_minute(timezone.now() + datetime.timedelta(days=7))
    data = article_form(
        article.category,
        article.title,
        article.slug,
        expire_at=form_datetime(expire_at),
        **{"action-publish": "发布"},
    )
    response = moderator_client.post(edit_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.live
    assert article.expire_at == expire_at

    # The listing shows the article and is cached.
    assert article.title in visitor.get("/news/").content.decode()
    assert visitor.get("/news/")[HEADER] == "hit"

    run_publish_scheduled(expire_at + datetime.timedelta(minutes=1))

    article.refresh_from_db()
    assert not article.live
    assert article.expired
    assert article.title not in visitor.get("/news/").content.decode()
    assert visitor.get(public_url(article.slug)).status_code == 404


def test_publish_scheduled_leaves_unexpired_articles_alone(article, visitor):
    NewsPage.objects.filter(pk=article.pk).update(expire_at=timezone.now() + datetime.timedelta(days=1))
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert article.title in visitor.get("/news/").content.decode()


def test_scheduled_time_survives_saving_the_edit_form_again(moderator_client, draft, category, go_live_at):
    """A moderator sets a go-live time, saves, then saves the edit form again unchanged.

    The second save sends back what the edit form shows in its go-live field, exactly as a browser
    would; the scheduled time must still be there afterwards.
    """
    data = article_form(category, TITLE, SLUG, go_live_at=form_datetime(go_live_at))
    assert moderator_client.post(edit_url(draft), data).status_code == 302

    shown = querydict_from_html(moderator_client.get(edit_url(draft)).content.decode(), form_id="page-edit-form")
    data = article_form(category, TITLE, SLUG, go_live_at=shown["go_live_at"])
    response = moderator_client.post(edit_url(draft), data)

    assert response.status_code == 302, (
        f"the edit form shows go_live_at={shown['go_live_at']!r} and rejects it when it is sent back"
    )
    draft.refresh_from_db()
    assert draft.get_latest_revision().as_object().go_live_at == go_live_at
