"""Chinese phone numbers: one canonical form however a number is typed, validated by the real
numbering plan, masked for display and fingerprinted with a key of its own.

Parsing and validation are libphonenumber's (the `phonenumbers` package): it knows which mobile
ranges are assigned (so 154…, 174… and 194… are refused) and which area codes exist, and it reads
the trunk prefix, so `013812345678`, `+86 138 1234 5678` and `0086-138-1234-5678` are all one
number. Before it sees the text, full-width digits and letters are folded (NFKC) and invisible
format characters (zero-width spaces and joiners) are dropped.

The canonical form is the one residents write: the 11 mobile digits (13812345678), or a landline
with its area code and trunk 0 (059187654321).
"""

import hashlib
import unicodedata
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _

MOBILE, LANDLINE = "mobile", "landline"
NUMBER_CHARACTERS = set("0123456789+-() .")
_KINDS = {
    phonenumbers.PhoneNumberType.MOBILE: MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE: LANDLINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: MOBILE,
}


class InvalidPhone(ValueError):
    """The text is not a number we can reach; the message says why, in Chinese."""


@dataclass(frozen=True)
class Phone:
    number: str
    kind: str

    @property
    def masked(self):
        return mask(self.number)

    @property
    def fingerprint(self):
        return fingerprint(self.number)


def _clean(text):
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def parse(text):
    """The Phone behind `text`, or InvalidPhone with the reason."""
    cleaned = _clean(text)
    if not cleaned:
        raise InvalidPhone(_("请填写电话号码。"))
    if len(cleaned) > 30:
        raise InvalidPhone(_("电话号码太长了，请只填写一个号码。"))
    if not set(cleaned) <= NUMBER_CHARACTERS:
        # libphonenumber would pick a number out of any text ("138… 或 139…"): only a number will do.
        raise InvalidPhone(_("请只填写一个号码，只用数字（可以带 +86、空格、短横线或括号）。"))
    try:
        parsed = phonenumbers.parse(cleaned, "CN")
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(_("“%(text)s”不是电话号码。") % {"text": cleaned}) from error
    if parsed.country_code != 86:
        raise InvalidPhone(_("请填写中国大陆的电话号码。"))
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhone(
            _("“%(text)s”不是有效的号码：手机号是 1 开头的 11 位数字，固定电话请带区号（如 0591-87654321）。")
            % {"text": cleaned}
        )
    kind = _KINDS.get(phonenumbers.number_type(parsed))
    if kind is None:
        raise InvalidPhone(_("请填写手机号或固定电话，不支持这类号码。"))
    national = str(parsed.national_number)
    return Phone(national if kind == MOBILE else "0" + national, kind)


def parse_mobile(text):
    """Like parse(), but only a mobile number will do (a code can only be sent to a mobile)."""
    phone = parse(text)
    if phone.kind != MOBILE:
        raise InvalidPhone(_("验证码只能发到手机，请填写 11 位手机号。"))
    return phone


def normalise(text):
    """The canonical form of `text`, or "" when it is not a valid number."""
    try:
        return parse(text).number
    except InvalidPhone:
        return ""


def mask(number):
    """138****5678 for a mobile, 0591****4321 for a landline: enough to recognise, not to call."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "****" + number[-4:] if number.startswith("1") else number[:4] + "****" + number[-4:]


def keyed_digest(text):
    """A keyed BLAKE2b of `text` under PHONE_FINGERPRINT_KEY (40 hex digits): the same text always
    gives the same digest, and without the key nobody can tell what text gave it.

    The key is PHONE_FINGERPRINT_KEY, not SECRET_KEY: rotating the secret key must not make every
    stored fingerprint unknown (and so let everyone rate again). Back it up with the database."""
    key = settings.PHONE_FINGERPRINT_KEY.encode()[:64]
    return hashlib.blake2b(text.encode(), key=key, digest_size=20).hexdigest()


def fingerprint(number):
    """A canonical number's keyed digest: enough to keep one voice per number, not to recover it."""
    return keyed_digest(number)
