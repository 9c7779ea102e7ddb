"""Stage letters: the context a letter is written from, rendering, and the two checks.

A letter is produced by an action (see `LetterDef`). Before rendering, every element the
workflow says it must contain is looked up in the context and must have a value; after
rendering, every such value must appear in the text, the HTML and (for post) the PDF
text. Either failure refuses the letter, naming each element and its provision, so the
action that would have produced it is not saved either.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from .._errors import ConfigError, LetterRefused
from .._text import has_line_break
from ..cases._clock import local_date, long_date
from ..cases._core import Case, Deadline, Decision, listed
from ..workflow._definition import LetterDef, Requirement, WorkflowDefinition
from ..workflow._elements import HOW_TO_SUPPLY, PHRASES
from ._render import (
    BUNDLED,
    blocks,
    letter_html_words,
    render,
    search_path,
    squash,
    to_html,
    to_text,
)

LANDLORD_KEYS = ("name", "address", "complaints_email", "complaints_phone", "signatory_role",
                 "website")
OMBUDSMAN_KEYS = ("name", "telephone", "email", "website", "complaint_form", "address")
HEADER_VALUES = (("subject", "letter.subject"), ("resident name", "resident.name"),
                 ("resident email", "resident.email"), ("landlord name", "landlord.name"),
                 ("landlord email", "landlord.complaints_email"))


def _listed(defn: WorkflowDefinition, fields: Mapping[str, str]) -> dict[str, str]:
    """A field that lists tracked actions ("WHAT|DATE" lines) as the resident reads it:
    what will happen and by when (2024 7.3), e.g. "Fit the new tap by Thursday 3
    December 2026"."""
    out = {}
    for t in defn.timers.values():
        raw = fields.get(t.each or "", "")
        if not t.each or not raw or raw.strip().lower() == "none" or "|" not in raw:
            continue
        items = []
        for what, when in listed(raw):
            try:
                items.append(f"{what} by {long_date(date.fromisoformat(when))}")
            except ValueError:
                items.append(f"{what} {when}".strip())
        out[t.each] = "; ".join(items)
    return out


def lines_of(value: Any) -> list[str]:
    """An address as lines: a TOML list, or text split at line breaks or commas."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value or "")
    parts = text.splitlines() if "\n" in text else text.split(",")
    return [p.strip() for p in parts if p.strip()]


TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Rev", "Sir", "Dame"})


def salutation(name: str) -> str:
    """Whom a letter is to ("Dear ..."): "Ms Alice Example" as "Ms Example", the title and
    surname as given; any other form of name (no title, a surname of several words) just
    as given, since guessing a surname would be worse than a full name."""
    words = name.split()
    if len(words) == 3 and words[0].rstrip(".") in TITLES:
        return f"{words[0]} {words[2]}"
    return name


class ConfigFile(Protocol):
    """What the letters and the runner read of the operator's config file: its tables and
    where it was found (relative folders are taken from there). `redress.engine.Config`
    is one; it is not imported here, since the config file belongs to the layer above."""

    @property
    def path(self) -> Path | None: ...

    @property
    def raw(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class LetterSettings:
    """Who writes (landlord), whom to point to (Ombudsman), where templates live."""

    landlord: Mapping[str, Any] = field(default_factory=dict)
    ombudsman: Mapping[str, Any] = field(default_factory=dict)  # overrides the shipped data
    template_dirs: tuple[Path, ...] = ()
    landlord_defaults: Mapping[str, Any] = field(default_factory=dict)  # demo and samples

    @classmethod
    def from_config(cls, config: ConfigFile) -> LetterSettings:
        where = str(config.path) if config.path else "config"
        landlord = dict(config.raw.get("landlord", {}))
        ombudsman = dict(config.raw.get("ombudsman", {}))
        for table, values, known in (("landlord", landlord, LANDLORD_KEYS),
                                     ("ombudsman", ombudsman, OMBUDSMAN_KEYS)):
            for key in values:
                if key not in known:
                    from .._text import did_you_mean

                    raise ConfigError(f"{where}: unknown key {key!r} in [{table}]"
                                      f"{did_you_mean(key, known)}; keys: {', '.join(known)}")
        dirs = config.raw.get("letters", {}).get("templates", [])
        base = config.path.parent if config.path else Path(".")
        return cls(landlord, ombudsman, tuple(base / d for d in
                                              ([dirs] if isinstance(dirs, str) else dirs)))


def landlord_of(defn: WorkflowDefinition, settings: LetterSettings) -> dict[str, Any]:
    """The landlord's details: the config's, over the workflow's own block."""
    landlord: dict[str, Any] = {k: "" for k in LANDLORD_KEYS}
    landlord.update({**settings.landlord_defaults, **defn.landlord, **settings.landlord})
    landlord["address"] = lines_of(landlord.get("address"))
    return landlord


