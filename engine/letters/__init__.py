"""Letters: the context a letter is written from and the checks on its data (`_compose`),
sandboxed Jinja rendering to text and HTML (`_render`), PDF for post (`_pdf`), the email
a letter is sent as (`_mail`), and sample letters for `letters check` (`_samples`). A
letter is refused, naming the element and its provision, rather than made without one.

May import `cases`, `workflow` and the base modules; never `store` or `runner`. The
config file is read through the `ConfigFile` shape, not imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "ConfigFile": "._compose",
    "Letter": "._compose",
    "LetterSettings": "._compose",
    "compose": "._compose",
    "content_hash": "._compose",
    "context": "._compose",
    "for_decision": "._compose",
    "landlord_of": "._compose",
    "ombudsman_on": "._compose",
    "BUNDLED": "._render",
    "html_words": "._render",
    "FONTS": "._pdf",
    "letter_pdf": "._pdf",
    "pdf_text": "._pdf",
    "Mailer": "._mail",
    "letter_email": "._mail",
    "mailer": "._mail",
    "MIN_READING_EASE": "._samples",
    "SAMPLE_LANDLORD": "._samples",
    "check_workflow": "._samples",
    "reading_ease": "._samples",
    "sample_context": "._samples",
    "sample_letter": "._samples",
    "with_sample_landlord": "._samples",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # explicit re-exports, so type checkers see the public names
    from ._compose import ConfigFile as ConfigFile
    from ._compose import Letter as Letter
    from ._compose import LetterSettings as LetterSettings
    from ._compose import compose as compose
    from ._compose import content_hash as content_hash
    from ._compose import context as context
    from ._compose import for_decision as for_decision
    from ._compose import landlord_of as landlord_of
    from ._compose import ombudsman_on as ombudsman_on
    from ._mail import Mailer as Mailer
    from ._mail import letter_email as letter_email
    from ._mail import mailer as mailer
    from ._pdf import FONTS as FONTS
    from ._pdf import letter_pdf as letter_pdf
    from ._pdf import pdf_text as pdf_text
    from ._render import BUNDLED as BUNDLED
    from ._render import html_words as html_words
    from ._samples import MIN_READING_EASE as MIN_READING_EASE
    from ._samples import SAMPLE_LANDLORD as SAMPLE_LANDLORD
    from ._samples import check_workflow as check_workflow
    from ._samples import reading_ease as reading_ease
    from ._samples import sample_context as sample_context
    from ._samples import sample_letter as sample_letter
    from ._samples import with_sample_landlord as with_sample_landlord
