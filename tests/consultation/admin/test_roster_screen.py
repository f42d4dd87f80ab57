"""住户名册 in the admin, through the real screen: the secretary sees the roster's size and masked
numbers (never a full one), imports a CSV (all or nothing, every wrong row shown), and nobody else
gets in; and the proposal record's 评价来源 block, which tells the staff where the ratings came from."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from consultation import evaluation, households
from consultation.models.proposals import State
from core.models import CommunitySettings, RosterEntry
from tests.consultation import factories as f
from tests.consultation.helpers import cn, html_of

pytestmark = pytest.mark.django_db

INDEX = "roster:index"
GOOD = "\n".join(["楼栋,房号,手机号", '3号楼,1202,"13812345671、13812345672"', "3号楼,1203,13812345673", ""]).encode()
GOOD_NUMBERS = ("13812345671", "13812345672", "13812345673")
OLD = "楼栋,房号,手机号\n9号楼,901,13912345678\n".encode()


def upload(data, name="名册.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def post_roster(client, site, data, **kwargs):
    return client.post(reverse(INDEX), {"site": site.pk, "file": upload(data)}, **kwargs)


@pytest.fixture
def old_roster(community, secretary):
    households.import_roster(community, secretary, OLD)
    return community


def masked_rows(site):
    return sorted(RosterEntry.objects.filter(site=site).values_list("building", "room", "phone_masked"))


def test_the_admin_address_is_under_admin():
    assert reverse(INDEX) == "/admin/roster/"


def test_the_secretary_sees_the_roster_masked_and_in_chinese(client, secretary, community):
    households.import_roster(community, secretary, GOOD)
    client.force_login(secretary)
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    html = html_of(response)
    for label in (
        "住户名册",
        "2 户，3 个手机号",
        "导入于",
        "上传新名册",
        "住户名册 CSV",
        "导入并替换",
        "楼栋",
        "房号",
        "登记号码",
    ):
        assert label in html, label
    assert "本社区议评目前是一号一评" in html
    assert "不保存完整号码" in html
    for masked in ("138****5671", "138****5672", "138****5673"):
        assert masked in html
    for number in GOOD_NUMBERS:
        assert number not in html


def test_the_screen_says_when_the_community_counts_by_household(client, secretary, community):
    settings = CommunitySettings.for_site(community)
    settings.rating_scope = CommunitySettings.RatingScope.HOUSEHOLD
    settings.save()
    client.force_login(secretary)
    html = html_of(client.get(reverse(INDEX)))
    assert "本社区议评实行一户一评" in html
    assert "0 户，0 个手机号" in html


def test_a_good_file_replaces_the_roster_and_says_how_many(client, secretary, old_roster):
    client.force_login(secretary)
    response = post_roster(client, old_roster, GOOD)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(INDEX)}?site={old_roster.pk}"
    page = client.get(response["Location"])
    html = html_of(page)
    assert "已导入住户名册：2 户，3 个手机号。" in html
    assert "138****5671" in html and "3号楼" in html and "1202" in html
    assert "139****5678" not in html
    assert masked_rows(old_roster) == [
        ("3号楼", "1202", "138****5671"),
        ("3号楼", "1202", "138****5672"),
        ("3号楼", "1203", "138****5673"),
    ]
    for number in GOOD_NUMBERS:
        assert number not in html


def test_a_gbk_file_from_excel_is_imported(client, secretary, community):
    client.force_login(secretary)
    response = post_roster(client, community, GOOD.decode().encode("gb18030"), follow=True)
    assert "已导入住户名册：2 户，3 个手机号。" in html_of(response)
    assert ("3号楼", "1203", "138****5673") in masked_rows(community)


def test_a_bad_file_shows_every_wrong_row_and_keeps_the_old_roster(client, secretary, old_roster):
    before = masked_rows(old_roster)
    bad = "\n".join(
        ["楼栋,房号,手机号", "1号楼,101,13812345671", ",102,13812345672", "1号楼,103,0591-123", "1号楼,104,"]
    ).encode()
    client.force_login(secretary)
    response = post_roster(client, old_roster, bad)
    assert response.status_code == 400
    html = html_of(response)
    assert "住户名册没有导入，原名册保持不变" in html
    assert "第 3 行：楼栋和房号都要填写。" in html
    assert "第 4 行：“0591-123”不是有效的号码" in html
    assert "第 5 行：没有填写手机号。" in html
    assert "1 户，1 个手机号" in html and "139****5678" in html
    assert masked_rows(old_roster) == before
    assert "13812345671" not in html


def test_a_number_in_two_households_is_shown_masked(client, secretary, old_roster):
    client.force_login(secretary)
    response = post_roster(
        client, old_roster, "楼栋,房号,手机号\n1号楼,101,13812345671\n1号楼,102,13812345671\n".encode()
    )
    assert response.status_code == 400
    html = html_of(response)
    assert "第 3 行：138****5671 已登记在第 2 行的住户，一个号码只能属于一户。" in html
    assert "13812345671" not in html


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x80\x80", "文件不是 UTF-8 或 GBK 编码的 CSV"),
        ("姓名,电话\n张三,13812345671\n".encode(), "第一行必须是表头：楼栋、房号、手机号。"),
        ("楼栋,房号,手机号\n".encode(), "文件里没有住户。"),
    ],
)
def test_a_file_that_is_no_roster_is_refused_and_the_old_roster_stays(client, secretary, old_roster, data, message):
    before = masked_rows(old_roster)
    client.force_login(secretary)
    response = post_roster(client, old_roster, data)
    assert response.status_code == 400
    assert message in html_of(response)
    assert masked_rows(old_roster) == before


def test_an_empty_upload_is_refused(client, secretary, old_roster):
    client.force_login(secretary)
    response = post_roster(client, old_roster, b"")
    assert response.status_code == 400
    assert masked_rows(old_roster) == [("9号楼", "901", "139****5678")]


def test_no_file_is_asked_for(client, secretary, old_roster):
    client.force_login(secretary)
    response = client.post(reverse(INDEX), {"site": old_roster.pk})
    assert response.status_code == 400
    assert "请选择要上传的 CSV 文件。" in html_of(response)
    assert masked_rows(old_roster) == [("9号楼", "901", "139****5678")]


def test_a_file_with_an_unclosed_quote_is_refused_not_a_server_error(client, secretary, old_roster):
    lines = ["楼栋,房号,手机号", '1号楼,101,"13812345678'] + [f"1号楼,{n},1381234{n:04d}" for n in range(8000)]
    client.raise_request_exception = False
    client.force_login(secretary)
    response = post_roster(client, old_roster, "\n".join(lines).encode())
    assert response.status_code == 400
    assert "住户名册没有导入，原名册保持不变" in html_of(response)
    assert masked_rows(old_roster) == [("9号楼", "901", "139****5678")]


def test_a_file_over_5_mb_is_refused(client, secretary, old_roster):
    padding = "".join(f"1号楼,{n},\n" for n in range(600_000)).encode()  # blank numbers: never read
    data = GOOD + padding
    assert len(data) > 5 * 1024 * 1024
    client.force_login(secretary)
    response = post_roster(client, old_roster, data)
    assert response.status_code == 400
    assert "文件超过 5 MB。" in html_of(response)
    assert masked_rows(old_roster) == [("9号楼", "901", "139****5678")]


def test_each_community_has_its_own_roster_on_the_screen(client, secretary, old_roster, other_community):
    client.force_login(secretary)
    response = post_roster(client, other_community, GOOD)
    assert response.status_code == 302
    assert masked_rows(old_roster) == [("9号楼", "901", "139****5678")]
    assert len(masked_rows(other_community)) == 3
    other = html_of(client.get(reverse(INDEX), {"site": other_community.pk}))
    assert "青溪社区的住户名册" in other and "138****5671" in other and "139****5678" not in other
    default = html_of(client.get(reverse(INDEX)))
    assert "139****5678" in default and "138****5671" not in default


def test_the_import_is_written_to_the_audit_log(client, secretary, community):
    client.force_login(secretary)
    post_roster(client, community, GOOD)
    entry = ModelLogEntry.objects.get(action="consultation.roster")
    assert entry.user == secretary and entry.data == {"households": 2, "numbers": 3}


@pytest.mark.parametrize("role", ["member", "supervisor", "unit_user", "staff_without_group"])
def test_other_accounts_may_neither_see_nor_import(client, users, role, old_roster):
    """The admin's way of saying 403: back to the dashboard with 对不起，你没有权限访问。"""
    client.force_login(users[role])
    page = client.get(reverse(INDEX), follow=True)
    assert page.redirect_chain and page.redirect_chain[0][0] != reverse(INDEX)
    html = html_of(page)
    if role == "staff_without_group":  # no admin access at all: the login page
        assert page.redirect_chain[0][0].startswith(reverse("wagtailadmin_login"))
    else:
        assert page.redirect_chain[0][0] == reverse("wagtailadmin_home")
        assert "对不起， 你没有权限访问。" in html
    assert "139****5678" not in html and "导入并替换" not in html
    response = post_roster(client, old_roster, GOOD)
    assert response.status_code in (302, 403)
    assert masked_rows(old_roster) == [("9号楼", "901", "139****5678")]
    assert not ModelLogEntry.objects.filter(action="consultation.roster", user=users[role]).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, old_roster):
    page = client.get(reverse(INDEX))
    assert page.status_code == 302 and reverse("wagtailadmin_login") in page["Location"]
    response = post_roster(client, old_roster, GOOD)
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
    assert masked_rows(old_roster) == [("9号楼", "901", "139****5678")]


