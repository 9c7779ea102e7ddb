"""Letters as PDF for residents whose channel is post, and PDF text read back.

The PDF is made from the stored plain-text letter, so a letter reproduced years later
reads word for word as the one sent. DejaVu Sans ships with redress: it covers the
characters residents and officers type (curly quotes, dashes, accents, the pound sign).
Large print is 16pt body text (2024 Code 5.10 adjustments).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ._fonts import FAMILY, FONTS, add_fonts, embed_from
from ._render import LARGE_PT, NORMAL_PT, text_blocks

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = ["FONTS", "a4_document", "document_bytes", "letter_pdf", "pdf_text"]


def a4_document(title: str, created: datetime, side: float, top: float) -> FPDF:
    """An A4 page in DejaVu Sans (regular and bold, parsed once per process), dated
    `created`, so that the same content always makes the same bytes (`document_bytes`)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(side, top, side)
    pdf.set_auto_page_break(True, margin=top)
    add_fonts(pdf)
    pdf.set_title(title)
    pdf.set_producer("redress")
    pdf.set_creation_date(created.astimezone(UTC))  # one instant, one byte string
    pdf.add_page()
    return pdf


def letter_pdf(text: str, title: str, created: datetime, *, large_print: bool) -> bytes:
    from fpdf.enums import XPos, YPos

    size = LARGE_PT if large_print else NORMAL_PT  # ragged right: easier to read than justified
    line = size * 0.55  # mm: about 1.5 line spacing
    pdf = a4_document(title, created, 22, 20)
    for kind, lines in text_blocks(text):
        if kind == "h":
            if pdf.get_y() + line * 3.5 > pdf.page_break_trigger:
                pdf.add_page()  # keep a heading with the first lines under it
            pdf.set_font(FAMILY, "B", size + 3)
            pdf.multi_cell(0, line * 1.2, lines[0], new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                           align="L")
        elif kind == "ul":
            pdf.set_font(FAMILY, "", size)
            for item in lines:
                pdf.cell(line, line, "\u2022")
                pdf.multi_cell(0, line, item, new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                               align="L")
        else:
            pdf.set_font(FAMILY, "", size)
            pdf.multi_cell(0, line, "\n".join(lines), new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                           align="L")
        pdf.ln(line * 0.6)
    return document_bytes(pdf)


def document_bytes(pdf: FPDF) -> bytes:
    """The finished document, its fonts subset from the smallest copy that serves."""
    embed_from(pdf)
    return bytes(pdf.output())


def pdf_text(data: bytes) -> tuple[str, int]:
    """The text a reader extracts from a PDF, and its page count."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)
