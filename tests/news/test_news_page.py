"""An article as a resident reads it: metadata, image, body blocks, related articles."""

import json

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from tests.news.factories import NewsCategoryFactory, NewsPageFactory


@pytest.fixture
def image(db):
    return wagtail_factories.ImageFactory(title="题图", description="志愿者为老人测量血压")


@pytest.fixture
def document(db):
    return Document.objects.create(title="报名表", file=ContentFile(b"a,b\r\n", name="form.csv"))


@pytest.fixture
def full_article(news_index, image, document):
    body = [
        {"type": "heading", "value": "活动安排"},
        {"type": "paragraph", "value": "<p>本周六上午在花石小区开展义诊。</p>"},
        {"type": "image", "value": {"image": image.pk, "caption": "义诊现场"}},
        {"type": "quote", "value": {"text": "家门口看病真方便。", "attribution": "居民 郑昇"}},
        {
            "type": "table",
            "value": {
                "data": [["时间", "地点"], ["9:00", "3号楼前"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "义诊时间表",
            },
        },
        {"type": "document", "value": {"document": document.pk, "title": "义诊报名表"}},
    ]
    return NewsPageFactory(
        parent=news_index,
        title="社区卫生服务中心进小区义诊",
        date="2026-11-23",
        author="王堃",
        source="榕溪街道社区卫生服务中心",
        image=image,
        body=json.dumps(body, ensure_ascii=False),
    )


@pytest.mark.django_db
def test_article_shows_date_author_source_and_image_alt(client, full_article):
    html = client.get(full_article.url).content.decode()
    assert "<h1>社区卫生服务中心进小区义诊</h1>" in html
    assert "2026年11月23日" in html
    assert "王堃" in html and "榕溪街道社区卫生服务中心" in html
    assert 'alt="志愿者为老人测量血压"' in html


@pytest.mark.django_db
def test_article_renders_every_body_block(client, full_article, document):
    html = client.get(full_article.url).content.decode()
    assert "活动安排</h2>" in html
    assert "本周六上午在花石小区开展义诊。" in html
    assert "<figcaption>义诊现场</figcaption>" in html
    assert "家门口看病真方便。" in html and "居民 郑昇" in html
    assert "<figcaption>义诊时间表</figcaption>" in html and '<th scope="col">时间</th>' in html
    assert "<td>3号楼前</td>" in html
    assert f'href="{document.url}"' in html and "义诊报名表" in html


@pytest.mark.django_db
def test_every_image_has_alt_text(client, full_article):
    import re

    html = client.get(full_article.url).content.decode()
    images = re.findall(r"<img [^>]*>", html)
    assert images
    for tag in images:
        assert re.search(r'alt="[^"]+"', tag), tag


@pytest.mark.django_db
def test_html_in_text_fields_is_escaped(client, news_index):
    page = NewsPageFactory(parent=news_index, intro="<script>alert(1)</script>", author="<b>某人</b>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;某人&lt;/b&gt;" in html


@pytest.mark.django_db
def test_related_articles_share_category_or_tag(client, news_index):
    care = NewsCategoryFactory(name="养老托幼", slug="care")
    party = NewsCategoryFactory(name="党建引领", slug="party")
    article = NewsPageFactory(parent=news_index, title="长者食堂开业", category=care)
    NewsPageFactory(parent=news_index, title="托育点招生", category=care)
    tagged = NewsPageFactory(parent=news_index, title="党员志愿者进食堂", category=party)
    unrelated = NewsPageFactory(parent=news_index, title="主题党日活动", category=party)
    article.tags.add("老年食堂")
    article.save()
    tagged.tags.add("老年食堂")
    tagged.save()
    html = client.get(article.url).content.decode()
    related = html[html.index("相关文章") :]
    assert "托育点招生" in related and "党员志愿者进食堂" in related
    assert unrelated.title not in related
    assert "长者食堂开业" not in related


@pytest.mark.django_db
def test_article_page_query_count(client, full_article, news_index, django_assert_max_num_queries):
    from django.core.cache import cache

    for _ in range(20):
        NewsPageFactory(parent=news_index, category=full_article.category)
    client.get(full_article.url)  # the first view creates the image renditions
    cache.clear()
    with django_assert_max_num_queries(20):
        assert client.get(full_article.url).status_code == 200


@pytest.mark.django_db
def test_article_has_print_stylesheet(client, full_article):
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    assert "@media print" in css
    html = client.get(full_article.url).content.decode()
    assert "css/site.css" in html
