"""The forms residents fill in: proposing, rating a result, objecting to a notice (the three actions
of anonymous residents in docs/architecture.md), by a resident who verified 138****5678 first (the
verification itself is tested in test_verification.py).

A valid submission is saved whole; anything wrong is answered in Chinese, field by field, with
status 400 and nothing saved; bots (honeypot) and floods (rate limits) are refused; HTML that
residents type is shown as text.
"""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from wagtail.images import get_image_model

from consultation.models import Objection, Proposal, ProposalEvent, ProposalPhoto, Rating
from consultation.models.proposals import State
from tests.consultation import factories as f
from tests.consultation.factories import days_from_today
from tests.consultation.helpers import cn, html_of, png_upload
from tests.consultation.web.verification import verify

pytestmark = pytest.mark.django_db

PROPOSE = "/consultation/propose/"
TOO_MANY = "提交太频繁了"
VERIFIED = "13812345678"


@pytest.fixture(autouse=True)
def verified(client, home):
    """Every form here is filled in by a resident who verified their number in this visit."""
    verify(client, VERIFIED)


@pytest.fixture
def unverified(client):
    """A community that lets residents propose without verification, and a visitor who has not."""
    from wagtail.models import Site

    from core.models import CommunitySettings

    client.post("/consultation/verify/", {"action": "forget"})
    community = CommunitySettings.for_site(Site.objects.get(is_default_site=True))
    community.proposals_need_verification = False
    community.save()


def field_errors(html):
    """{field name: [error, ...]} as shown under each field of a public form."""
    errors = {}
    for block in html.split('<div class="field')[1:]:
        name = re.search(r'name="([^"]+)"', block)
        messages = re.findall(r'<p class="field__error" role="alert">([^<]*)</p>', block.split('<div class="field')[0])
        if name and messages:
            errors[name.group(1)] = messages
    return errors