@lru_cache(maxsize=1)
def _ombudsman_entries() -> tuple[dict[str, Any], ...]:
    data = tomllib.loads((BUNDLED / "ombudsman.toml").read_text(encoding="utf-8"))
    return tuple(sorted(data["contact"], key=lambda e: e["effective_from"]))


def ombudsman_on(day: date, override: Mapping[str, Any]) -> dict[str, Any]:
    """The Ombudsman's published details in force on `day`, with the config's overrides."""
    entries = _ombudsman_entries()
    chosen = next((e for e in reversed(entries) if e["effective_from"] <= day), entries[0])
    merged = {k: v for k, v in chosen.items() if k != "effective_from"}
    merged.update(override)
    merged["address"] = lines_of(merged.get("address"))
    merged["effective_from"] = chosen["effective_from"].isoformat()
    return merged


@dataclass(frozen=True)
class Letter:
    """A rendered, verified letter; `seq` is its number within the case once stored. A
    post letter carries its PDF, made once here and stored with it: the print room gets
    these bytes, never a second making."""

    kind: str
    action: str
    title: str
    subject: str
    channel: str
    recipient: str
    text: str
    html: str
    large_print: bool
    dispatch: str
    template: str
    created_at: datetime
    content_hash: str
    seq: int = 0
    pdf: bytes | None = field(default=None, repr=False)


