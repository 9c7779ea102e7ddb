"""Reports over the store: the Regulator of Social Housing's complaint measures CH01 and
CH02 for a reporting year or any period (`_tsm`, counted in SQL, never by loading every
case), every case behind them explained (`_explain`), the annual complaints report
(`_annual`, rendered with its charts by `_annual_render` and `_charts`), the Code
self-assessment (`_self_assessment`), the period (`_periods`), the deadlines due in it
(`_deadlines`), the definitions the config can change (`_settings`) and the text and CSV
forms (`_forms`). They read the store and never change it.

Sits above `store`, beside `runner`: may import `store`, `letters`, `cases`, `workflow`
and the base modules; never `runner` (nor does `runner` import it) nor the top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "Period": "._periods",
    "last_year": "._periods",
    "period_of": "._periods",
    "reporting_year": "._periods",
    "year_of": "._periods",
    "ReportSettings": "._settings",
    "Source": "._tsm",
    "TsmReport": "._tsm",
    "roles_of": "._tsm",
    "tsm": "._tsm",
    "Line": "._explain",
    "case_explanation": "._explain",
    "explain": "._explain",
    "lines_csv": "._forms",
    "lines_text": "._forms",
    "tsm_csv": "._forms",
    "tsm_text": "._forms",
    "annual": "._annual",
    "annual_charts": "._annual_render",
    "annual_html": "._annual_render",
    "annual_markdown": "._annual_render",
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

if TYPE_CHECKING:  # explicit re-exports, so type checkers see the public names
    from ._annual import annual as annual
    from ._annual_render import annual_charts as annual_charts
    from ._annual_render import annual_html as annual_html
    from ._annual_render import annual_markdown as annual_markdown
    from ._explain import Line as Line
    from ._explain import case_explanation as case_explanation
    from ._explain import explain as explain
    from ._forms import lines_csv as lines_csv
    from ._forms import lines_text as lines_text
    from ._forms import tsm_csv as tsm_csv
    from ._forms import tsm_text as tsm_text
    from ._periods import Period as Period
    from ._periods import last_year as last_year
    from ._periods import period_of as period_of
    from ._periods import reporting_year as reporting_year
    from ._periods import year_of as year_of
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
    from ._settings import ReportSettings as ReportSettings
    from ._tsm import Source as Source
    from ._tsm import TsmReport as TsmReport
    from ._tsm import roles_of as roles_of
    from ._tsm import tsm as tsm
