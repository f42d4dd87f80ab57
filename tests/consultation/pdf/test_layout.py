"""Page size and margins as GB/T 9704-2012 asks (README.md, "Minutes and notices as PDF"), measured
in the files: A4; text between 28 mm from the left and 26 mm from the right, not above 37 mm from
the top and not below 35 mm from the bottom, the page number "— N —" under the text block; red
masthead; title 22 pt; body 16 pt on a 28 pt pitch. Positions come from the content streams (text
matrix × CTM)."""

from collections import Counter

import pytest

from tests.consultation.pdf.conftest import COMMITTEE
from tests.consultation.pdf.helpers import A4, MM, PAGE_NUMBER, lines, page_boxes, used_glyphs

LEFT, RIGHT, TOP, BOTTOM = 28 * MM, (210 - 26) * MM, 37 * MM, (297 - 35) * MM
TOLERANCE = 0.5 * MM
RED = (212 / 255, 0.0, 0.0)  # #d40000


@pytest.fixture(params=["minutes", "notice", "quarterly"])
def document(request):
    """A frozen copy of each kind of document: 3-page minutes, a 1-page notice, a 4-page review."""
    return request.getfixturevalue(
        {"minutes": "minutes_v1", "notice": "notice_v1", "quarterly": "quarterly_v1"}[request.param]
    )


def page_number_glyphs(content):
    """The glyphs of the "— N —" lines, by page."""
    numbers = {(page, round(y, 1)) for page, y, text in lines(content) if PAGE_NUMBER.match(text)}
    return [g for g in used_glyphs(content) if (g.page, round(g.y, 1)) in numbers]


def body_glyphs(content):
    footer = set(page_number_glyphs(content))
    return [g for g in used_glyphs(content) if g not in footer]


def body_lines(content, size=None):
    """The glyphs of each line of the body (page number lines left out), optionally of one size."""
    grouped = {}
    for glyph in body_glyphs(content):
        if size is None or round(glyph.size) == size:
            grouped.setdefault((glyph.page, round(glyph.y, 1)), []).append(glyph)
    return list(grouped.values())


def test_every_page_is_a4(document):
    for box in page_boxes(document):
        assert box[:2] == (0, 0)
        assert box[2] == pytest.approx(A4[0], abs=0.5) and box[3] == pytest.approx(A4[1], abs=0.5)


def test_text_starts_at_the_left_margin(document):
    """Unindented lines start at 28 mm (table cells a border and padding further in); nothing starts
    left of it."""
    glyphs = body_glyphs(document)
    assert min(g.x0 for g in glyphs) == pytest.approx(LEFT, abs=1.5 * MM)
    assert min(g.x0 for g in glyphs) >= LEFT - TOLERANCE


def test_paragraphs_start_at_the_margin_and_indent_two_characters(minutes_v1):
    starts = Counter(round(min(g.x0 for g in line) / MM, 1) for line in body_lines(minutes_v1, size=16))
    assert starts[28.0] > 5  # wrapped lines and the fields
    assert starts[round((LEFT + 2 * 16) / MM, 1)] > 5  # first lines, two characters in


def test_no_text_beyond_the_right_margin(document):
    beyond = [g for g in used_glyphs(document) if g.x1 > RIGHT + TOLERANCE]
    assert not beyond, beyond[:5]


def test_no_text_above_the_top_margin(document):
    above = [g for g in used_glyphs(document) if g.top < TOP - TOLERANCE]
    assert not above, above[:5]


def test_body_text_ends_above_the_bottom_margin(document):
    below = [g for g in body_glyphs(document) if g.bottom > BOTTOM + TOLERANCE]
    assert not below, below[:5]


def test_every_page_ends_with_its_number_below_the_text_block(document):
    found = [(page, text) for page, y, text in lines(document) if PAGE_NUMBER.match(text)]
    count = len(page_boxes(document))
    assert found == [(n, f"— {n} —") for n in range(1, count + 1)]
    for glyph in page_number_glyphs(document):
        assert BOTTOM < glyph.bottom < A4[1] and LEFT - TOLERANCE <= glyph.x0 and glyph.x1 <= RIGHT + TOLERANCE


def test_page_numbers_sit_right_on_odd_pages_and_left_on_even_ones(minutes_v1):
    by_page = {}
    for glyph in page_number_glyphs(minutes_v1):
        by_page.setdefault(glyph.page, []).append(glyph)
    for page, glyphs in by_page.items():
        if page % 2:
            assert max(g.x1 for g in glyphs) > RIGHT - 20 * MM
        else:
            assert min(g.x0 for g in glyphs) < LEFT + 20 * MM


def test_the_masthead_is_red_and_the_body_black(minutes_v1):
    first_page = [(y, text) for page, y, text in lines(minutes_v1) if page == 1]
    masthead_y = first_page[0][0]
    assert first_page[0][1] == "花石社区议事协商纪要"
    for glyph in used_glyphs(minutes_v1):
        if glyph.page == 1 and round(glyph.y, 1) == masthead_y:
            assert glyph.fill == pytest.approx(RED, abs=0.01)
        elif glyph.size == pytest.approx(16, abs=0.1):
            assert glyph.fill == (0.0, 0.0, 0.0)


def test_the_title_is_22_points_and_centred(minutes_v1):
    title = [g for g in used_glyphs(minutes_v1) if g.page == 1 and g.size == pytest.approx(22, abs=0.1)]
    assert "".join(g.text for g in title) == "2026年11月议事日会议纪要"
    centre = (min(g.x0 for g in title) + max(g.x1 for g in title)) / 2
    assert centre == pytest.approx((LEFT + RIGHT) / 2, abs=1 * MM)


def test_body_text_is_16_points_on_a_28_point_pitch(minutes_v1):
    glyphs = body_glyphs(minutes_v1)
    assert Counter(round(g.size) for g in glyphs).most_common(1)[0][0] == 16
    sizes_by_line = {}
    for glyph in glyphs:
        sizes_by_line.setdefault((glyph.page, round(glyph.y, 1)), set()).add(round(glyph.size))
    body_lines = sorted((key for key, sizes in sizes_by_line.items() if sizes == {16}), key=lambda k: (k[0], -k[1]))
    pitches = Counter(round(a[1] - b[1], 1) for a, b in zip(body_lines, body_lines[1:], strict=False) if a[0] == b[0])
    assert pitches.most_common(1)[0][0] == pytest.approx(28, abs=0.1)


def test_the_signoff_never_stands_alone_on_a_page(document):
    """The issuing body and the date close the text on its last page: GB/T 9704-2012 (7.3.5.4)
    has the spacing adjusted rather than let them (and the seal) go onto a page without text."""
    text_lines = [(page, text) for page, y, text in lines(document) if not PAGE_NUMBER.match(text)]
    page = max(p for p, text in text_lines if text == COMMITTEE)
    own = [text for p, text in text_lines if p == page]
    start = len(own) - 1 - own[::-1].index(COMMITTEE)
    others = [
        text
        for i, text in enumerate(own)
        if i not in (start, start + 1) and not text.startswith("分送") and not text.endswith("印发")
    ]
    assert others, f"page {page} holds only the signoff: {own}"