def proposal_data(**changes):
    data = {
        "title": "3号楼加装电梯",
        "description": "3号楼住着很多老人，上下楼很不方便，希望加装电梯。",
        "category": "elderly",
        "estate": "花石小区",
        "building": "3号楼",
        "proposer_name": "张晓明",
        "proposer_phone": "13812345678",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def nothing_saved():
    return (
        Proposal.objects.count(),
        ProposalPhoto.objects.count(),
        get_image_model().objects.count(),
        ProposalEvent.objects.count(),
    ) == (0, 0, 0, 0)


# -- the proposal form -------------------------------------------------------------------------


def test_proposal_form_page_is_in_chinese(client):
    response = client.get(PROPOSE)
    html = html_of(response)
    assert response.status_code == 200
    assert "我要提议" in html
    for label in ["议题标题", "情况说明", "类别", "小区", "您的姓名", "现场照片（可选，最多 3 张）"]:
        assert label in html
    assert "以已验证的手机号 <strong>138****5678</strong> 提交" in html
    assert 'name="proposer_phone"' not in html
    assert 'enctype="multipart/form-data"' in html


def test_valid_proposal_with_three_photos_is_saved_and_redirects_to_tracking(client):
    photos = [png_upload(f"现场{n}.png", colour=(n * 60, 100, 100)) for n in range(3)]
    response = client.post(PROPOSE, {**proposal_data(), "photos": photos})
    year = timezone.localdate().year
    number = f"YS-{year}-0001"
    assert response.status_code == 302
    assert response["Location"] == f"/consultation/track/?number={number}&new=1"
    proposal = Proposal.objects.get()
    assert proposal.tracking_number == number
    assert re.fullmatch(r"YS-\d{4}-\d{4}", proposal.tracking_number)
    assert proposal.state == State.SUBMITTED
    assert (proposal.title, proposal.proposer_name, proposal.proposer_phone) == (
        "3号楼加装电梯",
        "张晓明",
        "13812345678",
    )
    assert proposal.photos.count() == 3
    assert get_image_model().objects.count() == 3
    assert all(p.image.title.startswith(number) for p in proposal.photos.select_related("image"))
    assert list(proposal.events.values_list("to_state", flat=True)) == [State.SUBMITTED]


def test_tracking_page_after_proposing_shows_the_new_number(client):
    response = client.post(PROPOSE, proposal_data(), follow=True)
    html = html_of(response)
    number = Proposal.objects.get().tracking_number
    assert response.status_code == 200
    assert "提议已提交，谢谢您！" in html
    assert f'<strong class="tracking-number">{number}</strong>' in html
    assert "已提交" in html


def test_second_proposal_gets_the_next_number(client):
    client.post(PROPOSE, proposal_data())
    client.post(PROPOSE, proposal_data(title="楼道灯经常不亮"))
    year = timezone.localdate().year
    assert list(Proposal.objects.order_by("sequence").values_list("tracking_number", flat=True)) == [
        f"YS-{year}-0001",
        f"YS-{year}-0002",
    ]


def test_the_verified_number_is_the_contact_number_whatever_is_posted(client):
    client.post(PROPOSE, proposal_data(proposer_phone="13900000000"))
    proposal = Proposal.objects.get()
    assert (proposal.proposer_phone, proposal.proposer_verified_at is not None) == (VERIFIED, True)


@pytest.mark.usefixtures("unverified")
def test_without_verification_the_phone_is_stored_the_same_however_it_is_typed(client):
    client.post(PROPOSE, proposal_data(proposer_phone="+86 138-1234-5678"))
    assert Proposal.objects.get().proposer_phone == "13812345678"


BAD_PHONES = {
    "missing-phone": ("", "请填写联系电话，方便社区联系您。"),
    "short-phone": (
        "12345",
        "“12345”不是有效的号码：手机号是 1 开头的 11 位数字，固定电话请带区号（如 0591-87654321）。",
    ),
    "letters-phone": ("abcdefghijk", "请只填写一个号码，只用数字（可以带 +86、空格、短横线或括号）。"),
    "short-landline": ("0591-123", None),
    "unassigned-range": ("15412345678", None),
}


@pytest.mark.usefixtures("unverified")
@pytest.mark.parametrize("case", BAD_PHONES)
def test_without_verification_a_bad_phone_is_answered_in_chinese_and_nothing_saved(client, case):
    typed, message = BAD_PHONES[case]
    assert_only_error_in_chinese(client.post(PROPOSE, proposal_data(proposer_phone=typed)), "proposer_phone", message)
    assert nothing_saved()


def test_a_new_proposal_is_not_public_until_triaged(client):
    client.post(PROPOSE, proposal_data(title="楼道灯经常不亮"))
    cache.clear()
    assert "楼道灯经常不亮" not in html_of(client.get("/consultation/"))
    assert client.get(Proposal.objects.get().get_absolute_url()).status_code == 404


def not_an_image():
    return SimpleUploadedFile("报告.png", b"this is not an image at all", content_type="image/png")


def gif_image():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 0, 0)).save(buffer, format="GIF")
    return SimpleUploadedFile("动图.gif", buffer.getvalue(), content_type="image/gif")


BAD_PROPOSALS = {
    "missing-title": (dict(title=""), "title", "请填写议题标题。"),
    "short-title": (dict(title="电梯"), "title", "标题太短了，请至少写 4 个字。"),
    "long-title": (dict(title="电" * 81), "title", "标题请控制在 80 字以内。"),
    "short-description": (dict(description="要电梯"), "description", "请把情况说得具体一些，至少 10 个字。"),
    "missing-description": (dict(description=None), "description", "请说明具体情况。"),
    "long-description": (dict(description="电" * 2001), "description", "情况说明请控制在 2000 字以内。"),
    "missing-category": (dict(category=""), "category", "请选择类别。"),
    "missing-estate": (dict(estate=""), "estate", None),
    "missing-name": (dict(proposer_name=""), "proposer_name", "请填写您的姓名。"),
    "no-consent": (dict(consent=None), "consent", "请确认您已了解公开范围。"),
    "four-photos": ({"photos": "four"}, "photos", "最多上传 3 张照片。"),
    "not-an-image": ({"photos": "text"}, "photos", "“报告.png”不是有效的图片。"),
    "gif": ({"photos": "gif"}, "photos", "照片只支持 JPG、PNG、WebP 格式。"),
}


