"""The household roster (住户名册) a community may keep for 一户一评: which numbers belong to which
household (楼栋 + 房号). Numbers are kept only as fingerprints and masked; a household is known by a
keyed hash of its address, so that ratings can name it without storing where anyone lives."""

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import phones
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
    return phones.keyed_digest(f"{site.pk}\x1f{building.strip()}\x1f{room.strip()}")


def household_of(site, fingerprint):
    """The household on `site`'s roster that `fingerprint`'s number belongs to, or None."""
    entry = RosterEntry.objects.filter(site=site, phone_fingerprint=fingerprint).first()
    if entry is None:
        return None
    return Household(entry.building, entry.room, entry.household_key)


@dataclass
class ParsedRoster:
    entries: list  # (building, room, Phone); a number listed twice for one household appears twice
    errors: list  # Chinese messages naming the row

    @property
    def households(self):
        return len({(building, room) for building, room, _phone in self.entries})


SEPARATORS = ("；", ";", "，", ",", "、", "/")
HEADER = {
    "楼栋": "building",
    "房号": "room",
    "手机号": "phone",
    "手机号码": "phone",
    "电话": "phone",
    "手机": "phone",
    "联系电话": "phone",
}


def _decode(data):
    """Text of an uploaded CSV: UTF-8 (with or without BOM) or GB18030, as Excel saves it here."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_csv(data):
    """Rows of a roster CSV (bytes) with the columns 楼栋, 房号, 手机号 (several numbers in one cell
    may be separated by 、 or ；). Every problem is reported with its row; nothing is partial."""
    text = _decode(data)
    if text is None:
        return ParsedRoster([], [_("文件不是 UTF-8 或 GBK 编码的 CSV，请在 Excel 里“另存为 CSV”后再上传。")])
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        # An unclosed quote, or a cell far too long to be an address: not a roster.
        return ParsedRoster(
            [], [_("文件不是有效的 CSV（%(error)s），请在 Excel 里“另存为 CSV”后再上传。") % {"error": error}]
        )
    filled = [n for n, row in enumerate(rows) if any(cell.strip() for cell in row)]
    if not filled:
        return ParsedRoster([], [_("文件是空的。")])
    header = filled[0]
    columns = {HEADER.get(name.strip()): i for i, name in enumerate(rows[header]) if HEADER.get(name.strip())}
    if set(columns) != {"building", "room", "phone"}:
        return ParsedRoster([], [_("第一行必须是表头：楼栋、房号、手机号。")])
    entries, errors, seen = [], [], {}
    for line, row in enumerate(rows[header + 1 :], start=header + 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {key: (row[i].strip() if i < len(row) else "") for key, i in columns.items()}
        if not cells["building"] or not cells["room"]:
            errors.append(_("第 %(line)s 行：楼栋和房号都要填写。") % {"line": line})
            continue
        numbers = cells["phone"]
        for separator in SEPARATORS:
            numbers = numbers.replace(separator, "\n")
        numbers = [n for n in numbers.splitlines() if n.strip()]
        if not numbers:
            errors.append(_("第 %(line)s 行：没有填写手机号。") % {"line": line})
        for number in numbers:
            try:
                phone = phones.parse(number)
                if phone.kind != phones.MOBILE:
                    raise phones.InvalidPhone(
                        _("%(text)s 是固定电话；名册只登记手机号，居民用它接收验证码。") % {"text": number}
                    )
            except phones.InvalidPhone as error:
                errors.append(_("第 %(line)s 行：%(error)s") % {"line": line, "error": error})
                continue
            household = (cells["building"], cells["room"])
            if seen.setdefault(phone.number, (line, household))[1] != household:
                errors.append(
                    _("第 %(line)s 行：%(phone)s 已登记在第 %(first)s 行的住户，一个号码只能属于一户。")
                    % {"line": line, "phone": phone.masked, "first": seen[phone.number][0]}
                )
                continue
            entries.append((cells["building"], cells["room"], phone))
    if not entries and not errors:
        errors.append(_("文件里没有住户。"))
    return ParsedRoster(entries, errors)


def replace(site, parsed):
    """`site`'s roster becomes `parsed` (which must have no errors), in one transaction."""
    now = timezone.now()
    with transaction.atomic():
        RosterEntry.objects.filter(site=site).delete()
        RosterEntry.objects.bulk_create(
            RosterEntry(
                site=site,
                building=building,
                room=room,
                phone_fingerprint=phone.fingerprint,
                phone_masked=phone.masked,
                household_key=household_key(site, building, room),
                imported_at=now,
            )
            for building, room, phone in dict.fromkeys(parsed.entries)
        )


def summary(site):
    entries = RosterEntry.objects.filter(site=site)
    return {
        "numbers": entries.count(),
        "households": entries.values("household_key").distinct().count(),
        "imported_at": entries.aggregate(latest=Max("imported_at"))["latest"],
    }
