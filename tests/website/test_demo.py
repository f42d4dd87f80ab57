"""The demo command builds a lived-in community and is idempotent."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from core.models import CommunitySettings
from news.models import NewsCategory, NewsPage
from website.models import HomePage


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", flat=True)),
        "categories": NewsCategory.objects.count(),
        "images": get_image_model().objects.count(),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "settings": list(CommunitySettings.objects.values()),
    }


@pytest.mark.django_db
def test_demo_builds_the_community(client):
    call_command("load_demo", no_progress=True, stdout=open("/dev/null", "w"))
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert NewsPage.objects.live().count() >= 20
    assert set(NewsCategory.objects.values_list("name", flat=True)) >= {
        "党建引领",
        "邻里服务",
        "养老托幼",
        "议事协商",
        "通知公告",
    }
    assert all(page.image_id for page in NewsPage.objects.all()[:5])
    html = client.get("/").content.decode()
    assert "花石社区" in html


@pytest.mark.django_db
def test_demo_prints_the_admin_account(capsys):
    call_command("load_demo", no_progress=True)
    out = capsys.readouterr().out
    assert "admin" in out and "linli-demo-2026" in out
    assert get_user_model().objects.get(username="admin").check_password("linli-demo-2026")


@pytest.mark.django_db
def test_running_the_demo_twice_changes_nothing():
    call_command("load_demo", no_progress=True, stdout=open("/dev/null", "w"))
    before = snapshot()
    call_command("load_demo", no_progress=True, stdout=open("/dev/null", "w"))
    assert snapshot() == before


@pytest.mark.django_db
def test_synthetic_articles_are_idempotent_too():
    call_command("load_demo", articles=15, no_progress=True, stdout=open("/dev/null", "w"))
    assert NewsPage.objects.filter(slug__startswith="synthetic-").count() == 15
    call_command("load_demo", articles=15, no_progress=True, stdout=open("/dev/null", "w"))
    assert NewsPage.objects.filter(slug__startswith="synthetic-").count() == 15
