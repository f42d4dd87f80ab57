"""Chinese search: words inside longer text, mixed scripts, full-width input, ranking, privacy."""

import datetime

import pytest
from django.urls import reverse

from tests.consultation.factories import NoticeFactory, ProposalFactory, SessionFactory
from tests.core.factories import UserFactory
from tests.news.factories import NewsPageFactory, paragraphs


@pytest.fixture
def content(home, news_index):
    old = NewsPageFactory(
        parent=news_index,
        title="社区新闻简报",
        date=datetime.date(2025, 3, 1),
        intro="本期提到小区电动车充电难的问题。",
        body=paragraphs("花石小区3号楼前新增5G基站。"),
    )
    titled = NewsPageFactory(
        parent=news_index,
        title="小区电动车充电难怎么办",
        date=datetime.date(2026, 5, 1),
        intro="居民可拨打12345热线反映。",
        body=paragraphs("充电棚选址已确定。"),
    )
    newer = NewsPageFactory(
        parent=news_index,
        title="充电棚建成",
        date=datetime.date(2026, 9, 1),
        intro="电动车充电难终于解决。",
        body=paragraphs("免费WiFi覆盖议事厅。"),
    )
    proposal = ProposalFactory(
        title="榕溪苑加装电梯",
        description="3号楼老人多，希望加装电梯。",
        category="elderly",
        estate="榕溪苑",
        building="",
        proposer_name="欧阳明辉",
        proposer_phone="13812345678",
        state="accepted",
    )
    hidden = ProposalFactory(
        title="流浪猫太多",
        description="希望处理流浪猫。",
        category="other",
        estate="花石小区",
        building="",
        proposer_name="张晓明",
        proposer_phone="13912345678",
    )
    session = SessionFactory(
        date=datetime.date(2026, 6, 1),
        venue="党群服务中心",
        host="林晓岚",
        recorder="郑昇",
        summary="讨论了夜间共享停车位。",
    )
    notice = NoticeFactory(
        kind="result",
        title="关于路灯维修的公示",
        body="如有异议请拨打12345热线。",
        published_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
    )
    return locals()


def titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    page = response.context["search_results"]
    return [result.title for result in page] if page is not None else []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ("电动车", "小区电动车充电难怎么办"),  # a word inside a longer run
        ("车充", "小区电动车充电难怎么办"),  # a run no dictionary calls a word
        ("充电难", "小区电动车充电难怎么办"),
        ("5G", "社区新闻简报"),
        ("５ｇ", "社区新闻简报"),  # full-width and lower case
        ("12345热线", "小区电动车充电难怎么办"),
        ("１２３４５热线", "关于路灯维修的公示"),
        ("3号楼", "榕溪苑加装电梯"),
        ("wifi", "充电棚建成"),
        ("共享停车", "2026年6月议事日"),
        ("加装电梯 3号楼", "榕溪苑加装电梯"),  # every term must match
    ],
)
def test_finds_what_residents_type(client, content, query, expected):
    assert expected in titles(client, query)


@pytest.mark.django_db
def test_all_terms_must_match(client, content):
    assert titles(client, "电梯 5G") == []


@pytest.mark.django_db
def test_a_run_split_across_words_is_not_a_match(client, content):
    assert titles(client, "电动车库") == []


@pytest.mark.django_db
def test_title_matches_first_then_newest(client, content):
    found = titles(client, "电动车充电难")
    assert found[0] == "小区电动车充电难怎么办"
    assert found.index("充电棚建成") < found.index("社区新闻简报")


@pytest.mark.django_db
def test_results_say_what_they_are_and_highlight_the_match(client, content):
    html = client.get("/search/", {"q": "加装电梯"}).content.decode()
    assert "议题" in html and "<mark>加装电梯</mark>" in html
    html = client.get("/search/", {"q": "路灯"}).content.decode()
    assert "公示" in html and "关于路灯维修的公示" in html


@pytest.mark.django_db
def test_private_and_unpublished_content_is_never_found(client, content):
    assert titles(client, "流浪猫") == []  # proposal not yet accepted
    assert titles(client, "欧阳明辉") == []  # proposer's name
    assert titles(client, "13812345678") == []  # proposer's phone
    content["newer"].unpublish()
    assert "充电棚建成" not in titles(client, "充电棚")


@pytest.mark.django_db
def test_the_index_follows_edits_and_deletions(client, content):
    page = content["titled"]
    page.title = "电动自行车集中停放"
    page.save_revision().publish()
    assert "电动自行车集中停放" in titles(client, "集中停放")
    assert "小区电动车充电难怎么办" not in titles(client, "怎么办")
    content["proposal"].delete()
    assert titles(client, "榕溪苑加装") == []


@pytest.mark.django_db
def test_the_admin_finds_chinese_words_too(client, content):
    client.force_login(UserFactory(username="mishu", group="议事秘书", is_staff=True))
    html = client.get(reverse("proposal:index"), {"q": "电梯"}).content.decode()
    assert "榕溪苑加装电梯" in html
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": "电动车"}).content.decode()
    assert "小区电动车充电难怎么办" in html
