"""The annual report as a reader gets it: Markdown, and one self-contained HTML page
(printable on A4) with a chart beside each table. Both are rendered from the report's
JSON, so they cannot disagree with it."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

Table = tuple[str, Sequence[str], Sequence[Sequence[Any]]]  # caption, columns, rows


def _month(key: str) -> str:
    """"2025-04" as a reader says it: "Apr 2025"."""
    return date.fromisoformat(f"{key}-01").strftime("%b %Y")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def tables(r: Mapping[str, Any]) -> list[tuple[str, Table]]:
    """Each section's table, in reading order, keyed by a section name."""
    v = r["volumes"]
    out: list[tuple[str, Table]] = [
        ("volumes", ("Complaints in the period", ("", "Number"), [
            ("Complaints received", v["received"]),
            ("Accepted into stage 1", v["accepted_stage1"]),
            ("Not accepted", v["not_accepted"]),
            ("Escalation requests (stage 2)", v["escalated_stage2"])])),
        ("by_month", ("Complaints by month", ("Month", "Received", "Escalated"),
                      [(_month(m["month"]), m["received"], m["escalated"])
                       for m in v["by_month"]])),
        ("by_category", ("Complaints by category", ("Category", "Complaints"),
                         [(c["category"], c["cases"]) for c in v["by_category"]])),
    ]
    outcomes = r["outcomes"]
    decisions = sorted({d for k, c in outcomes.items() if k != "withdrawn" for d in c})
    stages = [k for k in outcomes if k != "withdrawn"]
    counted = stages or ["number"]
    out.append(("outcomes", ("Outcomes of responses", (
        "Decision", *[k.replace("stage", "Stage ").capitalize() for k in counted]), [
        *[(d, *[outcomes[k].get(d, 0) for k in stages]) for d in decisions],
        ("Withdrawn by the resident", outcomes["withdrawn"], *[""] * (len(counted) - 1))])))
    out.append(("timeliness", ("Deadlines due in the period", (
        "Deadline", "Due", "Met", "Late", "Still overdue", "Met in time"), [
        (t["label"], t["due"], t["met"], t["late"], t["overdue"], _pct(t["proportion_met"]))
        for t in r["timeliness"]])))
    tsm = r.get("tsm")
    if not tsm:
        out.append(("tsm", ("Tenant Satisfaction Measures CH01 and CH02", ("",), [
            ("Not included: give --homes N (or homes in the [reports] table of the config).",
             )])))
    else:
        out.append(("tsm", ("Tenant Satisfaction Measures", ("Measure", "Figure"), [
            (f"CH01 {k.replace('stage', 'stage ')}: per 1,000 homes",
             f"{tsm['CH01'][k]['per_1000_homes']:.1f}") for k in tsm["CH01"]] + [
            (f"CH02 {k.replace('stage', 'stage ')}: answered within the Code's timescale",
             _pct(tsm["CH02"][k]["proportion"])) for k in tsm["CH02"]])))
    e = r["extensions"]
    out.append(("extensions", (f"Extensions: {e['count']}, of which "
                               f"{e['past_cap_with_good_reason']} past the usual cap with a "
                               "good reason", ("Reason given", "Extensions"),
                               [(x["reason"], x["count"]) for x in e["by_reason"]])))
    out.append(("not_accepted", ("Complaints not accepted, by ground", ("Ground", "Number"),
                                 [(x["label"], x["count"]) for x in r["not_accepted"]])))
    out.append(("declined", ("Escalations declined, by ground", ("Ground", "Number"),
                             [(x["label"], x["count"]) for x in r["escalations_declined"]])))
    rem = r["remedies"]
    acts = rem["outstanding_actions"]
    out.append(("remedies", ("Remedies", ("", "Number"), [
        ("Responses offering a remedy", rem["responses_with_remedy"]),
        ("Compensation offered (£)", rem["compensation_offered"]),
        ("Actions promised", acts["recorded"]), ("Done on time", acts["done"]),
        ("Done late", acts["done_late"]), ("Still open", acts["open"]),
        ("Overdue", acts["overdue"])])))
    omb = r["ombudsman"]
    orders = omb["orders"]
    out.append(("ombudsman", ("The Housing Ombudsman's findings", ("Finding", "Number"), [
        *[(x["outcome"], x["count"]) for x in omb["determinations"]],
        ("Orders and recommendations made", orders["recorded"]),
        ("Complied with on time", orders["done"]), ("Complied with late", orders["done_late"]),
        ("Still open", orders["open"]), ("Overdue", orders["overdue"])])))
    out.append(("learning", ("Learning and service improvements (closed cases)",
                             ("Category", "Case", "What was learnt"),
                             [(c["category"], i["case"], i["learning"])
                              for c in r["learning"] for i in c["items"]])))
    out.append(("adjustments", ("Reasonable adjustments", ("", "Number"), [
        ("Complaints from residents with a recorded adjustment",
         r["adjustments"]["cases"])])))
    return out


