"""Which fonts the PDFs use (consultation/pdf/fonts.py): system serif first, pip's Noto Sans CJK on
any machine, every character covered, and characters no font has reported rather than lost."""
import io

import pytest
from fontTools.ttLib import TTFont

from consultation.pdf import fonts, render
from tests.consultation.pdf.helpers import embedded_font_file, pdf_text as text_of
from tests.consultation.pdf.helpers import fonts as fonts_of

RARE = "喆堃昇䶮𠮷"
HTML = f"""<html lang="zh-CN"><head><title>测试</title></head><body>
<h1>关于加装电梯的公示</h1><p>参会人员：陈{RARE[0]}、游振{RARE[1]}、郑{RARE[2]}、刘{RARE[3]}、吉{RARE[4]}。</p></body></html>"""


@pytest.fixture
def without_system_fonts(monkeypatch, settings):
    """A machine with nothing but what pip installs."""
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", ())
    settings.PDF_FONT_DIRS = []
    fonts.faces.cache_clear()
    yield
    fonts.faces.cache_clear()


def embedded_fonts(content):
    """{base font name: fontTools font} of every font program in a PDF."""
    return {name: TTFont(io.BytesIO(embedded_font_file(font)[1])) for name, font in fonts_of(content).items()}


def test_the_system_serif_face_is_preferred():
    assert fonts.faces(fonts.REGULAR)[0].name == "Noto Serif CJK SC"
    assert fonts.faces(fonts.BOLD)[0].name == "Noto Serif CJK SC Bold"


def test_without_system_fonts_the_pip_font_draws_every_character(without_system_fonts):
    assert [f.name for f in fonts.faces(fonts.REGULAR)] == ["Noto Sans CJK SC"]

    rendered = render.html_to_pdf(HTML)

    assert not rendered.missing_glyphs
    text = text_of(rendered.content)
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
    assert all(ord(c) in bold_cmap for c in "关于加装电梯的公示")
    assert ord(RARE[1]) not in bold_cmap and ord(RARE[1]) in TTFont(io.BytesIO(regular)).getBestCmap()


def test_a_character_no_font_has_is_reported():
    rendered = render.html_to_pdf(HTML.replace("参会人员", "参会人员\U0001F44D"))
    assert rendered.missing_glyphs == {"\U0001F44D"}


def test_without_any_cjk_font_rendering_fails_with_what_to_do(monkeypatch, without_system_fonts):
    monkeypatch.setattr(fonts, "font_dirs", lambda: [])
    with pytest.raises(render.RenderError, match="没有找到中文字体"):
        render.html_to_pdf(HTML)


def test_nothing_outside_the_document_is_fetched():
    html = HTML.replace("</body>", '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png"></body>')
    rendered = render.html_to_pdf(html)
    assert rendered.content.startswith(b"%PDF") and "root:" not in text_of(rendered.content)