def assert_only_error_in_chinese(response, field, message):
    """A 400 whose only field error is on `field`, in Chinese (and exactly `message` if given)."""
    errors = field_errors(html_of(response))
    assert response.status_code == 400
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert re.search(r"[\u4e00-\u9fff]", errors[field][0])


@pytest.mark.parametrize("case", BAD_PROPOSALS)
def test_bad_proposal_is_answered_in_chinese_field_by_field_and_nothing_is_saved(client, case):
    changes, field, message = BAD_PROPOSALS[case]
    photos = changes.pop("photos", None) if "photos" in changes else None
    data = proposal_data(**changes)
    if photos == "four":
        data["photos"] = [png_upload(f"{n}.png") for n in range(4)]
    elif photos == "text":
        data["photos"] = [png_upload("好的.png"), not_an_image()]
    elif photos == "gif":
        data["photos"] = [gif_image()]
    response = client.post(PROPOSE, data)
    html = html_of(response)
    assert response.status_code == 400
    assert "提交没有成功，请按提示修改：" in html
    errors = field_errors(html)
    assert list(errors) == [field], errors
    if message:
        assert errors[field] == [message]
    assert re.search(r"[\u4e00-\u9fff]", errors[field][0]), "the error should be in Chinese"
    assert nothing_saved()


def test_bad_proposal_keeps_what_the_resident_typed(client):
    html = html_of(client.post(PROPOSE, proposal_data(category="")))
    assert 'value="3号楼加装电梯"' in html
    assert "3号楼住着很多老人" in html


def test_proposal_with_an_oversized_photo_is_refused(client, monkeypatch):
    from consultation.web import forms

    monkeypatch.setattr(forms, "MAX_PHOTO_BYTES", 50)
    response = client.post(PROPOSE, {**proposal_data(), "photos": [png_upload("大图.png")]})
    assert response.status_code == 400
    assert field_errors(html_of(response)) == {"photos": ["照片“大图.png”超过 5 MB，请压缩后再传。"]}
    assert nothing_saved()


def test_honeypot_filled_in_is_refused_and_nothing_saved(client):
    response = client.post(
        PROPOSE, {**proposal_data(website="http://cheap-pills.example.com"), "photos": [png_upload()]}
    )
    assert response.status_code == 400
    assert "提交未通过校验，请刷新页面后重试。" in html_of(response)
    assert nothing_saved()


