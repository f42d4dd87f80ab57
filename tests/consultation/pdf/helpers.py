"""Reading the generated PDFs back: text, the glyphs drawn with each font, text positions, page boxes.

Everything here reads the bytes the way a PDF viewer does (pypdf, and fontTools for the embedded
fonts), so the tests check what a reader gets, not what the templates meant to produce.
"""

import functools
import io
import re
from dataclasses import dataclass

import pypdf
from fontTools.ttLib import TTFont
from pypdf.generic import ContentStream

MM = 72 / 25.4  # points per millimetre
A4 = (595.28, 841.89)  # 210 × 297 mm in points
WHITESPACE = re.compile(r"\s+")
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


def reader(content):
    return pypdf.PdfReader(io.BytesIO(content))


@functools.lru_cache(maxsize=8)
def pdf_text(content):
    """The text of every page, as extracted by pypdf (what copy-paste gives), pages joined by newlines."""
    return "\n".join(page.extract_text() for page in reader(content).pages)


def flat(text):
    """`text` without any whitespace: line breaks and justification spaces fall where the layout puts them."""
    return WHITESPACE.sub("", text)


def page_texts(content):
    return [flat(page.extract_text()) for page in reader(content).pages]


def assert_in_order(text, parts):
    """Every one of `parts` occurs in `text` (both compared without whitespace), each after the previous one."""
    haystack, position = flat(text), 0
    for part in parts:
        found = haystack.find(flat(part), position)
        assert found >= 0, f"{part!r} missing after position {position}: …{haystack[position : position + 80]}…"
        position = found + len(flat(part))


# -- fonts and glyphs ---------------------------------------------------------------------------------------


def _hex_to_int(token):
    return int(token, 16)


def _hex_to_text(token):
    return bytes.fromhex(token).decode("utf-16-be")


def to_unicode_map(font):
    """{CID: text} from a Type 0 font's /ToUnicode CMap (bfchar and bfrange entries)."""
    if "/ToUnicode" not in font:
        return {}
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[_hex_to_int(source)] = _hex_to_text(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block
        ):
            low, high = _hex_to_int(low), _hex_to_int(high)
            if target.startswith("["):
                for offset, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                    mapping[low + offset] = _hex_to_text(item)
            else:
                first = bytes.fromhex(target[1:-1])
                for offset in range(high - low + 1):
                    value = int.from_bytes(first, "big") + offset
                    mapping[low + offset] = value.to_bytes(len(first), "big").decode("utf-16-be")
    return mapping


def _string_bytes(operand):
    """The raw bytes of a string operand (pypdf decodes some as text; `original_bytes` undoes that)."""
    return bytes(operand.original_bytes)


def _widths(cid_font):
    """({CID: width in 1/1000 em}, default width) from a CIDFont's /W array and /DW."""
    widths, entries, i = {}, list(cid_font.get("/W", [])), 0
    while i < len(entries):
        first, second = entries[i], entries[i + 1]
        if isinstance(second, list):
            for offset, width in enumerate(second):
                widths[int(first) + offset] = float(width)
            i += 2
        else:
            for cid in range(int(first), int(second) + 1):
                widths[cid] = float(entries[i + 2])
            i += 3
    return widths, float(cid_font.get("/DW", 1000))


