"""The household roster (住户名册) a community may keep for 一户一评: which numbers belong to which
household (楼栋 + 房号). Numbers are kept only as fingerprints and masked; a household is known by a
keyed hash of its address, so that ratings can name it without storing where anyone lives."""

import hashlib
from dataclasses import dataclass

from django.conf import settings

from core.models import RosterEntry


@dataclass(frozen=True)
class Household:
    building: str
    room: str
    household_key: str

    @property
    def label(self):
        return f"{self.building}{self.room}"


def household_key(site, building, room):
    key = settings.PHONE_FINGERPRINT_KEY.encode()[:64]
    text = f"{site.pk}\x1f{building.strip()}\x1f{room.strip()}"
    return hashlib.blake2b(text.encode(), key=key, digest_size=20).hexdigest()


def household_of(site, fingerprint):
    """The household on `site`'s roster that `fingerprint`'s number belongs to, or None."""
    entry = RosterEntry.objects.filter(site=site, phone_fingerprint=fingerprint).first()
    if entry is None:
        return None
    return Household(entry.building, entry.room, entry.household_key)
