"""Fonts in the PDFs (consultation/pdf/fonts.py; docs/decisions.md, "5. PDF fonts").

Chinese renders and can be copied: every font is embedded and subset, every code drawn selects a
real glyph of the embedded font, and ToUnicode maps each glyph back to its character — rare
characters in names (喆 堃 昇 䶮, and 𠮷 outside the BMP) included. Which fonts: the system serif
first, pip's Noto Sans CJK on any machine, every character covered, and characters no font has
reported rather than lost.

Tests that take fonts away use `without_system_fonts`, which brings `fresh_renders`: the renders of
`_same_html_same_pdf` (pdf/conftest.py) are keyed by HTML only and were made with the system fonts.
"""

import io
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from consultation import records
from consultation.pdf import fonts, render
from tests.consultation.pdf import conftest as c
from tests.consultation.pdf.helpers import (
    descendant,
    embedded_font_file,
    font_program,
    pdf_text,
    used_glyphs,
)
from tests.consultation.pdf.helpers import (
    fonts as pdf_fonts,
)

RARE = "喆堃昇䶮𠮷"
NEVER_IN_ANY_FONT = "\U0010fffd"  # a private-use character of plane 16
HTML = f"""<html lang="zh-CN"><head><title>测试</title></head><body>
<h1>关于加装电梯的公示</h1><p>参会人员：陈{RARE[0]}、游振{RARE[1]}、郑{RARE[2]}、刘{RARE[3]}、吉{RARE[4]}。</p></body></html>"""


@pytest.fixture(params=["minutes", "notice"])
def document(request):
    """The frozen minutes (names with rare characters) and a frozen notice."""
    return request.getfixturevalue("minutes_v1" if request.param == "minutes" else "notice_v1")


@pytest.fixture
def without_system_fonts(monkeypatch, settings, fresh_renders):
    """A machine with nothing but what pip installs."""
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", ())
    settings.PDF_FONT_DIRS = []
    fonts.faces.cache_clear()
    yield
    fonts.faces.cache_clear()


# -- in the frozen documents -----------------------------------------------------------------------------------


def failures(items, limit=10):
    return f"{len(items)} glyphs, e.g. {items[:limit]}"


def test_every_font_is_a_type0_font_embedded_in_the_file(document):
    found = pdf_fonts(document)
    assert found, "no fonts in the document"
    for name, font in found.items():
        key, data = embedded_font_file(font)
        assert key in ("/FontFile", "/FontFile2", "/FontFile3"), f"{name} is not embedded"
        assert data, f"{name}: empty font program"
        assert font["/Encoding"] == "/Identity-H"


def test_every_font_is_a_subset(document):
    for name, font in pdf_fonts(document).items():
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} has no subset tag"
        assert font_program(font).glyph_count < 1500, f"{name} embeds the whole font"


def test_no_code_drawn_is_notdef(document):
    notdef = [g for g in used_glyphs(document) if g.cid == 0]
    assert not notdef, failures(notdef)


def test_every_code_drawn_selects_a_glyph_of_the_embedded_font(document):
    """A reader resolves each 2-byte code of a CIDFontType0 font through the CFF charset when the
    font program is CID-keyed (ISO 32000-2, 9.7.4.2): the glyph must exist there."""
    programs = {name: font_program(font) for name, font in pdf_fonts(document).items()}
    missing = sorted(
        {
            (g.font, g.cid, g.text)
            for g in used_glyphs(document)
            if programs[g.font].by_code.get(g.cid, ".notdef") == ".notdef"
        }
    )
    assert not missing, failures(missing)


def test_to_unicode_maps_every_code_drawn_to_its_character(document):
    unmapped = sorted({(g.font, g.cid) for g in used_glyphs(document) if not g.text})
    assert not unmapped, f"codes without a ToUnicode entry: {failures(unmapped)}"


def test_the_glyph_drawn_is_the_glyph_of_the_character_to_unicode_gives(document):
    """Code → glyph index → the characters the font draws with that glyph (its cmap, and the
    substitutions its GSUB table makes from those glyphs) must contain the character ToUnicode gives
    for the code. Glyphs the font program does not tie to any character (alternates of a font whose
    GSUB table was dropped) cannot be checked this way."""
    programs = {name: font_program(font) for name, font in pdf_fonts(document).items()}
    checked, wrong = 0, set()
    for glyph in used_glyphs(document):
        program = programs[glyph.font]
        known = program.characters.get(program.by_gid[glyph.cid]) if glyph.cid < program.glyph_count else None
        if len(glyph.text) == 1 and known:
            checked += 1
            if glyph.text not in known:
                wrong.add((glyph.font, glyph.cid, glyph.text, "".join(sorted(known))))
    assert checked > 100
    assert not wrong, failures(sorted(wrong))


