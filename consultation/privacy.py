"""What the public may see of a person: masked names, never phone numbers or addresses."""

import hashlib
import unicodedata

from django.conf import settings


def mask_name(name):
    """张*明 for 张晓明, 张* for 张三, 欧**明 for 欧阳晓明: the first and last character stay."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def normalise_phone(phone):
    """ASCII digits only (full-width １３８ too), without a leading +86/0086 country code: the same
    number however it is typed."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", phone or "") if ch in "0123456789")
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix) :]
    return digits


def phone_fingerprint(phone):
    """A keyed hash of the phone number: enough to enforce one rating per number, not to recover it."""
    key = settings.SECRET_KEY.encode()
    return hashlib.blake2b(normalise_phone(phone).encode(), key=key[:64], digest_size=20).hexdigest()
