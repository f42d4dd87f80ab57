"""The household roster (住户名册) as the secretary's CSV comes in: what parse_csv reads (the encodings
and headers Excel produces, several numbers in one cell, a household over several rows) and how it
names every wrong row; and what replace() keeps (one community's roster, fingerprints and masked
numbers only, household keys that survive a re-import)."""

import pytest
from wagtail.models import Site

from core import phones, roster
from core.models import RosterEntry

HEADER = "楼栋,房号,手机号"


def csv_bytes(*lines, header=HEADER, encoding="utf-8"):
    return "\n".join([header, *lines, ""]).encode(encoding)


def rows(parsed):
    return [(building, room, phone.number) for building, room, phone in parsed.entries]


@pytest.fixture
def default_site(db):
    return Site.objects.get(is_default_site=True)


# -- reading a good file -----------------------------------------------------------------------------------

GOOD_LINES = ("1号楼,101,13812345678", "1号楼,102,13987654321")
GOOD_ROWS = [("1号楼", "101", "13812345678"), ("1号楼", "102", "13987654321")]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(csv_bytes(*GOOD_LINES), id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + csv_bytes(*GOOD_LINES), id="utf-8-with-bom"),
        pytest.param(csv_bytes(*GOOD_LINES, encoding="gb18030"), id="gb18030"),
        pytest.param(csv_bytes(*GOOD_LINES, encoding="gbk"), id="gbk"),
        pytest.param(csv_bytes(*GOOD_LINES).replace(b"\n", b"\r\n"), id="windows-line-ends"),
        pytest.param(csv_bytes(*GOOD_LINES, header="楼栋,房号,电话"), id="header-电话"),
        pytest.param(csv_bytes(*GOOD_LINES, header="楼栋,房号,手机"), id="header-手机"),
        pytest.param(csv_bytes(*GOOD_LINES, header=" 楼栋 , 房号 , 手机号 "), id="header-with-spaces"),
        pytest.param(
            csv_bytes("13812345678,1号楼,101", "13987654321,1号楼,102", header="手机号,楼栋,房号"),
            id="columns-reordered",
        ),
        pytest.param(
            csv_bytes("张三,1号楼,101,13812345678", "李四,1号楼,102,13987654321", header="姓名,楼栋,房号,手机号"),
            id="an-extra-column-is-ignored",
        ),
        pytest.param(csv_bytes(GOOD_LINES[0], "", " , , ", GOOD_LINES[1], ""), id="blank-lines-skipped"),
        pytest.param(csv_bytes(" 1号楼 , 101 , 138 1234 5678", "1号楼,102,+86 139-8765-4321"), id="spaced-and-+86"),
    ],
)
def test_a_roster_is_read_whatever_excel_saved(data):
    parsed = roster.parse_csv(data)
    assert parsed.errors == []
    assert rows(parsed) == GOOD_ROWS
    assert parsed.households == 2


@pytest.mark.parametrize("separator", ["、", "；", ";", ",", "，", "/"])
def test_several_numbers_of_one_household_share_a_cell(separator):
    cell = separator.join(["13812345671", "13812345672", "13812345673"])
    parsed = roster.parse_csv(csv_bytes(f'2号楼,301,"{cell}"'))
    assert parsed.errors == []
    assert rows(parsed) == [("2号楼", "301", n) for n in ("13812345671", "13812345672", "13812345673")]
    assert parsed.households == 1


def test_a_household_may_take_several_rows():
    parsed = roster.parse_csv(csv_bytes("2号楼,301,13812345671", "2号楼,302,13812345672", "2号楼,301,13812345673"))
    assert parsed.errors == []
    assert parsed.households == 2
    assert [n for b, r, n in rows(parsed) if (b, r) == ("2号楼", "301")] == ["13812345671", "13812345673"]


