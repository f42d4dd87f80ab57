"""CJK fonts for the PDFs: which font files to use, and a subset of them made for each document.

WeasyPrint's own subsetting runs fontTools over the whole Noto CJK font (65 535 glyphs) and takes
seconds. Here HarfBuzz's C subsetter cuts, before layout, a font holding only the characters of the
document (tens of milliseconds); WeasyPrint lays the text out with it and embeds it as it is.

Faces are preferred in the order of CANDIDATES: Noto Serif CJK SC (Debian's fonts-noto-cjk, which
`make` installs where it can), then Noto Sans CJK SC (always there: the `noto-cjk-sans-otc` package
that pip installs). Their files are looked for in the folders of LINLI_PDF_FONT_DIRS, then in the
system font folders, then in that package. Characters a face lacks are taken from
the next face that has them; characters no face has are reported, never silently dropped.
"""

import functools
import html.parser
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FAMILY = "Linli CJK"
URL_SCHEME = "linli-font"  # the subsets' URLs in the stylesheet, answered by the renderer from memory
REGULAR, BOLD = 400, 700
SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
# (file name, face name inside it), best first. The Simplified Chinese face of the Pan-CJK
# collections has the mainland glyph forms; all of them cover 44 000+ characters, Extension B
# names such as 𠮷 included.
CANDIDATES = {
    REGULAR: [
        ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
        ("NotoSerifCJKsc-Regular.otf", "Noto Serif CJK SC"),
        ("NotoSerifSC-Regular.otf", "Noto Serif SC"),
        ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
        ("NotoSansCJKsc-Regular.otf", "Noto Sans CJK SC"),
    ],
    BOLD: [
        ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC Bold"),
        ("NotoSerifCJKsc-Bold.otf", "Noto Serif CJK SC Bold"),
        ("NotoSerifSC-Bold.otf", "Noto Serif SC Bold"),
        ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC Bold"),
        ("NotoSansCJKsc-Bold.otf", "Noto Sans CJK SC Bold"),
    ],
}
# Text the stylesheet adds itself (page numbers "— 1 —") and every printable ASCII character.
ALWAYS = {chr(c) for c in range(0x20, 0x7F)} | set("— ")
DROPPED_TABLES = (b"GSUB", b"GPOS")
# Elements whose text is set bold by the PDF stylesheet; their characters go into the bold subset.
BOLD_TAGS = {"h1", "h2", "h3", "h4", "th", "strong", "b"}


class FontsMissing(RuntimeError):
    """No CJK font at all: the message says how to install one."""


@dataclass(frozen=True)
class Face:
    path: str
    index: int
    name: str
    weight: int

    @functools.cached_property
    def hb_face(self):
        import uharfbuzz

        return uharfbuzz.Face(uharfbuzz.Blob.from_file_path(self.path), self.index)

    @functools.cached_property
    def codepoints(self):
        return frozenset(self.hb_face.unicodes)

    def subset(self, chars):
        """The bytes of an OpenType font with just the glyphs of `chars`.

        The layout tables go: Chinese set horizontally needs none of their substitutions (the
        face's character map already gives the mainland forms), WeasyPrint would drop them from
        the PDF anyway, and keeping them keeps every alternate glyph they can reach (about 1.7
        glyphs a character instead of one)."""
        import uharfbuzz

        request = uharfbuzz.SubsetInput()
        for char in chars:
            request.unicode_set.add(ord(char))
        for tag in DROPPED_TABLES:
            request.drop_table_tag_set.add(int.from_bytes(tag, "big"))
        request.flags = uharfbuzz.SubsetFlags.NO_HINTING
        return identity_cids(uharfbuzz.subset(self.hb_face, request).blob.data)


