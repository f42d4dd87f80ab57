"""Phone verification by one-time code, as residents meet it on the public site: the verification
page, the forms that need it (rating, objecting, proposing), and every refusal — each a 4xx with a
Chinese message that changes nothing."""

import datetime

import pytest
from django.core.cache import caches
from django.utils import timezone
from wagtail.models import Site

from consultation.models import Objection, Proposal, Rating
from consultation.models.proposals import State
from core import phones
from core.models import CommunitySettings, PhoneVerification, SmsMessage
from tests.consultation import factories as f
from tests.consultation.web.verification import VERIFY, check_code, last_code, rate_url, send_code, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluating(db):
    return f.ProposalFactory(title="3号楼加装电梯", state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))


def text(response):
    return response.content.decode()


# -- the journey ---------------------------------------------------------------------------------------


def test_a_code_is_sent_stored_hashed_and_logged_masked(client):
    response = send_code(client, "+86 138 1234 5678")
    assert response.status_code == 302
    verification = PhoneVerification.objects.get()
    message = SmsMessage.objects.get()
    code = last_code()
    assert len(code) == 6 and code not in verification.code_hash
    assert verification.phone_masked == message.phone_masked == "138****5678"
    assert "13812345678" not in verification.phone_fingerprint
    assert verification.expires_at - verification.created_at == datetime.timedelta(minutes=5)
    page = client.get(response["Location"])
    assert "验证码已发送到 138****5678，5 分钟内有效" in text(page)
    assert 'name="code"' in text(page)


def test_the_right_code_verifies_and_goes_back_to_the_form(client, evaluating):
    response = verify(client, next_url=evaluating.get_absolute_url() + "#evaluation")
    assert response["Location"] == evaluating.get_absolute_url() + "#evaluation"
    page = client.get(evaluating.get_absolute_url())
    assert "以已验证的手机号 <strong>138****5678</strong> 提交" in text(page)
    assert 'name="score"' in text(page)


def test_one_code_serves_two_ratings_in_the_same_visit(client, evaluating):
    other = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7))
    verify(client)
    for proposal in (evaluating, other):
        response = client.post(rate_url(proposal), {"score": "satisfied", "comment": ""})
        assert response.status_code == 302
    assert SmsMessage.objects.count() == 1
    ratings = Rating.objects.all()
    assert ratings.count() == 2
    assert {r.phone_fingerprint for r in ratings} == {phones.fingerprint("13812345678")}
    assert all(r.verified_at is not None for r in ratings)


def test_without_verification_the_page_asks_for_it_and_a_rating_is_refused(client, evaluating):
    page = client.get(evaluating.get_absolute_url())
    assert "评价前请先验证手机号" in text(page) and 'name="score"' not in text(page)
    assert "/consultation/verify/?next=" in text(page)
    response = client.post(rate_url(evaluating), {"score": "satisfied"})
    assert response.status_code == 403
    assert "请先用短信验证码验证手机号" in text(response)
    assert not Rating.objects.exists()


def test_the_verified_number_is_forgotten_after_the_visit(client, evaluating, settings):
    verify(client)
    settings.PHONE_VERIFICATION = {**settings.PHONE_VERIFICATION, "REMEMBER_SECONDS": 0}
    response = client.post(rate_url(evaluating), {"score": "satisfied"})
    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_a_resident_may_switch_to_another_number(client):
    verify(client)
    response = client.post(VERIFY, {"action": "forget", "next": "/consultation/"})
    assert response.status_code == 302
    assert 'name="phone"' in text(client.get(response["Location"]))


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_way_back_never_leaves_the_site(client, target):
    response = verify(client, next_url=target)
    assert response["Location"] == "/consultation/"


# -- refusals -----------------------------------------------------------------------------------------


def refused(response, status, message):
    assert response.status_code == status, text(response)
    assert message in text(response)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "请填写手机号"),
        ("0591-87654321", "验证码只能发到手机"),
        ("0591-123", "不是有效的号码"),
        ("1381234567", "不是有效的号码"),
        ("15412345678", "不是有效的号码"),
        ("+852 9123 4567", "中国大陆"),
        ("13812345678; 13912345678", "只填写一个号码"),
        ("<script>alert(1)</script>", "只填写一个号码"),
        ("1" * 31, "手机号太长了"),
    ],
)
def test_malformed_numbers_get_no_code(client, typed, message):
    refused(send_code(client, typed), 400, message)
    assert not SmsMessage.objects.exists() and not PhoneVerification.objects.exists()
    assert "<script>alert(1)</script>" not in text(send_code(client, typed))


def test_a_second_code_within_a_minute_is_refused(client):
    send_code(client, "13812345678")
    refused(send_code(client, "138 1234 5678"), 429, "秒后再重新获取")
    assert SmsMessage.objects.count() == 1