# -- every wrong row is named ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_line, message",
    [
        pytest.param(",301,13812345672", "楼栋和房号都要填写", id="no-building"),
        pytest.param("2号楼,,13812345672", "楼栋和房号都要填写", id="no-room"),
        pytest.param("2号楼,302,", "没有填写手机号", id="no-phone"),
        pytest.param("2号楼,302", "没有填写手机号", id="short-row"),
        pytest.param("2号楼,302,0591-123", "不是有效的号码", id="too-short"),
        pytest.param("2号楼,302,15412345678", "不是有效的号码", id="unassigned-range-154"),
        pytest.param("2号楼,302,1381234567", "不是有效的号码", id="ten-digits"),
        pytest.param("2号楼,302,0591-87654321", "手机", id="landline"),
        pytest.param("2号楼,302,无", "只用数字", id="not-a-number"),
        pytest.param("2号楼,302,+1 212 555 0100", "中国大陆", id="foreign"),
    ],
)
def test_a_wrong_row_is_named_by_its_line(bad_line, message):
    parsed = roster.parse_csv(csv_bytes("1号楼,101,13812345678", bad_line, "1号楼,102,13987654321"))
    assert len(parsed.errors) == 1, parsed.errors
    assert parsed.errors[0].startswith("第 3 行：")
    assert message in parsed.errors[0]


def test_every_wrong_row_is_reported_not_only_the_first():
    parsed = roster.parse_csv(
        csv_bytes("1号楼,101,13812345678", ",102,13812345679", "1号楼,103,", "1号楼,104,15412345678")
    )
    assert [error.split("：")[0] for error in parsed.errors] == ["第 3 行", "第 4 行", "第 5 行"]


def test_one_bad_number_in_a_shared_cell_is_named():
    parsed = roster.parse_csv(csv_bytes('1号楼,101,"13812345678、0591-123"'))
    assert len(parsed.errors) == 1
    assert parsed.errors[0].startswith("第 2 行：") and "0591-123" in parsed.errors[0]


def test_a_line_number_counts_the_blank_lines_skipped():
    parsed = roster.parse_csv(csv_bytes("1号楼,101,13812345678", "", "1号楼,102,0591-123"))
    assert parsed.errors[0].startswith("第 4 行：")


def test_a_number_in_two_households_is_refused_naming_both_rows_masked():
    parsed = roster.parse_csv(csv_bytes("1号楼,101,13812345678", "1号楼,102,13987654321", "3号楼,502,13812345678"))
    assert parsed.errors == ["第 4 行：138****5678 已登记在第 2 行的住户，一个号码只能属于一户。"]
    assert "13812345678" not in parsed.errors[0]


def test_a_number_typed_two_ways_in_two_households_is_the_same_number():
    parsed = roster.parse_csv(csv_bytes("1号楼,101,13812345678", "3号楼,502,+86 138 1234 5678"))
    assert len(parsed.errors) == 1 and parsed.errors[0].startswith("第 3 行：")


@pytest.mark.parametrize(
    "data, message",
    [
        pytest.param(b"", "文件是空的", id="empty"),
        pytest.param(b"\xef\xbb\xbf", "文件是空的", id="only-a-bom"),
        pytest.param(
            csv_bytes("1号楼,101,13812345678", header="楼号,房间,联系方式"), "第一行必须是表头", id="wrong-header"
        ),
        pytest.param(csv_bytes("1号楼,13812345678", header="楼栋,手机号"), "第一行必须是表头", id="no-room-column"),
        pytest.param(b"1\xe5\x8f\xb7\xe6\xa5\xbc,101,13812345678\n", "第一行必须是表头", id="no-header-row"),
        pytest.param(csv_bytes(), "文件里没有住户", id="header-only"),
        pytest.param(csv_bytes("", " , , "), "文件里没有住户", id="only-blank-rows"),
    ],
)
def test_a_file_that_is_not_a_roster_is_refused(data, message):
    parsed = roster.parse_csv(data)
    assert parsed.entries == []
    assert len(parsed.errors) == 1 and message in parsed.errors[0]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x08\xff\xfe\x80\x80", id="png"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xff\x80\x81", id="xlsx-zip"),
        pytest.param(bytes(range(256)), id="every-byte"),
    ],
)
def test_a_binary_file_is_refused_with_advice_to_save_as_csv(data):
    parsed = roster.parse_csv(data)
    assert parsed.entries == []
    assert parsed.errors == ["文件不是 UTF-8 或 GBK 编码的 CSV，请在 Excel 里“另存为 CSV”后再上传。"]


# -- replacing a community's roster -------------------------------------------------------------------------


def import_(site, *lines):
    parsed = roster.parse_csv(csv_bytes(*lines))
    assert parsed.errors == []
    roster.replace(site, parsed)