def identity_cids(data):
    """The font with each glyph's CID equal to its glyph index.

    Noto CJK is CID-keyed. The subset renumbers the glyphs but keeps their CIDs, while WeasyPrint
    writes glyph indexes into the page and PDF readers that follow the standard (MuPDF, pdf.js)
    look glyphs up by CID: they would draw blanks. Only the CFF table's charset is rewritten; the
    other tables are copied as they are."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    if "CFF " not in font:
        return data
    top = font["CFF "].cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return data
    names = [".notdef"] + [f"cid{gid:05d}" for gid in range(1, len(top.charset))]
    charstrings = top.CharStrings
    charstrings.charStrings = {new: charstrings.charStrings[old] for new, old in zip(names, top.charset, strict=True)}
    top.charset = names
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_dirs():
    dirs = [Path(d).expanduser() for d in [*settings.PDF_FONT_DIRS, *SYSTEM_FONT_DIRS]]
    try:
        import noto_cjk_sans_otc

        dirs.append(Path(noto_cjk_sans_otc.__file__).parent)
    except ImportError:
        pass
    return [d for d in dirs if d.is_dir()]


def _face_index(path, name):
    """The index of the face called `name` in a font file or collection, or None."""
    from fontTools.ttLib import TTCollection, TTFont

    fonts = (
        TTCollection(path, lazy=True).fonts if path.lower().endswith((".ttc", ".otc")) else [TTFont(path, lazy=True)]
    )
    for index, font in enumerate(fonts):
        if font["name"].getDebugName(4) == name:
            return index
    return None


@functools.cache
def faces(weight):
    """The faces to draw `weight` with, best first (cached for the life of the process)."""
    files = {}
    for folder in font_dirs():
        for filename in {c[0] for c in CANDIDATES[weight]}:
            for path in folder.rglob(filename):
                files.setdefault(filename, str(path))
    found = []
    for filename, name in CANDIDATES[weight]:
        if filename in files and (index := _face_index(files[filename], name)) is not None:
            found.append(Face(files[filename], index, name, weight))
    return found


class _TextCollector(html.parser.HTMLParser):
    """All the characters of an HTML document, and separately those inside bold elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chars, self.bold, self.depth = set(), set(), 0

    def handle_starttag(self, tag, attrs):
        if tag in BOLD_TAGS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in BOLD_TAGS and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        self.chars.update(data)
        if self.depth:
            self.bold.update(data)


@dataclass
class DocumentFonts:
    css: str
    files: dict  # URL in `css` → font bytes, for the renderer's URL fetcher
    missing: set


def _cover(chars, weight):
    """[(face, chars it draws)] covering as many of `chars` as the faces can, and what is left."""
    left, plan = set(chars), []
    for face in faces(weight):
        mine = {c for c in left if ord(c) in face.codepoints}
        if mine:
            plan.append((face, mine))
            left -= mine
        if not left:
            break
    return plan, left


def characters(html_text):
    """(all characters, characters set bold) of a document, with those the stylesheet adds."""
    collector = _TextCollector()
    collector.feed(html_text)
    collector.close()
    chars = {c for c in collector.chars | ALWAYS if not c.isspace() or c == " "}
    return chars, {c for c in collector.bold if not c.isspace()} | ALWAYS


def uncovered(html_text):
    """The characters of a document that no font has (cheap: no subsetting)."""
    return set(_cover(characters(html_text)[0], REGULAR)[1])


def for_document(html_text):
    """@font-face rules for the fonts of one document: family FAMILY, regular and bold, each a
    subset holding only the characters the document uses."""
    chars, bold = characters(html_text)
    if not faces(REGULAR):
        raise FontsMissing(
            "没有找到中文字体（Noto Serif CJK SC 或 Noto Sans CJK SC）。请运行 make install，"
            "或把字体文件所在目录写进 LINLI_PDF_FONT_DIRS。"
        )
    rules, files, missing = [], {}, set()
    for weight, wanted in ((REGULAR, chars), (BOLD, bold)):
        plan, left = _cover(wanted, weight)
        if weight == REGULAR:
            missing |= left
        for order, (face, subset_chars) in enumerate(plan):
            url = f"{URL_SCHEME}:{weight}-{order}"
            files[url] = face.subset(subset_chars)
            family = FAMILY if order == 0 else f"{FAMILY} {order}"
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{url}"); }}')
    if missing:
        logger.warning("PDF characters without a glyph in any font: %s", "".join(sorted(missing)))
    depth = max(len(faces(REGULAR)), len(faces(BOLD)))
    family_list = ", ".join(f'"{FAMILY}"' if i == 0 else f'"{FAMILY} {i}"' for i in range(depth))
    rules.append(f":root, html {{ font-family: {family_list}; }} @page {{ font-family: {family_list}; }}")
    return DocumentFonts(css="\n".join(rules), files=files, missing=missing)
