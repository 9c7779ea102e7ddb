"""The two DejaVu fonts, parsed once per process and shared by every PDF it makes.

fpdf2 parses a TrueType font afresh in each `FPDF.add_font` and subsets the parsed font
in place when the document is written, so a font cannot simply be shared between
documents (the second would embed the first one's subset). Here each font is parsed
once (its metrics, character map and glyph ids: what layout reads, never changed by
it), and each document gets its own `TTFFont` over those, with a fresh subset map and
its own `fontTools` font to subset on output.

That own font is the costly part: subsetting DejaVu's 6,000 glyphs means reading all of
them. So a reduced copy is made once per process, holding the characters letters are
written in (Latin with its accents, Welsh included, the punctuation and currency signs);
a document whose characters it all holds (nearly every letter) is subset from it, and
only a document with another character is subset from the full font. Either choice
depends on the text alone, so the same letter always makes the same bytes.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ._render import BUNDLED

if TYPE_CHECKING:
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

FONTS = BUNDLED / "fonts"
FAMILY = "DejaVu"
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

# What the reduced copy holds: Basic Latin, Latin-1, Latin Extended-A (Welsh ŵ ŷ,
# Polish, Czech, ...), general punctuation (dashes, curly quotes, bullet, ellipsis) and
# the currency signs.
COMMON = (*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2000, 0x2070),
          *range(0x20A0, 0x20C1), 0x2122)

# Attributes of a parsed font that layout only reads: shared by every document.
_SHARED = ("type", "name", "desc", "glyph_ids", "sp", "ss", "up", "ut", "cw", "ttffile",
           "fontkey", "emphasis", "scale", "cmap", "palette_index", "is_compressed",
           "is_cff", "is_cid_keyed", "is_symbol", "cff_ros", "collection_font_number")


@dataclass(frozen=True)
class Parsed:
    """One font as parsed once: fpdf2's font object, the file's bytes, and the reduced
    copy's bytes and glyph names."""

    font: TTFFont
    data: bytes
    reduced: bytes
    reduced_glyphs: frozenset[str]


_lock = threading.Lock()


@cache
def _parsed(style: str) -> Parsed:
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    path = FONTS / FILES[style]
    data = path.read_bytes()
    holder = FPDF()
    holder.add_font(FAMILY, style, str(path))
    font = holder.fonts[f"{FAMILY.lower()}{style}"]
    assert isinstance(font, TTFFont)
    small = TTFont(io.BytesIO(data), recalcTimestamp=False)
    # glyph names kept, so a document's glyphs are found by the names fpdf2 knows them by
    options = subset.Options(glyph_names=True, notdef_outline=True, recommended_glyphs=True,
                             layout_features=[])
    options.drop_tables += ["FFTM", "GDEF", "GPOS", "GSUB"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=COMMON)
    subsetter.subset(small)
    out = io.BytesIO()
    small.save(out)
    return Parsed(font, data, out.getvalue(), frozenset(small.getGlyphOrder()))


def parsed(style: str) -> Parsed:
    """The font of `style` ("" or "B"), parsed on first use in this process."""
    with _lock:  # two threads making their first PDF at once parse it once
        return _parsed(style)


def add_fonts(pdf: FPDF) -> None:
    """Give `pdf` DejaVu Sans regular and bold, as `add_font` would, without parsing."""
    from fpdf.fonts import SubsetMap, TTFFont

    for style in FILES:
        master = parsed(style).font
        font = TTFFont.__new__(TTFFont)
        for name in _SHARED:
            setattr(font, name, getattr(master, name))
        font.i = len(pdf.fonts) + 1
        font.unicode_range = None  # type: ignore[attr-defined]  # a slot __init__ leaves
        font._hbfont = None
        font.biggest_size_pt = 0
        font.missing_glyphs = []
        font.color_font = None
        font.subset = SubsetMap(font)
        font.ttfont = _open(parsed(style).data)  # `embed_from` may pick the reduced copy
        pdf.fonts[master.fontkey] = font


def embed_from(pdf: FPDF) -> None:
    """Just before output: give each font the `fontTools` font to subset, the reduced
    copy where it holds every glyph the document used, else the full font."""
    for style in FILES:
        font: TTFFont | None = pdf.fonts.get(f"{FAMILY.lower()}{style}")  # type: ignore[assignment]
        if font is None:
            continue
        p = parsed(style)
        used = {glyph.glyph_name for glyph, _ in font.subset.items() if glyph is not None}
        data = p.reduced if used <= p.reduced_glyphs else p.data
        font.ttfont = _open(data)


def _open(data: bytes) -> Any:
    """A fontTools font over `data`, its tables read when first asked for."""
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