def test_a_number_gets_a_few_codes_an_hour(client, settings):
    settings.PHONE_VERIFICATION = {**settings.PHONE_VERIFICATION, "RESEND_SECONDS": 0, "SENDS_PER_NUMBER": "3/h"}
    for _ in range(3):
        assert send_code(client, "13812345678").status_code == 302
    refused(send_code(client, "13812345678"), 429, "这个号码一小时内获取验证码的次数太多了")
    assert SmsMessage.objects.count() == 3


def test_a_client_gets_a_few_codes_an_hour_whatever_the_numbers(client, settings):
    settings.PHONE_VERIFICATION = {**settings.PHONE_VERIFICATION, "SENDS_PER_CLIENT": "3/h"}
    for n in range(3):
        assert send_code(client, f"1390000000{n}").status_code == 302
    refused(send_code(client, "13900000009"), 429, "这台设备一小时内获取验证码的次数太多了")
    assert SmsMessage.objects.count() == 3


def test_a_wrong_code_costs_a_try_and_says_how_many_are_left(client):
    send_code(client, "13812345678")
    wrong = "000000" if last_code() != "000000" else "111111"
    refused(check_code(client, "13812345678", wrong), 400, "验证码不正确，还可以再试 4 次")
    assert PhoneVerification.objects.get().attempts == 1


def test_five_wrong_codes_spend_the_code_even_for_the_right_one(client):
    send_code(client, "13812345678")
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):
        check_code(client, "13812345678", wrong)
    refused(check_code(client, "13812345678", wrong), 400, "已经失效")
    refused(check_code(client, "13812345678", code), 400, "输错次数太多")
    assert PhoneVerification.objects.get().verified_at is None


def test_an_expired_code_is_refused(client):
    send_code(client, "13812345678")
    PhoneVerification.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    refused(check_code(client, "13812345678", last_code()), 400, "验证码已过期（有效期 5 分钟）")


def test_a_used_code_is_refused_the_second_time(client):
    send_code(client, "13812345678")
    code = last_code()
    assert check_code(client, "13812345678", code).status_code == 302
    client.post(VERIFY, {"action": "forget"})
    refused(check_code(client, "13812345678", code), 400, "这个验证码已经用过了")


def test_only_the_newest_code_works(client, settings):
    settings.PHONE_VERIFICATION = {**settings.PHONE_VERIFICATION, "RESEND_SECONDS": 0}
    send_code(client, "13812345678")
    first = last_code()
    send_code(client, "13812345678")
    second = last_code()
    if first != second:
        refused(check_code(client, "13812345678", first), 400, "验证码不正确")
    assert check_code(client, "13812345678", second).status_code == 302


@pytest.mark.parametrize("code, message", [("", "6 位数字验证码"), ("12345", "6 位数字验证码"), ("abcdef", "6 位数字")])
def test_malformed_codes_are_refused_without_costing_a_try(client, code, message):
    send_code(client, "13812345678")
    refused(check_code(client, "13812345678", code), 400, message)
    assert PhoneVerification.objects.get().attempts == 0


def test_a_code_for_another_number_does_not_verify_this_one(client):
    send_code(client, "13812345678")
    refused(check_code(client, "13912345678", last_code()), 400, "请先点“获取验证码”")


def test_full_width_digits_in_the_code_are_accepted(client):
    send_code(client, "13812345678")
    full_width = "".join(chr(ord(d) + 0xFEE0) for d in last_code())
    assert check_code(client, "13812345678", full_width).status_code == 302


def test_after_rating_the_page_says_so_instead_of_offering_the_form_again(client, evaluating):
    verify(client)
    client.post(rate_url(evaluating), {"score": "mostly"})
    html = text(client.get(evaluating.get_absolute_url()))
    assert "您已用 <strong>138****5678</strong> 于" in html and "评价：基本满意" in html
    assert 'name="score"' not in html


def test_a_second_rating_from_the_same_number_is_refused(client, evaluating):
    verify(client)
    client.post(rate_url(evaluating), {"score": "satisfied"})
    response = client.post(rate_url(evaluating), {"score": "unsatisfied"})
    refused(response, 409, "138****5678 已经评价过这个议题了")
    assert list(Rating.objects.values_list("score", flat=True)) == ["satisfied"]


def test_the_leading_zero_spelling_is_the_same_voice(client, evaluating):
    verify(client, "13812345678")
    client.post(rate_url(evaluating), {"score": "satisfied"})
    client.post(VERIFY, {"action": "forget"})
    caches["shared"].clear()
    verify(client, "013812345678")
    refused(client.post(rate_url(evaluating), {"score": "unsatisfied"}), 409, "已经评价过")
    assert Rating.objects.count() == 1


def test_a_rating_after_the_evaluation_period_is_refused(client):
    proposal = f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(-1))
    verify(client)
    refused(client.post(rate_url(proposal), {"score": "satisfied"}), 400, "评价期已于")
    assert not Rating.objects.exists()


