"""Phone numbers (core/phones.py): one canonical form per number, real ranges, masks, fingerprints."""

import pytest
from django.test import override_settings

from core import phones

SAME_MOBILE = [
    "13812345678",
    "+86 138 1234 5678",
    "+8613812345678",
    "0086 138 1234 5678",
    "008613812345678",
    "8613812345678",
    "86-138-1234-5678",
    "(+86) 138 1234 5678",
    "138-1234-5678",
    " 138 1234 5678 ",
    "013812345678",  # the trunk 0 before a mobile: the same number, not a landline
    "0 138 1234 5678",
    "１３８１２３４５６７８",  # full-width digits from a Chinese input method
    "＋８６ １３８ １２３４ ５６７８",
    "138\u200b1234\u200b5678",  # zero-width spaces pasted from a chat
    "\ufeff13812345678",  # a byte-order mark
    "138\u20601234\u200d5678",  # word joiner, zero-width joiner
]


@pytest.mark.parametrize("typed", SAME_MOBILE)
def test_every_spelling_of_a_mobile_number_is_one_number(typed):
    phone = phones.parse(typed)
    assert (phone.number, phone.kind) == ("13812345678", phones.MOBILE)
    assert phone.fingerprint == phones.fingerprint("13812345678")


@pytest.mark.parametrize(
    "typed, number",
    [
        ("0591-87654321", "059187654321"),
        ("0591 8765 4321", "059187654321"),
        ("(0591)87654321", "059187654321"),
        ("010-12345678", "01012345678"),
        ("021-62345678", "02162345678"),
        ("+86 591 8765 4321", "059187654321"),
    ],
)
def test_landlines_keep_their_area_code(typed, number):
    phone = phones.parse(typed)
    assert (phone.number, phone.kind) == (number, phones.LANDLINE)


# Malformed numbers of every kind, each with the words a resident reads.
REFUSED = [
    ("", "请填写"),
    ("   ", "请填写"),
    ("\u200b", "请填写"),
    ("0591-123", "不是有效的号码"),  # an area code and three digits
    ("1381234567", "不是有效的号码"),  # 10 digits
    ("138123456789", "不是有效的号码"),  # 12 digits
    ("12345678901", "不是有效的号码"),  # no 12x mobile range
    ("15412345678", "不是有效的号码"),  # 154 is not assigned
    ("17412345678", "不是有效的号码"),  # 174 is satellite, not a mobile range
    ("19412345678", "不是有效的号码"),  # 194 is not assigned
    ("10012345678", "不是有效的号码"),
    ("00000000000", "不是有效的号码"),
    ("abc", "只填写一个号码"),
    ("电话", "只填写一个号码"),
    ("138 1234 5678 转 8", "只填写一个号码"),
    ("+852 9123 4567", "中国大陆"),  # Hong Kong
    ("+1 202 555 0123", "中国大陆"),
    ("1" * 40, "太长"),
    ("13812345678; 13912345678", "只填写一个号码"),  # libphonenumber alone would take the first
    ("13812345678 or 13912345678", "只填写一个号码"),
    ("tel:13812345678", "只填写一个号码"),
]


@pytest.mark.parametrize("typed, message", REFUSED)
def test_malformed_numbers_are_refused_with_a_reason(typed, message):
    with pytest.raises(phones.InvalidPhone, match=message):
        phones.parse(typed)
    assert phones.normalise(typed) == ""


def test_a_code_goes_only_to_a_mobile():
    with pytest.raises(phones.InvalidPhone, match="只能发到手机"):
        phones.parse_mobile("0591-87654321")
    assert phones.parse_mobile("+86 139 0000 1111").number == "13900001111"


@pytest.mark.parametrize(
    "number, masked", [("13812345678", "138****5678"), ("059187654321", "0591****4321"), ("12345", "*****")]
)
def test_masks_show_enough_to_recognise_and_not_to_call(number, masked):
    assert phones.mask(number) == masked


def test_the_fingerprint_differs_between_numbers_and_hides_the_number():
    fingerprint = phones.fingerprint("13800138000")
    assert fingerprint != phones.fingerprint("13800138001")
    assert "13800138000" not in fingerprint and len(fingerprint) == 40


def test_the_fingerprint_follows_its_own_key_not_the_secret_key():
    before = phones.fingerprint("13800138000")
    with override_settings(SECRET_KEY="a-rotated-secret-key"):
        assert phones.fingerprint("13800138000") == before
    with override_settings(PHONE_FINGERPRINT_KEY="another-fingerprint-key"):
        assert phones.fingerprint("13800138000") != before
