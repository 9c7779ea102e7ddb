"""The Code self-assessment (2024 Code 8.1, 2022 Code 8.1), filled in only where redress
can vouch for the answer.

Every provision of the chosen edition is listed with its requirement in our own words
(or the official wording from a CSV the landlord names). redress answers a provision
only from what it holds: the places the workflow cites it (file:line), what `workflow
check` finds looser than the Code, and, for a provision a deadline enforces, how often
that deadline was met over the period. Everything else (training, publication,
governance) is left for the landlord; nothing is answered by guess.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .._errors import InvalidInput
from ..store._reader import Fetch
from ..workflow._compliance import Finding, standing
from ..workflow._definition import WorkflowDefinition
from ..workflow._registry import Registry, bundled_dir
from ..workflow._yaml import Located, PathKey
from ._deadlines import Counts, due_in

EDITIONS = ("2024", "2022")
YES, NO, LANDLORD = "Yes", "No", ""
_PROVISION = re.compile(r"(\d+\.\d+)(\([a-z]\))?")
_KINDS = {"timers": "timer", "actions": "action", "letters": "letter", "rules": "rule",
          "exclusions": "exclusion", "choices": "choice", "limits": "limit",
          "stages": "stages"}


@dataclass(frozen=True)
class Provision:
    code: str
    section: str
    requirement: str
    engine: str = ""  # what redress itself does for it, where that is a fact of the product


@dataclass(frozen=True)
class Row:
    provision: str
    section: str
    requirement: str
    comply: str  # Yes, No, or "" (for the landlord)
    evidence: str  # the workflow's rules that enforce it, file:line
    figure: str  # the measured figure over the period
    commentary: str


def provisions(edition: str, official: Path | None = None) -> list[Provision]:
    """The provisions of a Code edition, with our summary or the official wording."""
    if edition not in EDITIONS:
        raise InvalidInput(f"--code must be one of {', '.join(EDITIONS)} (the editions with a "
                           f"self-assessment form), got: {edition!r}")
    path = bundled_dir() / f"provisions-{edition}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        out = [Provision(r["provision"], r["section"], r["requirement"], r["engine"])
               for r in csv.DictReader(f)]
    if official is None:
        return out
    wording = _official(official)
    return [Provision(p.code, p.section, wording.get(p.code, p.requirement), p.engine)
            for p in out]


def _official(path: Path) -> dict[str, str]:
    """`[self_assessment] code_text`: a CSV of `provision,text` in the Code's own words."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the Code's wording: {exc.strerror}") from None
    if rows and not {"provision", "text"} <= set(rows[0]):
        raise InvalidInput(f"{path}: needs the columns provision,text; found: "
                           f"{','.join(rows[0])}")
    return {r["provision"].strip(): r["text"].strip() for r in rows}


def citations(doc: Located) -> dict[str, list[str]]:
    """Where a workflow (its own file and what it extends) cites each provision, as
    "timer stage1_response (workflows/chc-2024.yaml:48)"."""
    found: dict[str, list[str]] = {}
    for path, value in _scalars(doc.data, ()):
        text = doc.raw.get(path, str(value))
        m = _PROVISION.fullmatch(text.strip())
        if m is None or not path or path[0] not in _KINDS:
            continue
        file, line = doc.line(path)
        where = f"{_shown(file)}:{line}" if line else _shown(file)
        found.setdefault(m.group(1), []).append(f"{_label(path)} ({where})")
    return found