def content_hash(subject: str, text: str, html: str) -> str:
    payload = json.dumps({"subject": subject, "text": text, "html": html}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


# --- context ----------------------------------------------------------------------------


def context(
    defn: WorkflowDefinition,
    spec: LetterDef,
    case: Case,
    settings: LetterSettings,
    *,
    stage: int | None,
    fields: Mapping[str, str],
    deadline: Deadline | None,
    previous_due: date | None,
    now: datetime,
) -> dict[str, Any]:
    """Everything a template may use. Values are data: none is ever compiled."""
    today = local_date(now)
    count = defn.stage_count
    landlord = landlord_of(defn, settings)
    known_fields = {f: "" for a in defn.actions.values() for f in a.fields}
    ground = fields.get("ground", "")
    exclusion = defn.exclusions.get(ground)
    timer = defn.timers.get(deadline.name) if deadline else None
    subject = f"{spec.title} - our reference {case.ref}"
    return {
        "letter": {"kind": spec.kind, "title": spec.title, "subject": subject,
                   "date": long_date(today), "large_print": bool(case.adjustments.get(
                       "large_print"))},
        "case": {"ref": case.ref, "received": long_date(case.received),
                 "summary": case.summary, "stage": stage,
                 "stage_name": f"Stage {stage}" if stage else "",
                 "next_stage_name": f"Stage {stage + 1}" if stage and stage < count else "",
                 "final_stage": bool(stage and stage >= count)},
        "workflow": {"name": defn.name, "title": defn.title, "edition": defn.edition or "",
                     "stage_count": count,
                     "stage_names": [f"Stage {n}" for n in range(1, count + 1)]},
        "resident": {"name": case.resident, "salutation": salutation(case.resident),
                     "email": case.email or "",
                     "address": lines_of(case.address), "channel": case.channel},
        "fields": {**known_fields, **fields, **_listed(defn, fields)},
        "deadline": {} if deadline is None else {
            "name": deadline.name, "code": deadline.code,
            "label": timer.label if timer else deadline.name,
            "due": long_date(deadline.due),
            "previous_due": long_date(previous_due) if previous_due else "",
            "extended_by": deadline.extended_by},
        "landlord": landlord,
        "ombudsman": ombudsman_on(today, settings.ombudsman),
        "exclusion": {} if exclusion is None else {
            "ground": exclusion.ground, "label": exclusion.label, "code": exclusion.code},
        "phrases": dict(PHRASES),
    }


def lookup(ctx: Mapping[str, Any], path: str) -> Any:
    value: Any = ctx
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [v for v in (squash(str(item)) for item in items) if v]


def _short(value: str) -> str:
    return value if len(value) <= 80 else value[:77] + "..."


def _how(path: str) -> str:
    space, _, name = path.partition(".")
    return HOW_TO_SUPPLY.get(space, "{name}").format(name=name)


LETTERHEAD = (("landlord.name", "the landlord's name"),
              ("landlord.address", "the landlord's address"),
              ("landlord.signatory_role", "the role the letter is signed by (not a name)"))


def missing(spec: LetterDef, ctx: Mapping[str, Any], channel: str) -> list[str]:
    """Every element whose data is missing, and every unsafe header value."""
    problems = [f"{label}, which every letter shows: no {path} - {_how(path)}"
                for path, label in LETTERHEAD if not _values(lookup(ctx, path))]
    for req in spec.must_contain:
        if req.if_given:
            continue  # shown when given: `not_shown` checks it then
        gaps = [p for p in req.shows if not _values(lookup(ctx, p))]
        if gaps:
            problems.append(f"{req.label} (Code {req.code}): no "
                            + ", no ".join(f"{p} - {_how(p)}" for p in gaps))
    if channel == "post" and not _values(lookup(ctx, "resident.address")):
        problems.append("the resident's postal address, needed to post this letter: record "
                        "it with case open --address (or case contact)")
    for label, path in HEADER_VALUES:
        value = lookup(ctx, path)
        if isinstance(value, str) and has_line_break(value):
            where = {"landlord": " from the [landlord] table of the config file (or the "
                     "workflow's landlord block)", "letter": " from the letter's title in "
                     "the workflow file"}.get(path.partition(".")[0], " from the case "
                     "(case contact)")
            problems.append(f"the {label} contains a line break (CR, LF or a Unicode line "
                            f"separator), which could forge email headers; remove it{where}")
    return problems


def not_shown(spec: LetterDef, ctx: Mapping[str, Any], outputs: Mapping[str, str],
              template: str) -> list[str]:
    """Every element whose value the rendered output does not show, per format."""
    problems = []
    for req in spec.must_contain:
        values = [v for p in req.shows for v in _values(lookup(ctx, p))]
        for fmt, words in outputs.items():
            absent = [v for v in values if not _shown(v, words, fmt)]
            if absent:
                problems.append(f"the {fmt} rendered from {template} does not show "
                                f"{req.label} (Code {req.code}): "
                                + ", ".join(repr(_short(v)) for v in absent) + " not found")
    return problems


def _shown(value: str, words: str, fmt: str) -> bool:
    if value in words:
        return True
    # Print wraps a word longer than the line (a web address in large print) mid-word;
    # the PDF still shows it, character for character, so compare without spaces there.
    return fmt == "PDF" and value.replace(" ", "") in words.replace(" ", "")


# --- composing --------------------------------------------------------------------------


def compose(
    defn: WorkflowDefinition,
    spec: LetterDef,
    ctx: Mapping[str, Any],
    settings: LetterSettings,
    *,
    channel: str,
    action: str,
    created_at: datetime,
    preview: bool = False,
) -> Letter:
    """Render and verify one letter, or raise `LetterRefused` listing every problem."""
    outcome = "cannot be produced" if preview else "refused; nothing was saved"
    problems = missing(spec, ctx, channel)
    if problems:
        raise LetterRefused(spec.kind, problems, outcome)
    large = bool(lookup(ctx, "letter.large_print"))
    search = search_path(defn.templates, settings.template_dirs)
    markup, template = render(spec.kind, search, ctx, html=False)
    markup_html, _ = render(spec.kind, search, ctx, html=True)
    subject = str(lookup(ctx, "letter.subject"))
    text = to_text(blocks(markup))
    html_parts = blocks(markup_html)
    html = to_html(html_parts, subject, large_print=large)
    outputs = {"text": squash(text), "HTML": letter_html_words(html_parts, html)}
    pdf = None
    if channel == "post":
        from ._pdf import letter_pdf, pdf_text

        pdf = letter_pdf(text, subject, created_at, large_print=large)
        outputs["PDF"] = squash(pdf_text(pdf)[0])
    problems = not_shown(spec, ctx, outputs, _display(template))
    if problems:
        raise LetterRefused(spec.kind, problems, outcome)
    resident = ctx["resident"]
    recipient = resident["email"] if channel == "email" else ", ".join(resident["address"])
    return Letter(spec.kind, action, spec.title, subject, channel, recipient, text, html,
                  large, spec.dispatch, _display(template), created_at,
                  content_hash(subject, text, html), pdf=pdf)


@lru_cache(maxsize=256)
def _display(template: str) -> str:
    """A template's path as an operator recognises it (relative to the bundle if bundled)."""
    path = Path(template)
    try:
        return str(Path("letter_templates") / path.relative_to(BUNDLED))
    except ValueError:
        return template


def for_decision(
    defn: WorkflowDefinition,
    decision: Decision,
    settings: LetterSettings,
    *,
    preview: bool = False,
) -> list[Letter]:
    """The letters an applied action produces (none for most actions)."""
    ev = decision.event
    if ev.from_state is None:
        return []
    specs = defn.letters_for(ev.action, ev.from_state)
    out = []
    for spec in specs:
        deadline = decision.case.deadline(spec.due) if spec.due else None
        previous = next((date.fromisoformat(c["previous_due"]) for c in ev.changes
                         if c.get("change") == "extended" and c.get("deadline") == spec.due),
                        None)
        ctx = context(defn, spec, decision.case, settings,
                      stage=defn.states[ev.from_state].stage, fields=decision.case.data,
                      deadline=deadline, previous_due=previous, now=ev.at)
        out.append(compose(defn, spec, ctx, settings, channel=decision.case.channel,
                           action=ev.action, created_at=ev.at, preview=preview))
    return out


def requirement_labels(reqs: Sequence[Requirement]) -> str:
    return ", ".join(f"{r.element} ({r.code})" for r in reqs)