def test_sixth_proposal_within_an_hour_from_one_address_is_refused_with_429(client):
    for n in range(5):
        response = client.post(PROPOSE, proposal_data(title=f"第{n + 1}个议题"), REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 302, n
    response = client.post(PROPOSE, proposal_data(title="第6个议题"), REMOTE_ADDR="203.0.113.7")
    html = html_of(response)
    assert response.status_code == 429
    assert TOO_MANY in html and "请稍后再试" in html
    assert Proposal.objects.count() == 5
    assert not Proposal.objects.filter(title="第6个议题").exists()


def test_rate_limit_counts_each_address_separately(client):
    for n in range(5):
        client.post(PROPOSE, proposal_data(title=f"第{n + 1}个议题"), REMOTE_ADDR="203.0.113.7")
    assert client.post(PROPOSE, proposal_data(), REMOTE_ADDR="203.0.113.7").status_code == 429
    response = client.post(PROPOSE, proposal_data(title="隔壁楼的议题"), REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302
    assert Proposal.objects.filter(title="隔壁楼的议题").exists()


def test_rate_limit_counts_failed_attempts_too(client):
    for _n in range(5):
        client.post(PROPOSE, proposal_data(title=""), REMOTE_ADDR="203.0.113.9")
    assert client.post(PROPOSE, proposal_data(), REMOTE_ADDR="203.0.113.9").status_code == 429
    assert Proposal.objects.count() == 0


def test_reading_the_form_does_not_count_towards_the_rate_limit(client):
    for _n in range(10):
        client.get(PROPOSE, REMOTE_ADDR="203.0.113.8")
    assert client.post(PROPOSE, proposal_data(), REMOTE_ADDR="203.0.113.8").status_code == 302


# -- the rating form ---------------------------------------------------------------------------


@pytest.fixture
def evaluating(rich_proposal):
    return rich_proposal


def rate_url(proposal):
    return f"/consultation/proposals/{proposal.tracking_number}/rate/"


def rating_data(**changes):
    data = {"score": "satisfied", "comment": "电梯很好用。", "website": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_valid_rating_is_saved_and_counted(client, evaluating):
    response = client.post(rate_url(evaluating), rating_data())
    assert response.status_code == 302
    assert response["Location"] == evaluating.get_absolute_url() + "#evaluation"
    assert evaluating.ratings.count() == 6
    html = html_of(client.get(response["Location"]))
    assert "谢谢您的评价！" in html
    assert "已收到 6 份居民评价" in html and "满意 4、基本满意 1、不满意 1" in html
    assert "83.3%" in html


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (dict(score=None), "score", "请选择满意、基本满意或不满意。"),
        (dict(score="great"), "score", None),
        (dict(comment="好" * 501), "comment", None),
    ],
)
def test_bad_rating_is_answered_in_chinese_and_nothing_saved(client, evaluating, changes, field, message):
    assert_only_error_in_chinese(client.post(rate_url(evaluating), rating_data(**changes)), field, message)
    assert evaluating.ratings.count() == 5


def test_second_rating_from_the_same_phone_is_refused(client, evaluating):
    assert client.post(rate_url(evaluating), rating_data()).status_code == 302
    response = client.post(rate_url(evaluating), rating_data(score="unsatisfied"))
    assert response.status_code == 409
    assert "138****5678 已经评价过这个议题了，每个号码只能评价一次。" in html_of(response)
    assert evaluating.ratings.count() == 6
    assert evaluating.ratings.filter(score="unsatisfied").count() == 1


def test_rating_after_the_evaluation_period_is_refused(client, evaluating):
    Proposal.objects.filter(pk=evaluating.pk).update(evaluation_ends_on=days_from_today(-1))
    response = client.post(rate_url(evaluating), rating_data())
    assert response.status_code == 400
    assert "评价期已于" in html_of(response) and "结束" in html_of(response)
    assert evaluating.ratings.count() == 5


def test_rating_refusal_gives_the_end_date_in_chinese(client, evaluating):
    ended = days_from_today(-1)
    Proposal.objects.filter(pk=evaluating.pk).update(evaluation_ends_on=ended)
    html = html_of(client.post(rate_url(evaluating), rating_data()))
    assert f"评价期已于 {cn(ended)} 结束。" in html, (
        "the date should read like the rest of the page, e.g. 2026年11月23日"
    )


@pytest.mark.parametrize("state", [State.IMPLEMENTING, State.CLOSED, State.ACCEPTED])
def test_rating_outside_the_evaluation_stage_is_refused(client, evaluating, state):
    Proposal.objects.filter(pk=evaluating.pk).update(state=state)
    response = client.post(rate_url(evaluating), rating_data())
    assert response.status_code == 400
    assert "这个议题目前不在评价期内。" in html_of(response)
    assert evaluating.ratings.count() == 5


def test_rating_a_proposal_still_submitted_or_unknown_is_404(client, submitted_proposal):
    assert client.post(rate_url(submitted_proposal), rating_data()).status_code == 404
    assert client.post("/consultation/proposals/YS-2099-0001/rate/", rating_data()).status_code == 404
    assert Rating.objects.count() == 0


def test_rating_honeypot_is_refused(client, evaluating):
    response = client.post(rate_url(evaluating), rating_data(website="spam"))
    assert response.status_code == 400
    assert "提交未通过校验，请刷新页面后重试。" in html_of(response)
    assert evaluating.ratings.count() == 5


def test_ratings_are_rate_limited_per_address(client, evaluating, settings):
    # One settings fixture for both: override_settings around it would leak its value to later tests.
    settings.CONSULTATION_RATE_LIMITS = {"propose": "5/h", "rating": "2/h", "objection": "2/h"}
    settings.PHONE_VERIFICATION = {**settings.PHONE_VERIFICATION, "SENDS_PER_CLIENT": "100/h"}

    def rate_as(phone, address):
        client.post("/consultation/verify/", {"action": "forget"})
        verify(client, phone)
        return client.post(rate_url(evaluating), rating_data(), REMOTE_ADDR=address).status_code

    assert [rate_as(f"1370000200{n}", "203.0.113.5") for n in range(3)] == [302, 302, 429]
    assert evaluating.ratings.count() == 7
    assert rate_as("13700002009", "198.51.100.5") == 302


# -- the objection form ------------------------------------------------------------------------


def objection_data(**changes):
    data = {
        "kind": "objection",
        "name": "欧阳春华",
        "content": "电梯位置挡住了一楼的采光。",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_valid_objection_is_saved_and_shown_masked(client, notice_on_display):
    url = notice_on_display.get_absolute_url()
    response = client.post(url, objection_data())
    assert response.status_code == 302
    assert response["Location"] == url + "#objections"
    objection = Objection.objects.get()
    assert (objection.notice, objection.kind, objection.name, objection.phone) == (
        notice_on_display,
        "objection",
        "欧阳春华",
        VERIFIED,
    )
    html = html_of(client.get(url))
    assert "已收到您的意见，社区会在公示期结束前答复。" in html
    assert "欧**华" in html and "电梯位置挡住了一楼的采光。" in html


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (dict(content=""), "content", "请填写内容。"),
        (dict(content="长" * 1001), "content", "内容请控制在 1000 字以内。"),
        (dict(name=""), "name", "请填写姓名。"),
        (dict(kind="complaint"), "kind", None),
    ],
)
def test_bad_objection_is_answered_in_chinese_and_nothing_saved(client, notice_on_display, changes, field, message):
    assert_only_error_in_chinese(
        client.post(notice_on_display.get_absolute_url(), objection_data(**changes)), field, message
    )
    assert Objection.objects.count() == 0