def annual_markdown(r: Mapping[str, Any], title: str) -> str:
    lines = [f"# {title}", ""]
    for _, (caption, columns, rows) in tables(r):
        lines += [f"## {caption}", ""]
        if not rows:
            lines += ["None in the period.", ""]
            continue
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + " --- |" * len(columns))
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
        lines.append("")
    lines += ["## The governing body's response (2024 Code 8.2)", "",
              r.get("governing_body_response") or "To be added when the governing body has "
              "considered this report.", ""]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def annual_html(r: Mapping[str, Any], title: str, charts: Mapping[str, str]) -> str:
    parts = [f"<h1>{html.escape(title)}</h1>"]
    for key, (caption, columns, rows) in tables(r):
        parts.append(f"<section><h2>{html.escape(caption)}</h2>")
        if key in charts:
            parts.append(f'<figure aria-hidden="true">{charts[key]}</figure>')
        if rows:
            head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
            body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row)
                           + "</tr>" for row in rows)
            parts.append(f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}"
                         f"</tr></thead><tbody>{body}</tbody></table>")
        else:
            parts.append("<p>None in the period.</p>")
        parts.append("</section>")
    response = r.get("governing_body_response")
    parts.append("<section><h2>The governing body's response (2024 Code 8.2)</h2>"
                 + "".join(f"<p>{html.escape(p)}</p>" for p in (response or "To be added "
                           "when the governing body has considered this report.")
                           .split("\n\n")) + "</section>")
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
@page {{ size: A4; margin: 15mm; }}
body {{ font-family: sans-serif; font-size: 10pt; color: #000; max-width: 180mm; }}
table {{ border-collapse: collapse; margin: 4px 0 12px; }}
caption {{ text-align: left; font-weight: bold; }}
th, td {{ border: 1px solid #000; padding: 2px 6px; text-align: left; vertical-align: top; }}
figure {{ margin: 0; }} figure svg {{ width: 100%; height: auto; }}
section {{ page-break-inside: avoid; }}
</style></head><body>
{chr(10).join(parts)}
</body></html>
"""


def annual_charts(r: Mapping[str, Any]) -> dict[str, str]:
    """The charts a reader would rather look at than read: volumes by month, outcomes,
    timeliness. Each sits beside the table that carries its numbers."""
    from ._charts import bars

    out = {}
    months = r["volumes"]["by_month"]
    if months:
        out["by_month"] = bars("Complaints by month", [_month(m["month"]) for m in months], [
            ("Received", [m["received"] for m in months]),
            ("Escalated", [m["escalated"] for m in months])], "Complaints")
    outcomes = {k: c for k, c in r["outcomes"].items() if k != "withdrawn"}
    decisions = sorted({d for c in outcomes.values() for d in c})
    if decisions:
        out["outcomes"] = bars("Outcomes of responses", decisions, [
            (k.replace("stage", "Stage "), [c.get(d, 0) for d in decisions])
            for k, c in outcomes.items()], "Responses")
    timely = [t for t in r["timeliness"] if t["due"]]
    if timely:
        out["timeliness"] = bars("Deadlines met in time", [t["label"] for t in timely], [
            ("Met in time", [100 * t["proportion_met"] for t in timely])],
            "% of those due", percent=True)
    return out
