"""Reports over the case record: the Code self-assessment (`_self_assessment`) and the
reporting periods they cover (`_periods`). They read the store and never change it.

May import `store`, `letters`, `cases`, `workflow` and the base modules; never `runner`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "annual": "._annual",
    "annual_charts": "._annual_render",
    "annual_html": "._annual_render",
    "annual_markdown": "._annual_render",
    "Period": "._periods",
    "period": "._periods",
    "reporting_year": "._periods",
    "Row": "._self_assessment",
    "assess": "._self_assessment",
    "citations": "._self_assessment",
    "measures": "._self_assessment",
    "provisions": "._self_assessment",
    "self_assessment": "._self_assessment",
    "summary": "._self_assessment",
    "to_csv": "._self_assessment",
    "to_html": "._self_assessment",
    "to_markdown": "._self_assessment",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from ._annual import annual as annual
    from ._annual_render import annual_charts as annual_charts
    from ._annual_render import annual_html as annual_html
    from ._annual_render import annual_markdown as annual_markdown
    from ._periods import Period as Period
    from ._periods import period as period
    from ._periods import reporting_year as reporting_year
    from ._self_assessment import Row as Row
    from ._self_assessment import assess as assess
    from ._self_assessment import citations as citations
    from ._self_assessment import measures as measures
    from ._self_assessment import provisions as provisions
    from ._self_assessment import self_assessment as self_assessment
    from ._self_assessment import summary as summary
    from ._self_assessment import to_csv as to_csv
    from ._self_assessment import to_html as to_html
    from ._self_assessment import to_markdown as to_markdown