def test_replace_puts_the_whole_file_in_and_the_old_roster_out(default_site):
    import_(default_site, "1号楼,101,13812345671", "1号楼,102,13812345672")
    import_(default_site, "5号楼,501,13812345673", "5号楼,501,13812345674", "5号楼,502,13812345675")
    entries = RosterEntry.objects.filter(site=default_site)
    assert sorted(entries.values_list("building", "room", "phone_masked")) == [
        ("5号楼", "501", "138****5673"),
        ("5号楼", "501", "138****5674"),
        ("5号楼", "502", "138****5675"),
    ]
    assert roster.household_of(default_site, phones.fingerprint("13812345671")) is None
    summary = roster.summary(default_site)
    assert (summary["households"], summary["numbers"]) == (2, 3)
    assert summary["imported_at"] is not None


def test_replace_leaves_another_communitys_roster_alone(default_site, community_site):
    import_(community_site, "青溪1栋,101,13812345671")
    import_(default_site, "1号楼,101,13812345672")
    import_(default_site, "1号楼,102,13812345673")
    assert list(RosterEntry.objects.filter(site=community_site).values_list("building", "phone_masked")) == [
        ("青溪1栋", "138****5671")
    ]
    assert roster.household_of(community_site, phones.fingerprint("13812345671")).label == "青溪1栋101"
    assert roster.household_of(default_site, phones.fingerprint("13812345671")) is None
    assert roster.summary(community_site)["numbers"] == 1


def test_one_number_may_be_on_the_rosters_of_two_communities(default_site, community_site):
    import_(default_site, "1号楼,101,13812345678")
    import_(community_site, "青溪1栋,101,13812345678")
    fingerprint = phones.fingerprint("13812345678")
    assert roster.household_of(default_site, fingerprint).label == "1号楼101"
    assert roster.household_of(community_site, fingerprint).label == "青溪1栋101"


def test_a_number_listed_twice_for_one_household_is_kept_once(default_site):
    import_(default_site, '1号楼,101,"13812345678、13812345678"', "1号楼,101,138 1234 5678", "1号楼,101,13987654321")
    assert RosterEntry.objects.filter(site=default_site).count() == 2
    assert roster.summary(default_site) | {"imported_at": None} == {"households": 1, "numbers": 2, "imported_at": None}


def test_the_roster_keeps_no_full_number_and_no_readable_address_key(default_site):
    numbers = ("13812345678", "13987654321", "15012345678")
    import_(default_site, f"1号楼,101,{numbers[0]}", f'2号楼,202,"{numbers[1]}、{numbers[2]}"')
    stored = repr(list(RosterEntry.objects.values()))
    for number in numbers:
        assert number not in stored
        assert number[-8:] not in stored
    entry = RosterEntry.objects.get(phone_masked="138****5678")
    assert entry.phone_fingerprint == phones.fingerprint(numbers[0])
    assert "1号楼" not in entry.household_key and "101" not in entry.household_key


def test_household_of_finds_the_household_by_fingerprint(default_site):
    import_(default_site, '3号楼,1202,"13812345671、13812345672"')
    first = roster.household_of(default_site, phones.fingerprint("13812345671"))
    second = roster.household_of(default_site, phones.fingerprint("13812345672"))
    assert first == second
    assert (first.building, first.room, first.label) == ("3号楼", "1202", "3号楼1202")
    assert roster.household_of(default_site, phones.fingerprint("13812345679")) is None


def test_a_household_keeps_its_key_across_reimports(default_site, community_site):
    import_(default_site, "3号楼,1202,13812345671", "3号楼,1203,13812345672")
    before = roster.household_of(default_site, phones.fingerprint("13812345671")).household_key
    import_(default_site, "1号楼,101,13812345679", "3号楼,1202,13812345673", " 3号楼 , 1202 ,13812345671")
    after = {
        number: roster.household_of(default_site, phones.fingerprint(number)).household_key
        for number in ("13812345671", "13812345673", "13812345679")
    }
    assert after["13812345671"] == after["13812345673"] == before
    assert after["13812345679"] != before
    assert roster.household_key(community_site, "3号楼", "1202") != before


def test_an_unclosed_quote_before_a_long_remainder_is_reported_not_a_crash():
    lines = ['1号楼,101,"13812345678'] + [f"1号楼,{n},1381234{n:04d}" for n in range(8000)]
    parsed = roster.parse_csv(csv_bytes(*lines))
    assert parsed.entries == []
    assert parsed.errors
