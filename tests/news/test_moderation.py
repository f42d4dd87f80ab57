"""The news moderation workflow, driven through Wagtail's own admin views.

Editors (新闻编辑) write articles and submit them; moderators (新闻审核) approve, reject or
publish directly. Public pages are checked with a separate anonymous client, so that the
whole-page cache (website.page_cache) is in play exactly as for a real visitor.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from news.models import NewsPage
from tests.news.admin_forms import (
    article_form,
    create_article,
    edit_url,
    public_url,
    submit_for_moderation,
    workflow_action,
)
from website.page_cache import HEADER

pytestmark = pytest.mark.django_db

EDITORS = "新闻编辑"
MODERATORS = "新闻审核"


@pytest.fixture
def category(news_category_factory):
    return news_category_factory(name="邻里服务", slug="linli")


@pytest.fixture
def submitted(editor_client, news_index, category):
    """A new article the editor has written and submitted for moderation."""
    page = create_article(editor_client, news_index, category, "楼道灯全部换新", "loudao-deng")
    return submit_for_moderation(editor_client, page, category)


# --- groups, workflow and admin language -----------------------------------------------------


def test_news_groups_exist_after_migrations():
    assert set(Group.objects.filter(name__in=[EDITORS, MODERATORS]).values_list("name", flat=True)) == {
        EDITORS,
        MODERATORS,
    }


def test_root_page_workflow_is_one_group_approval_task_for_moderators():
    workflow = Page.get_first_root_node().get_workflow()
    assert workflow is not None
    assert workflow.name == "新闻发布审核"
    assert workflow.active
    tasks = [task.specific for task in workflow.tasks.all()]
    assert len(tasks) == 1
    assert isinstance(tasks[0], GroupApprovalTask)
    assert list(tasks[0].groups.values_list("name", flat=True)) == [MODERATORS]


def test_news_pages_fall_under_the_moderation_workflow(article):
    assert article.get_workflow().name == "新闻发布审核"


def test_admin_answers_in_chinese_for_an_editor(editor_client):
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    # Wagtail's zh_Hans catalogue: "Dashboard" → 控制面板, "Skip to main content" → 跳到主要内容.
    assert '<html lang="zh-hans"' in html
    assert "控制面板" in html
    assert "跳到主要内容" in html
    assert "Dashboard" not in html


# --- editors ---------------------------------------------------------------------------------


def test_editor_saves_a_draft_that_is_not_live(editor_client, news_index, category, editor):
    page = create_article(editor_client, news_index, category, "垃圾分类新规", "laji-fenlei")
    assert page.get_parent().pk == news_index.pk
    assert not page.live
    assert page.has_unpublished_changes
    revision = page.get_latest_revision()
    assert revision.user == editor
    assert revision.as_object().title == "垃圾分类新规"


def test_editor_previews_a_new_article(editor_client, news_index, category):
    url = reverse("wagtailadmin_pages:preview_on_add", args=("news", "newspage", news_index.pk))
    response = editor_client.post(url, article_form(category, "预览中的新文章", "yulan", body="预览正文。"))
    assert response.status_code == 200
    assert response.json() == {"is_valid": True, "is_available": True}

    response = editor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "预览中的新文章" in html
    assert "预览正文。" in html
    assert not NewsPage.objects.filter(slug="yulan").exists()


def test_editor_previews_unsaved_changes_to_a_draft(editor_client, news_index, category):
    page = create_article(editor_client, news_index, category, "原来的标题", "yuanlai")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    response = editor_client.post(url, article_form(category, "改过的标题", page.slug))
    assert response.status_code == 200
    assert response.json() == {"is_valid": True, "is_available": True}

    response = editor_client.get(url)
    assert response.status_code == 200
    assert "改过的标题" in response.content.decode()
    # Previewing saves nothing.
    assert page.get_latest_revision().as_object().title == "原来的标题"


def test_editor_can_resave_an_article_without_retyping_its_date(editor_client, article):
    """Opening an existing article and saving it unchanged must work and keep its date.

    The date is sent back exactly as the edit form shows it, as a browser would send it.
    """
    shown = querydict_from_html(editor_client.get(edit_url(article)).content.decode(), form_id="page-edit-form")
    data = article_form(article.category, article.title, article.slug, date=shown["date"])
    response = editor_client.post(edit_url(article), data)

    assert response.status_code == 302, (
        f"the edit form shows date={shown['date']!r} and rejects it when it is sent back"
    )
    article.refresh_from_db()
    assert article.get_latest_revision().as_object().date == article.date


def test_draft_is_not_visible_on_the_public_site(editor_client, news_index, category, visitor):
    create_article(editor_client, news_index, category, "还没发布的文章", "weifabu")
    assert visitor.get(public_url("weifabu")).status_code == 404
    assert "还没发布的文章" not in visitor.get("/news/").content.decode()


def test_editor_publish_button_does_not_publish(editor_client, news_index, category, visitor):
    page = create_article(
        editor_client, news_index, category, "编辑想直接发布", "zhijie-fabu", **{"action-publish": "发布"}
    )
    assert not page.live
    assert page.first_published_at is None
    assert visitor.get(public_url("zhijie-fabu")).status_code == 404


def test_editor_publish_button_on_edit_does_not_publish(editor_client, news_index, category):
    page = create_article(editor_client, news_index, category, "草稿", "caogao")
    response = editor_client.post(
        edit_url(page), article_form(category, "草稿（修改）", page.slug, **{"action-publish": "发布"})
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision().as_object().title == "草稿（修改）"


def test_editor_submits_for_moderation(submitted, editor, visitor):
    state = WorkflowState.objects.for_instance(submitted).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    assert state.workflow.name == "新闻发布审核"
    assert submitted.workflow_in_progress
    assert submitted.current_workflow_task.name == MODERATORS
    assert not submitted.live
    assert visitor.get(public_url(submitted.slug)).status_code == 404


def test_editor_cannot_approve_their_own_submission(editor_client, submitted):
    response = workflow_action(editor_client, submitted, "approve")
    # Wagtail answers a PermissionDenied in the admin by sending the user back to the dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    submitted.refresh_from_db()
    assert not submitted.live
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


# --- moderators ------------------------------------------------------------------------------


def test_moderator_approval_publishes_the_article(moderator_client, submitted, visitor):
    response = workflow_action(moderator_client, submitted, "approve", comment="可以发布。")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    state = WorkflowState.objects.for_instance(submitted).get()
    assert state.status == WorkflowState.STATUS_APPROVED

    response = visitor.get(public_url(submitted.slug))
    assert response.status_code == 200
    assert "楼道灯全部换新" in response.content.decode()


def test_approval_is_not_hidden_by_the_page_cache(moderator_client, submitted, visitor):
    # Before approval: the article 404s and the listing (now cached) does not have it.
    assert visitor.get(public_url(submitted.slug)).status_code == 404
    first = visitor.get("/news/")
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    assert "楼道灯全部换新" not in first.content.decode()
    second = visitor.get("/news/")
    assert second[HEADER] == "hit"  # the listing really is served from the cache

    workflow_action(moderator_client, submitted, "approve")

    article = visitor.get(public_url(submitted.slug))
    assert article.status_code == 200
    listing = visitor.get("/news/")
    assert listing.status_code == 200
    assert "楼道灯全部换新" in listing.content.decode()


def test_moderator_rejection_requests_changes(moderator_client, submitted, visitor):
    response = workflow_action(moderator_client, submitted, "reject", comment="请补充时间和地点。")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert not submitted.live
    state = WorkflowState.objects.for_instance(submitted).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = TaskState.objects.get(workflow_state=state)
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.get_comment() == "请补充时间和地点。"
    assert visitor.get(public_url(submitted.slug)).status_code == 404


def test_moderator_publishes_directly(moderator_client, news_index, category, visitor):
    before = visitor.get("/news/")
    assert "审核员直接发布" not in before.content.decode()

    page = create_article(
        moderator_client, news_index, category, "审核员直接发布", "shenhe-fabu", **{"action-publish": "发布"}
    )
    assert page.live
    assert not WorkflowState.objects.for_instance(page).exists()

    listing = visitor.get("/news/")
    assert "审核员直接发布" in listing.content.decode()
    assert visitor.get(public_url("shenhe-fabu")).status_code == 200


# --- revisions -------------------------------------------------------------------------------


@pytest.fixture
def edited_twice(moderator_client, news_index, category):
    """A draft saved twice with different titles and texts: (page, first revision, second revision)."""
    page = create_article(moderator_client, news_index, category, "第一版标题", "liangci", body="第一版正文。")
    first = page.get_latest_revision()
    response = moderator_client.post(
        edit_url(page), article_form(category, "第二版标题", page.slug, body="第二版正文。")
    )
    assert response.status_code == 302
    page.refresh_from_db()
    second = page.get_latest_revision()
    assert second.pk != first.pk
    return page, first, second


def test_revisions_compare_shows_both_versions(moderator_client, edited_twice):
    page, first, second = edited_twice
    url = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, first.pk, second.pk))
    response = moderator_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("第一版标题", "第二版标题", "第一版正文。", "第二版正文。"):
        assert text in html


def test_reverting_to_the_earlier_revision_brings_back_its_title(moderator_client, edited_twice, category):
    page, first, second = edited_twice
    url = reverse("wagtailadmin_pages:revisions_revert", args=(page.pk, first.pk))

    response = moderator_client.get(url)
    assert response.status_code == 200
    assert "第一版标题" in response.content.decode()  # the form shows the earlier version

    # "Replace current draft": the revert form posts the earlier version back to the same URL.
    response = moderator_client.post(url, article_form(category, "第一版标题", page.slug, body="第一版正文。"))
    assert response.status_code == 302
    page.refresh_from_db()
    latest = page.get_latest_revision()
    assert latest.pk not in (first.pk, second.pk)
    assert latest.as_object().title == "第一版标题"
    assert not page.live