def test_the_menu_shows_the_roster_only_to_the_secretary(client, secretary, superuser, member, supervisor, unit_user):
    for user in (secretary, superuser):
        client.force_login(user)
        assert reverse(INDEX) in html_of(client.get(reverse("wagtailadmin_home")))
    for user in (member, supervisor, unit_user):
        client.force_login(user)
        home = client.get(reverse("wagtailadmin_home"))
        assert reverse(INDEX) not in html_of(home)


# -- 评价来源 on the proposal record -------------------------------------------------------------------------


def record_url(proposal):
    return reverse("proposal:record", args=(proposal.pk,))


def test_the_record_shows_where_the_ratings_came_from(client, secretary, community):
    households.import_roster(community, secretary, GOOD)
    settings = CommunitySettings.for_site(community)
    settings.rating_scope = CommunitySettings.RatingScope.HOUSEHOLD
    settings.save()
    proposal = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))
    evaluation.rate(proposal, "satisfied", f.verified("13812345671"))
    evaluation.rate(proposal, "unsatisfied", f.verified("13812345673"))
    yesterday = timezone.now() - datetime.timedelta(days=1)
    f.RatingFactory(proposal=proposal, created_at=yesterday, verified_at=yesterday)
    f.RatingFactory(proposal=proposal, verified_at=None)
    client.force_login(secretary)
    response = client.get(record_url(proposal))
    assert response.status_code == 200
    html = html_of(response)
    assert "评价来源" in html
    assert "3 份来自短信验证过的手机号（计入满意率）" in html
    assert "其中 2 份来自住户名册上的住户" in html
    assert "1 份没有验证手机号，保留在记录中，不计入满意率" in html
    assert f"{cn(timezone.localtime(yesterday).date())} 1 份" in html
    assert f"{cn(timezone.localdate())} 2 份" in html
    assert "13812345671" not in html and "13812345673" not in html


def test_without_uncounted_ratings_the_record_does_not_mention_them(client, secretary):
    proposal = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))
    f.RatingFactory(proposal=proposal)
    client.force_login(secretary)
    html = html_of(client.get(record_url(proposal)))
    assert "1 份来自短信验证过的手机号" in html
    assert "其中 0 份来自住户名册上的住户" in html
    assert "没有验证手机号" not in html


def test_a_proposal_without_ratings_has_no_evidence_block(client, secretary):
    proposal = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))
    client.force_login(secretary)
    assert "评价来源" not in html_of(client.get(record_url(proposal)))