def test_ratings_are_limited_per_client_in_the_shared_cache(client, settings):
    settings.CONSULTATION_RATE_LIMITS = {**settings.CONSULTATION_RATE_LIMITS, "rating": "3/h"}
    proposals = [f.ProposalFactory(state=State.EVALUATING, evaluation_ends_on=f.days_from_today(7)) for _ in range(4)]
    verify(client)
    answers = [client.post(rate_url(p), {"score": "satisfied"}).status_code for p in proposals]
    assert answers == [302, 302, 302, 429]
    assert Rating.objects.count() == 3


# -- objections and proposals ---------------------------------------------------------------------------


def test_an_objection_needs_a_verified_number_and_keeps_it_for_the_answer(client, notice_on_display):
    url = notice_on_display.get_absolute_url()
    data = {"kind": "objection", "name": "欧阳春华", "content": "电梯位置挡住了一楼的采光。"}
    assert "提交前请先验证手机号" in text(client.get(url))
    refused(client.post(url, data), 403, "请先用短信验证码验证手机号")
    assert not Objection.objects.exists()
    verify(client, "13912345678")
    assert client.post(url, data).status_code == 302
    objection = Objection.objects.get()
    assert (objection.phone, objection.phone_verified_at is not None) == ("13912345678", True)


PROPOSAL = {
    "title": "楼道灯经常不亮",
    "description": "3号楼二单元楼道灯坏了一个多月。",
    "category": "services",
    "estate": "花石小区",
    "proposer_name": "张晓明",
    "consent": "on",
}


def test_proposing_needs_a_verified_number_by_default(client):
    data = PROPOSAL
    assert "提议前请先验证手机号" in text(client.get("/consultation/propose/"))
    refused(client.post("/consultation/propose/", data), 403, "提议前请先验证手机号")
    assert not Proposal.objects.exists()
    verify(client, "13912345678")
    page = client.get("/consultation/propose/")
    assert 'name="proposer_phone"' not in text(page)
    assert client.post("/consultation/propose/", data).status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.proposer_phone, proposal.proposer_verified_at is not None) == ("13912345678", True)


def test_a_community_may_let_residents_propose_without_verification(client):
    community = CommunitySettings.for_site(Site.objects.get(is_default_site=True))
    community.proposals_need_verification = False
    community.save()
    data = {**PROPOSAL, "proposer_phone": "0591-87654321"}
    assert client.post("/consultation/propose/", data).status_code == 302
    assert Proposal.objects.get().proposer_verified_at is None
    refused(client.post("/consultation/propose/", {**data, "proposer_phone": "0591-123"}), 400, "不是有效的号码")


# -- behind a proxy -----------------------------------------------------------------------------------

ODD_HEADERS = [None, "", "1.2.3.4, 5.6.7.8", "garbage", "1.2.3.4,,", "::1, not-an-ip", "999.999.1.1"]


@pytest.mark.parametrize("forwarded", ODD_HEADERS)
def test_an_odd_forwarded_header_never_breaks_a_form(client, settings, evaluating, notice_on_display, forwarded):
    """Behind a proxy, a missing or malformed X-Forwarded-For is counted against the proxy itself."""
    settings.TRUSTED_PROXY_COUNT = 1
    extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    assert client.post(VERIFY, {"phone": "13812345678", "action": "send"}, **extra).status_code == 302
    assert check_code(client, "13812345678", last_code()).status_code == 302
    assert client.post(rate_url(evaluating), {"score": "satisfied"}, **extra).status_code == 302
    objection = {"kind": "comment", "name": "陈小红", "content": "支持。"}
    assert client.post(notice_on_display.get_absolute_url(), objection, **extra).status_code == 302
    assert client.post("/consultation/propose/", {"title": ""}, **extra).status_code == 400


@pytest.mark.parametrize("forwarded", ["203.0.113.1, 198.51.100.9", "198.51.100.9"])
def test_behind_a_proxy_the_limits_follow_the_address_the_proxy_saw(client, settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PHONE_VERIFICATION = {**settings.PHONE_VERIFICATION, "SENDS_PER_CLIENT": "2/h"}
    for n in range(2):
        assert send_code(client, f"1390000000{n}", HTTP_X_FORWARDED_FOR=forwarded).status_code == 302
    # A forged first hop does not make a new client; another real address does.
    refused(send_code(client, "13900000005", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9"), 429, "这台设备")
    assert send_code(client, "13900000006", HTTP_X_FORWARDED_FOR="198.51.100.10").status_code == 302


def test_a_code_that_could_not_be_sent_is_reported_on_the_page(client):
    """With a task worker the message goes out after the page answered; if the provider then
    refuses it, the page says so (with the provider's reason) instead of waiting for a code."""
    send_code(client, "13812345678")
    SmsMessage.objects.update(status=SmsMessage.Status.FAILED, provider_message="号码已停机")
    page = text(client.get(VERIFY))
    assert "验证码短信没有发出去（号码已停机），请重新获取。" in page
    refused(check_code(client, "13812345678", last_code()), 400, "验证码短信没有发出去")
