"""Every page type routes, renders, and sits only where it belongs in the page tree."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from news.models import NewsIndexPage, NewsPage
from website.models import HomePage


class PageTreeTests(WagtailPageTestCase):
    def test_home_page_only_below_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {NewsIndexPage})

    def test_news_index_only_below_home(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})

    def test_articles_only_below_the_news_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())


@pytest.mark.django_db
def test_every_page_type_routes_and_renders(client, home, news_index, article):
    for page, path in ((home, "/"), (news_index, "/news/"), (article, f"/news/{article.slug}/")):
        assert page.url == path
        response = client.get(path)
        assert response.status_code == 200
        assert response.context["page"].pk == page.pk


@pytest.mark.django_db
def test_news_index_routes_its_feed(client, news_index):
    assert client.get("/news/feed/").status_code == 200


@pytest.mark.django_db
def test_unknown_pages_get_a_chinese_404(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


@pytest.mark.django_db
def test_seal_image_appears_in_the_footer(client, home):
    import wagtail_factories

    from core.models import CommunitySettings

    settings = CommunitySettings.for_site(home.get_site())
    settings.seal_image = wagtail_factories.ImageFactory(title="印章")
    settings.save()
    html = client.get("/").content.decode()
    assert 'class="site-footer__seal"' in html and "花石社区居民委员会印章" in html