def _mult(m, n):
    """m × n for PDF matrices [a b c d e f] (row vectors: a point p is drawn at p × m × n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def _apply(m, x, y):
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


IDENTITY = [1, 0, 0, 1, 0, 0]


@dataclass(frozen=True)
class Glyph:
    """One glyph as drawn: its font (/BaseFont, e.g. ABCDEF+Linli-CJK), CID, what the font's
    ToUnicode says it is ("" when it says nothing), and where it is on its page in points from the
    bottom-left corner: x0 to x1 along the baseline y, at `size` points."""

    page: int
    font: str
    cid: int
    text: str
    x0: float
    x1: float
    y: float
    size: float
    fill: tuple = (0.0, 0.0, 0.0)

    @property
    def top(self):
        """Distance in points from the top edge of an A4 page to the top of the em box."""
        return A4[1] - self.y - self.size * 0.88

    @property
    def bottom(self):
        """Distance in points from the top edge of an A4 page to the bottom of the em box."""
        return A4[1] - self.y + self.size * 0.12


class _Interpreter:
    """Enough of the PDF text model for what WeasyPrint writes: graphics state (q Q cm rg g), text
    state (Tf Tc Tz Ts TL), positioning (Tm Td TD T*), showing (Tj TJ ' ") and form XObjects."""

    def __init__(self, pdf):
        self.pdf, self.glyphs, self.fonts = pdf, [], {}

    def font_info(self, font):
        key = id(font)
        if key not in self.fonts:
            assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H", font
            self.fonts[key] = (str(font["/BaseFont"]), to_unicode_map(font), *_widths(descendant(font)))
        return self.fonts[key]

    def run(self, page_number, owner, resources, ctm):
        resources = resources.get_object() if resources is not None else {}
        font_resources = resources["/Font"].get_object() if "/Font" in resources else {}
        if isinstance(owner, pypdf.PageObject):
            stream = owner.get_contents()
            if stream is None:
                return
        else:
            stream = ContentStream(owner, self.pdf)
        stack, tm, tlm = [], IDENTITY, IDENTITY
        state = {"font": None, "size": 0.0, "tc": 0.0, "th": 1.0, "rise": 0.0, "leading": 0.0, "fill": (0.0, 0.0, 0.0)}
        for operands, operator in stream.operations:
            if operator == b"q":
                stack.append((ctm, dict(state)))
            elif operator == b"Q":
                ctm, state = stack.pop()
            elif operator == b"cm":
                ctm = _mult([float(v) for v in operands], ctm)
            elif operator == b"BT":
                tm = tlm = IDENTITY
            elif operator == b"rg":
                state["fill"] = tuple(float(v) for v in operands)
            elif operator == b"g":
                state["fill"] = (float(operands[0]),) * 3
            elif operator == b"Tf":
                state["font"], state["size"] = font_resources[operands[0]].get_object(), float(operands[1])
            elif operator == b"Tc":
                state["tc"] = float(operands[0])
            elif operator == b"Tz":
                state["th"] = float(operands[0]) / 100
            elif operator == b"Ts":
                state["rise"] = float(operands[0])
            elif operator == b"TL":
                state["leading"] = float(operands[0])
            elif operator == b"Tm":
                tm = tlm = [float(v) for v in operands]
            elif operator in (b"Td", b"TD"):
                if operator == b"TD":
                    state["leading"] = -float(operands[1])
                tm = tlm = _mult([1, 0, 0, 1, float(operands[0]), float(operands[1])], tlm)
            elif operator in (b"T*", b"'", b'"'):
                if operator == b'"':
                    state["tc"] = float(operands[1])
                tm = tlm = _mult([1, 0, 0, 1, 0, -state["leading"]], tlm)
                if operator != b"T*":
                    tm = self.show(page_number, [operands[-1]], state, tm, ctm)
            elif operator == b"Tj":
                tm = self.show(page_number, [operands[0]], state, tm, ctm)
            elif operator == b"TJ":
                tm = self.show(page_number, list(operands[0]), state, tm, ctm)
            elif operator == b"Do":
                xobject = resources["/XObject"].get_object()[operands[0]].get_object()
                if xobject.get("/Subtype") == "/Form":
                    matrix = [float(v) for v in xobject.get("/Matrix", IDENTITY)]
                    self.run(page_number, xobject, xobject.get("/Resources", resources), _mult(matrix, ctm))

    def show(self, page_number, items, state, tm, ctm):
        font = state["font"]
        assert font is not None, "text shown before any font was selected"
        name, unicode_map, widths, default_width = self.font_info(font)
        size, th = state["size"], state["th"]
        for item in items:
            if isinstance(item, (int, float)):
                tm = _mult([1, 0, 0, 1, -float(item) / 1000 * size * th, 0], tm)
                continue
            data = _string_bytes(item)
            assert len(data) % 2 == 0, f"odd number of bytes in an Identity-H string: {data!r}"
            for i in range(0, len(data), 2):
                cid = int.from_bytes(data[i : i + 2], "big")
                width = widths.get(cid, default_width) / 1000
                trm = _mult(_mult([size * th, 0, 0, size, 0, state["rise"]], tm), ctm)
                x0, y = _apply(trm, 0, 0)
                x1, _ = _apply(trm, width, 0)
                scale = (trm[2] ** 2 + trm[3] ** 2) ** 0.5
                self.glyphs.append(
                    Glyph(
                        page_number,
                        name,
                        cid,
                        unicode_map.get(cid, ""),
                        min(x0, x1),
                        max(x0, x1),
                        y,
                        scale,
                        state["fill"],
                    )
                )
                tm = _mult([1, 0, 0, 1, (width * size + state["tc"]) * th, 0], tm)
        return tm


@functools.lru_cache(maxsize=8)
def used_glyphs(content):
    """Every glyph drawn in the document, in drawing order (see Glyph).

    The fonts are Type 0 with Identity-H encoding: each shown string is a run of 2-byte CIDs."""
    pdf = reader(content)
    interpreter = _Interpreter(pdf)
    for number, page in enumerate(pdf.pages, start=1):
        interpreter.run(number, page, page.get("/Resources"), IDENTITY)
    return tuple(interpreter.glyphs)


def lines(content):
    """[(page, baseline y, text)] of the document, glyphs grouped by page and baseline, left to right."""
    grouped = {}
    for glyph in used_glyphs(content):
        grouped.setdefault((glyph.page, round(glyph.y, 1)), []).append(glyph)
    return [
        (page, y, "".join(g.text for g in sorted(glyphs, key=lambda g: g.x0)))
        for (page, y), glyphs in sorted(grouped.items(), key=lambda kv: (kv[0][0], -kv[0][1]))
    ]


def resource_dicts(content):
    """Every resource dictionary of the pages and of the form XObjects they draw, each once."""
    seen, stack = set(), [page.get("/Resources") for page in reader(content).pages]
    while stack:
        resources = stack.pop()
        resources = resources.get_object() if resources is not None else {}
        if id(resources) in seen:
            continue
        seen.add(id(resources))
        yield resources
        for xobject in resources["/XObject"].get_object().values() if "/XObject" in resources else []:
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                stack.append(xobject["/Resources"])


def fonts(content):
    """{BaseFont: Type 0 font dictionary} of every font any page (or form XObject on it) uses."""
    return {
        str(font.get_object()["/BaseFont"]): font.get_object()
        for resources in resource_dicts(content)
        if "/Font" in resources
        for font in resources["/Font"].get_object().values()
    }


def descendant(font):
    return font["/DescendantFonts"][0].get_object()


def embedded_font_file(font):
    """(key, bytes) of the font program embedded for a Type 0 font, or (None, None)."""
    descriptor = descendant(font)["/FontDescriptor"].get_object()
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if key in descriptor:
            return key, descriptor[key].get_object().get_data()
    return None, None


# -- embedded font programs -------------------------------------------------------------------------------


@dataclass
class FontProgram:
    """An embedded font program as a PDF reader uses it.

    `by_code` is the glyph (name) each code of the content stream selects: for a CFF font whose
    Top DICT has CIDFont operators (ROS) the code is a CID looked up in the charset (ISO 32000-2,
    9.7.4.2), otherwise it is the glyph index. `by_gid` is the glyph order itself. `characters`
    gives, for each glyph name, the characters the font draws with it: from the cmap, and through
    the GSUB single substitutions (locl, fwid, vert…) applied to those glyphs."""

    kind: str
    cid_keyed: bool
    glyph_count: int
    by_gid: list
    by_code: dict
    characters: dict


def _single_substitutions(ttfont):
    if "GSUB" not in ttfont or ttfont["GSUB"].table.LookupList is None:
        return []
    mappings = []
    for lookup in ttfont["GSUB"].table.LookupList.Lookup:
        for subtable in lookup.SubTable:
            if lookup.LookupType == 7:
                subtable = subtable.ExtSubTable
            mapping = getattr(subtable, "mapping", None)
            if mapping:
                mappings.append(mapping)
    return mappings


def font_program(font):
    key, data = embedded_font_file(font)
    assert data is not None, f"{font['/BaseFont']} is not embedded"
    ttfont = TTFont(io.BytesIO(data))
    order = ttfont.getGlyphOrder()
    cid_keyed = "CFF " in ttfont and "ROS" in ttfont["CFF "].cff.topDictIndex[0].rawDict
    if cid_keyed:
        # fontTools names the glyphs of a CID-keyed CFF font after their CID: cid01234.
        by_code = {int(name[3:]): name for name in order if name.startswith("cid")}
        by_code[0] = ".notdef"
    else:
        by_code = dict(enumerate(order))
    characters = {}
    for codepoint, name in ttfont.getBestCmap().items():
        characters.setdefault(name, set()).add(chr(codepoint))
    mappings, changed = _single_substitutions(ttfont), True
    while changed:
        changed = False
        for mapping in mappings:
            for source, target in mapping.items():
                extra = characters.get(source, set()) - characters.get(target, set())
                if extra:
                    characters.setdefault(target, set()).update(extra)
                    changed = True
    return FontProgram(key, cid_keyed, len(order), order, by_code, characters)


def images(content):
    """(width, height) of each image XObject the pages (or form XObjects on them) use, each once."""
    found, seen = [], set()
    for resources in resource_dicts(content):
        for reference in resources["/XObject"].get_object().values() if "/XObject" in resources else []:
            key = getattr(reference, "idnum", id(reference))
            xobject = reference.get_object()
            if key not in seen and xobject.get("/Subtype") == "/Image":
                seen.add(key)
                found.append((int(xobject["/Width"]), int(xobject["/Height"])))
    return found


def page_boxes(content):
    return [tuple(float(v) for v in page.mediabox) for page in reader(content).pages]


def xmp(content):
    """The document's XMP metadata packet as text ("" when there is none)."""
    root = reader(content).trailer["/Root"]
    if "/Metadata" not in root:
        return ""
    return root["/Metadata"].get_object().get_data().decode("utf-8")
