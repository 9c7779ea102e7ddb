"""Reports over the store: the Regulator of Social Housing's complaint measures CH01 and
CH02 for a reporting year or any period (`_tsm`, counted in SQL, never by loading every
case), every case behind them explained (`_explain`), the period (`_periods`), the
definitions the config can change (`_settings`) and the text and CSV forms (`_forms`).

Sits above `store`, beside `runner`: may import `store`, `letters`, `cases`, `workflow`
and the base modules; never `runner` (nor does `runner` import it) nor the top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "Period": "._periods",
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
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # explicit re-exports, so type checkers see the public names
    from ._explain import Line as Line
    from ._explain import case_explanation as case_explanation
    from ._explain import explain as explain
    from ._forms import lines_csv as lines_csv
    from ._forms import lines_text as lines_text
    from ._forms import tsm_csv as tsm_csv
    from ._forms import tsm_text as tsm_text
    from ._periods import Period as Period
    from ._periods import period_of as period_of
    from ._periods import reporting_year as reporting_year
    from ._periods import year_of as year_of
    from ._settings import ReportSettings as ReportSettings
    from ._tsm import Source as Source
    from ._tsm import TsmReport as TsmReport
    from ._tsm import roles_of as roles_of
    from ._tsm import tsm as tsm