def test_objection_honeypot_is_refused(client, notice_on_display):
    response = client.post(notice_on_display.get_absolute_url(), objection_data(website="http://spam.example.com"))
    assert response.status_code == 400
    assert "提交未通过校验，请刷新页面后重试。" in html_of(response)
    assert Objection.objects.count() == 0


def test_objection_after_the_display_window_is_refused(client, archived_notice):
    response = client.post(archived_notice.get_absolute_url(), objection_data())
    assert response.status_code != 302
    assert "公示期已结束，不再接收网上意见。" in html_of(response)
    assert Objection.objects.count() == 0


def test_objection_before_the_display_window_is_refused(client):
    notice = f.NoticeFactory(
        title="下周开始的公示", body="正文。", starts_on=days_from_today(3), ends_on=days_from_today(9), published=True
    )
    response = client.post(notice.get_absolute_url(), objection_data())
    assert response.status_code != 302
    assert Objection.objects.count() == 0


def test_objection_to_an_unpublished_notice_is_404(client, draft_result_notice):
    assert client.post(draft_result_notice.get_absolute_url(), objection_data()).status_code == 404
    assert Objection.objects.count() == 0


@override_settings(CONSULTATION_RATE_LIMITS={"propose": "5/h", "rating": "10/h", "objection": "2/h"})
def test_objections_are_rate_limited_per_address(client, notice_on_display):
    url = notice_on_display.get_absolute_url()
    for _n in range(2):
        assert client.post(url, objection_data(), REMOTE_ADDR="203.0.113.6").status_code == 302
    response = client.post(url, objection_data(), REMOTE_ADDR="203.0.113.6")
    assert response.status_code == 429
    assert TOO_MANY in html_of(response)
    assert Objection.objects.count() == 2
    assert client.post(url, objection_data(), REMOTE_ADDR="198.51.100.6").status_code == 302


