"""The public page cache: served to anonymous visitors, invalidated the moment content changes."""

import pytest
from wagtail.models import PageViewRestriction

from core.models import CommunitySettings
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from website.page_cache import HEADER


def get(client, url):
    response = client.get(url)
    return response, response.content.decode()


@pytest.mark.django_db
def test_second_anonymous_request_is_served_from_cache(client, article):
    first, _ = get(client, "/news/")
    second, _ = get(client, "/news/")
    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert first.content == second.content


@pytest.mark.django_db
def test_publishing_shows_at_once(client, news_index):
    get(client, "/news/")
    NewsPageFactory(parent=news_index, title="刚刚发布的通知")
    response, html = get(client, "/news/")
    assert response[HEADER] == "miss"
    assert "刚刚发布的通知" in html


@pytest.mark.django_db
def test_editing_a_live_page_shows_at_once(client, article):
    get(client, article.url)
    article.title = "修改后的标题"
    article.save_revision().publish()
    _, html = get(client, article.url)
    assert "修改后的标题" in html


@pytest.mark.django_db
def test_saving_a_draft_does_not_change_the_public_page(client, article):
    original = article.title
    article.title = "尚未发布的修改"
    article.save_revision()
    _, html = get(client, article.url)
    assert original in html and "尚未发布的修改" not in html


@pytest.mark.django_db
def test_unpublishing_removes_at_once(client, article):
    url = article.url
    assert get(client, url)[0].status_code == 200
    get(client, "/news/")
    article.unpublish()
    assert get(client, url)[0].status_code == 404
    assert article.title not in get(client, "/news/")[1]


@pytest.mark.django_db
def test_moving_a_page_shows_at_once(client, home, article):
    other = NewsIndexPageFactory(parent=home, title="存档", slug="archive")
    old_url = article.url
    get(client, old_url)
    get(client, "/archive/")
    article.move(other, pos="last-child")
    moved = get(client, old_url)[0]
    assert moved.status_code == 301 and moved["Location"].endswith(f"/archive/{article.slug}/")
    assert article.title in get(client, "/archive/")[1]


@pytest.mark.django_db
def test_deleting_shows_at_once(client, article):
    url = article.url
    get(client, url)
    article.delete()
    assert get(client, url)[0].status_code == 404


@pytest.mark.django_db
def test_changing_settings_shows_at_once(client, home):
    get(client, "/")
    settings = CommunitySettings.for_site(home.get_site())
    settings.phone = "0591-88886666"
    settings.save()
    assert "0591-88886666" in get(client, "/")[1]


@pytest.mark.django_db
def test_logged_in_editor_is_never_cached_nor_served_cache(client, admin_user, article):
    client.force_login(admin_user)
    response, html = get(client, article.url)
    assert HEADER not in response
    assert "wagtail-userbar" in html or "w-userbar" in html
    client.logout()
    anonymous, html = get(client, article.url)
    assert anonymous[HEADER] == "miss"
    assert "w-userbar" not in html and "wagtail-userbar" not in html


@pytest.mark.django_db
def test_anonymous_never_gets_a_page_cached_for_an_editor(client, admin_user, article):
    client.force_login(admin_user)
    get(client, "/news/")
    client.logout()
    response, html = get(client, "/news/")
    assert response[HEADER] == "miss"
    assert "userbar" not in html


@pytest.mark.django_db
def test_preview_of_a_draft_is_never_cached(client, admin_user, article):
    from django.urls import reverse

    article.title = "草稿标题"
    article.save_revision()
    client.force_login(admin_user)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(article.pk,)))
    assert "草稿标题" in preview.content.decode()
    client.logout()
    assert "草稿标题" not in get(client, article.url)[1]


@pytest.mark.django_db
def test_private_pages_are_not_cached(client, article):
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="secret")
    response = client.get(article.url)
    assert "secret" not in response.content.decode()
    assert response.get(HEADER) != "hit"
    response = client.get(article.url)
    assert response.get(HEADER) != "hit"


@pytest.mark.django_db
def test_not_found_is_not_cached(client, home):
    assert client.get("/nothing-here/").status_code == 404
    response = client.get("/nothing-here/")
    assert response.get(HEADER) is None


@pytest.mark.django_db
def test_health_check_is_never_cached(client):
    response = client.get("/healthz/")
    assert response.content == b"ok"
    assert HEADER not in response
