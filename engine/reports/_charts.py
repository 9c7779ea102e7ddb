"""Charts for the annual report, as inline SVG from matplotlib's SVG backend.

matplotlib rather than pygal: its SVG needs no script or stylesheet to render, it draws
hatching, so bars stay apart on a black-and-white printout, and it is among the most
widely maintained plotting libraries. Charts are drawn on a `Figure` (no pyplot, no
global state) and the output is made repeatable (fixed ids, no date).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo")
GREYS = ("#404040", "#ffffff", "#bfbfbf", "#ffffff", "#808080", "#ffffff")


def bars(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
         ylabel: str, *, percent: bool = False) -> str:
    """A grouped bar chart as an SVG fragment; each series has its own grey and hatch."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams["svg.hashsalt"] = "redress"  # repeatable ids
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, small
    fig = Figure(figsize=(7.0, 3.0), dpi=100)
    ax = fig.add_subplot()
    width = 0.8 / max(1, len(series))
    xs = range(len(categories))
    for i, (name, values) in enumerate(series):
        ax.bar([x + (i - (len(series) - 1) / 2) * width for x in xs], list(values), width,
               label=name, color=GREYS[i % len(GREYS)], edgecolor="black",
               hatch=HATCHES[i % len(HATCHES)], linewidth=0.8)
    ax.set_xticks(list(xs), list(categories), fontsize=8,
                  rotation=45 if len(categories) > 6 else 0,
                  ha="right" if len(categories) > 6 else "center")
    ax.set_ylabel(ylabel, fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.tick_params(axis="y", labelsize=8)
    if percent:
        ax.set_ylim(0, 100)
    else:  # counts: whole numbers on the axis
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg"):]  # inline: no XML prolog or doctype