# -- HTML typed by residents -------------------------------------------------------------------

SCRIPT = '<script>alert("x")</script>'
IMG = "<img src=x onerror=alert(1)>"


def test_html_in_a_proposal_is_shown_as_text(client, secretary):
    from consultation import workflow

    client.post(
        PROPOSE,
        proposal_data(
            title=f"{SCRIPT}加装电梯",
            description=f"{IMG}<b>老人</b>上下楼很不方便，希望加装电梯。",
            building="<i>3号楼</i>",
        ),
    )
    proposal = Proposal.objects.get()
    workflow.perform(proposal, "accept", secretary)
    for url in [
        proposal.get_absolute_url(),
        "/consultation/",
        f"/consultation/track/?number={proposal.tracking_number}",
    ]:
        cache.clear()
        html = html_of(client.get(url))
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;加装电梯" in html, url
    html = html_of(client.get(proposal.get_absolute_url()))
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>老人</b>" not in html and "<i>3号楼</i>" not in html


def test_html_in_an_objection_is_shown_as_text(client, notice_on_display):
    url = notice_on_display.get_absolute_url()
    client.post(url, objection_data(name="<b>欧阳</b>春华", content=f"{IMG}{SCRIPT}"))
    html = html_of(client.get(url))
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>欧阳</b>" not in html


def test_html_in_a_rejected_form_is_shown_as_text(client):
    html = html_of(client.post(PROPOSE, proposal_data(title=SCRIPT, category="")))
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_uploaded_photos_lose_their_location_metadata(client):
    """Phone photos carry GPS coordinates (often of the resident's home); none may be kept."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image
    from wagtail.images import get_image_model

    exif = Image.Exif()
    exif[0x8825] = {2: (26.0, 5.0, 30.0), 1: "N"}  # GPSInfo
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, format="JPEG", exif=exif)
    photo = SimpleUploadedFile("home.jpg", buffer.getvalue(), content_type="image/jpeg")
    data = {
        "title": "楼道灯不亮",
        "description": "3号楼二单元楼道灯坏了一个月，晚上很黑。",
        "category": "living",
        "estate": "花石小区",
        "building": "3号楼",
        "proposer_name": "张晓明",
        "proposer_phone": "13812345678",
        "consent": "on",
        "website": "",
        "photos": [photo],
    }
    response = client.post("/consultation/propose/", data)
    assert response.status_code == 302
    stored = get_image_model().objects.latest("pk")
    with stored.file.open("rb") as handle, Image.open(handle) as saved:
        assert not saved.getexif().get(0x8825) and not saved.getexif().get(0x010F)
        assert saved.size == (40, 30)


def test_estates_offered_come_from_the_site_settings(client, community):
    from core.models import CommunitySettings

    settings = CommunitySettings.for_site(community)
    settings.estates = "花石小区\n新建的锦绣苑\n"
    settings.save()
    html = client.get("/consultation/propose/").content.decode()
    assert '<option value="新建的锦绣苑">' in html and "杏林雅居" not in html
