"""Chinese renders and can be copied: every font is embedded and subset, every code drawn selects a
real glyph of the embedded font, and ToUnicode maps each glyph back to its character — rare
characters in names (喆 堃 昇 䶮, and 𠮷 outside the BMP) included (DESIGN.md, "PDFs")."""
import re
from pathlib import Path

import pytest

from consultation.pdf import fonts
from tests.consultation.pdf.helpers import descendant, embedded_font_file, font_program, fonts as pdf_fonts, used_glyphs

RARE = {"喆", "堃", "昇", "䶮", "\U00020BB7"}
NEVER_IN_ANY_FONT = "\U0010FFFD"     # a private-use character of plane 16


@pytest.fixture(params=["minutes", "notice"])
def document(request):
    """The frozen minutes (names with rare characters) and a frozen notice."""
    return request.getfixturevalue("minutes_v1" if request.param == "minutes" else "notice_v1")


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
    missing = sorted({(g.font, g.cid, g.text) for g in used_glyphs(document)
                      if programs[g.font].by_code.get(g.cid, ".notdef") == ".notdef"})
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
    assert RARE <= set(drawn)
    for char in RARE:
        glyph = drawn[char]
        program = font_program(pdf_fonts(minutes_v1)[glyph.font])
        assert char in program.characters[program.by_gid[glyph.cid]]


def test_the_document_renders_without_missing_glyphs(held_session):
    from consultation import records

    rendered, _ = records.render_fresh(held_session)
    assert rendered.missing_glyphs == frozenset()


def test_characters_without_glyph_are_reported_by_the_render(db):
    from consultation import records
    from tests.consultation.pdf import conftest as c

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