def test_rare_characters_are_drawn_with_glyphs_of_their_own(minutes_v1):
    drawn = {g.text: g for g in used_glyphs(minutes_v1)}
    assert set(RARE) <= set(drawn)
    for char in RARE:
        glyph = drawn[char]
        program = font_program(pdf_fonts(minutes_v1)[glyph.font])
        assert char in program.characters[program.by_gid[glyph.cid]]


def test_the_document_renders_without_missing_glyphs(voted_session):
    rendered, _ = records.render_fresh(voted_session)
    assert rendered.missing_glyphs == frozenset()


def test_characters_without_glyph_are_reported_by_the_render(db):
    session = c.make_session(status="held", recorder=f"王{NEVER_IN_ANY_FONT}")
    rendered, _ = records.render_fresh(session)
    assert rendered.missing_glyphs == frozenset({NEVER_IN_ANY_FONT})


def test_each_font_descriptor_names_the_font_and_its_metrics(minutes_v1):
    for name, font in pdf_fonts(minutes_v1).items():
        cid_font = descendant(font)
        descriptor = cid_font["/FontDescriptor"].get_object()
        assert str(descriptor["/FontName"]) == name
        assert cid_font["/CIDSystemInfo"]["/Ordering"] and "/W" in cid_font


# -- choosing and subsetting fonts ----------------------------------------------------------------------------


def test_the_serif_face_is_preferred(db):
    if not Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc").exists():
        pytest.skip("Debian's fonts-noto-cjk is not installed here")
    assert fonts.faces(fonts.REGULAR)[0].name == "Noto Serif CJK SC"
    assert fonts.faces(fonts.BOLD)[0].name == "Noto Serif CJK SC Bold"


def test_the_system_serif_face_is_preferred():
    assert fonts.faces(fonts.REGULAR)[0].name == "Noto Serif CJK SC"
    assert fonts.faces(fonts.BOLD)[0].name == "Noto Serif CJK SC Bold"


def test_every_regular_face_has_the_rare_characters(db):
    face = fonts.faces(fonts.REGULAR)[0]
    assert {ord(char) for char in RARE} <= face.codepoints


def test_the_document_fonts_cover_the_text_of_the_document(db):
    document = fonts.for_document("<p>议事日：陈*喆、黄*堃、吴*昇、赵*䶮、𠮷*春</p><h1>会议纪要</h1>")
    assert document.missing == set()
    assert "Linli CJK" in document.css and "font-weight: 700" in document.css


def test_characters_no_font_has_are_reported_not_dropped(db):
    document = fonts.for_document(f"<p>居民{NEVER_IN_ANY_FONT}提议</p>")
    assert document.missing == {NEVER_IN_ANY_FONT}


# -- without the system fonts, and straight from HTML --------------------------------------------------------


def embedded_fonts(content):
    """{base font name: fontTools font} of every font program in a PDF."""
    return {name: TTFont(io.BytesIO(embedded_font_file(font)[1])) for name, font in pdf_fonts(content).items()}


def test_without_system_fonts_the_pip_font_draws_every_character(without_system_fonts):
    assert [f.name for f in fonts.faces(fonts.REGULAR)] == ["Noto Sans CJK SC"]

    rendered = render.html_to_pdf(HTML)

    assert not rendered.missing_glyphs
    text = pdf_text(rendered.content)
    assert all(char in text for char in RARE)
    for font in embedded_fonts(rendered.content).values():
        cmap = font.getBestCmap()
        assert all(ord(char) in cmap for char in RARE)


def test_each_document_embeds_only_its_own_characters():
    rendered = render.html_to_pdf(HTML)

    for name, font in embedded_fonts(rendered.content).items():
        assert font["maxp"].numGlyphs < 200, name  # of 65 535 in the full face
        assert "GSUB" not in font


def test_the_bold_subset_holds_the_bold_text_only():
    document = fonts.for_document(HTML)
    regular, bold = (data for url, data in sorted(document.files.items()))  # 400-0, 700-0
    bold_cmap = TTFont(io.BytesIO(bold)).getBestCmap()
    assert all(ord(char) in bold_cmap for char in "关于加装电梯的公示")
    assert ord(RARE[1]) not in bold_cmap and ord(RARE[1]) in TTFont(io.BytesIO(regular)).getBestCmap()


def test_a_character_no_font_has_is_reported():
    rendered = render.html_to_pdf(HTML.replace("参会人员", "参会人员\U0001f44d"))
    assert rendered.missing_glyphs == {"\U0001f44d"}


def test_without_any_cjk_font_rendering_fails_with_what_to_do(monkeypatch, without_system_fonts):
    monkeypatch.setattr(fonts, "font_dirs", lambda: [])
    with pytest.raises(render.RenderError, match="没有找到中文字体"):
        render.html_to_pdf(HTML)


def test_nothing_outside_the_document_is_fetched():
    html = HTML.replace("</body>", '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png"></body>')
    rendered = render.html_to_pdf(html)
    assert rendered.content.startswith(b"%PDF") and "root:" not in pdf_text(rendered.content)
