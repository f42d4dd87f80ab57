"""Helpers that drive Wagtail's page editor as the admin's forms do."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.blocks import RICH_TEXT_FEATURES
from news.models import NewsPage


def article_form(category, title, slug, body="社区正文内容。", intro="一段摘要。", **extra):
    """The POST data of the NewsPage editor, as Wagtail's page form sends it."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2026-03-01",
            "category": category.pk,
            "tags": "",
            "author": "陈晓岚",
            "source": "花石社区居委会",
            "intro": intro,
            "image": "",
            "body": streamfield([("paragraph", rich_text(f"<p>{body}</p>", features=RICH_TEXT_FEATURES))]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )
    data.update(extra)
    return data


def add_url(news_index):
    return reverse("wagtailadmin_pages:add", args=("news", "newspage", news_index.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def public_url(slug):
    return f"/news/{slug}/"


def create_article(client, news_index, category, title, slug, **extra):
    """Post the "add page" form (by default the plain save button) and return the new page."""
    response = client.post(add_url(news_index), article_form(category, title, slug, **extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return NewsPage.objects.get(slug=slug)


def submit_for_moderation(client, page, category, title=None, **extra):
    data = article_form(category, title or page.title, page.slug, **{"action-submit": "提交审核", **extra})
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    return page


def workflow_action(client, page, action, comment=""):
    task_state = page.current_workflow_task_state
    assert task_state is not None, "the page is not awaiting moderation"
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})