def _scalars(data: Any, path: PathKey) -> Iterator[tuple[PathKey, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _scalars(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _scalars(value, (*path, i))
    elif isinstance(data, str | int | float) and not isinstance(data, bool):
        yield path, data


def _label(path: PathKey) -> str:
    """A citation's place in words: "action extend requires working_days (stage 2)"."""
    words = []
    for p in path[1:]:
        if p == "code":
            continue
        words.append(f"(stage {p})" if isinstance(p, int) else
                     "contains" if p == "must_contain" else str(p))
    return " ".join([_KINDS[str(path[0])], *words])


def _shown(file: str) -> str:
    """A bundled file by its place in the project (workflows/chc-2024.yaml)."""
    p = Path(file)
    try:
        return str(Path("workflows") / p.resolve().relative_to(bundled_dir().resolve()))
    except ValueError:
        return file


@dataclass(frozen=True)
class Measure:
    """How one deadline fared over the period: by its due date."""

    timer: str
    label: str
    met: int
    late: int
    overdue: int  # still unanswered after its due date

    @property
    def due(self) -> int:
        return self.met + self.late + self.overdue

    def sentence(self) -> str:
        share = 100 * self.met / self.due
        return (f"{share:.1f}% of {self.due} {self.label.lower()} deadline"
                f"{'s' if self.due != 1 else ''} due in the period were met "
                f"({self.late} late, {self.overdue} still overdue)")


def measures(fetch: Fetch, defn: WorkflowDefinition, start: date, end: date,
             today: date) -> dict[str, Measure]:
    """Per landlord deadline of `defn`, how its runs due from `start` to `end` fared, on
    the cases that ran on a workflow of that name."""
    counts: dict[str, Counts] = {}
    for (name, _), c in due_in(fetch, start, end, today, defn.name).items():
        total = counts.setdefault(name, {"met": 0, "late": 0, "overdue": 0})
        for key, n in c.items():
            total[key] += n
    out = {}
    for name, c in counts.items():
        timer = defn.timers.get(name)
        if timer is None or timer.window == "resident" or not sum(c.values()):
            continue
        out[name] = Measure(name, timer.label, c["met"], c["late"], c["overdue"])
    return out


def assess(defn: WorkflowDefinition, doc: Located, findings: Sequence[Finding],
           provs: Sequence[Provision], measured: Mapping[str, Measure]) -> list[Row]:
    """One row per provision: Yes where the workflow enforces it and `workflow check` finds
    nothing looser, No (with the finding) where it is looser, blank where only the
    landlord can say."""
    cited = citations(doc)
    rows = []
    for p in provs:
        looser = [f for f in findings if _base(f.code) == p.code]
        places = cited.get(p.code, [])
        figures = [m.sentence() for name, m in measured.items()
                   if _base(defn.timers[name].code) == p.code]
        if looser:
            comply = NO
            commentary = "; ".join(f"{f.file}:{f.line}: {f.message}" if f.line else
                                   f"{f.file}: {f.message}" for f in looser)
        elif places or p.engine:
            comply, commentary = YES, p.engine
        else:
            comply, commentary = LANDLORD, "For the landlord to assess: redress holds no " \
                "evidence for it."
        rows.append(Row(p.code, p.section, p.requirement, comply, "; ".join(places),
                        "; ".join(figures), commentary))
    return rows


def _base(code: str) -> str:
    m = _PROVISION.match(code.strip())
    return m.group(1) if m else code


COLUMNS = ("Provision", "Section", "Requirement", "Comply", "Evidence in redress",
           "Measured", "Commentary")


def _cells(r: Row) -> tuple[str, ...]:
    return (r.provision, r.section, r.requirement, r.comply or "(landlord)", r.evidence,
            r.figure, r.commentary)


def to_csv(rows: Sequence[Row]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow(_cells(r))
    return out.getvalue()


def to_markdown(rows: Sequence[Row], title: str) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"# {title}", "", "| " + " | ".join(COLUMNS) + " |",
             "|" + " --- |" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(c) for c in _cells(r)) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def to_html(rows: Sequence[Row], title: str) -> str:
    head = "".join(f"<th scope=\"col\">{html.escape(c)}</th>" for c in COLUMNS)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in _cells(r)) + "</tr>"
        for r in rows)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: sans-serif; font-size: 10pt; color: #000; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #000; padding: 3px 5px; vertical-align: top; text-align: left; }}
thead {{ display: table-header-group; }} tr {{ page-break-inside: avoid; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<table><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table></body></html>
"""


def summary(rows: Sequence[Row]) -> str:
    yes = sum(r.comply == YES for r in rows)
    no = sum(r.comply == NO for r in rows)
    return (f"{len(rows)} provisions: {yes} met by the workflow, {no} not met, "
            f"{len(rows) - yes - no} for the landlord to assess")


def self_assessment(fetch: Fetch, registry: Registry, edition: str, workflow: str | None,
                    start: date, end: date, today: date,
                    official: Path | None = None) -> tuple[WorkflowDefinition, list[Row]]:
    """The self-assessment of `workflow` (default: the edition's baseline) against the
    `edition` of the Code, measured over the cases that ran on it from `start` to `end`."""
    provs = provisions(edition, official)
    name = workflow or f"chc-{edition}"
    defn, doc = registry.load_with_source(name)
    st = standing(name, registry)
    if st.baseline is None:
        raise InvalidInput(f"workflow {defn.name} follows no Code edition, so it cannot be "
                           "assessed against one")
    base = registry.load(st.baseline)
    if base.edition != edition:
        raise InvalidInput(f"workflow {defn.name} follows the {base.edition} Code "
                           f"({st.baseline}); assess it with --code {base.edition}")
    return defn, assess(defn, doc, st.findings, provs,
                        measures(fetch, defn, start, end, today))
