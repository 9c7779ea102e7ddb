"""Stage letters: every letter kind of every workflow rendered and verified, the letters a
real lifecycle produces and stores, refusals for missing data and for templates that drop
a mandatory element, large print, post, and the Housing Ombudsman's published details.

Dates: Mon 2 Nov 2026 is the day of receipt (see test_lifecycle.py for the due dates).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from redress.engine import (
    Case,
    Config,
    ConfigError,
    DefinitionError,
    Desk,
    InvalidInput,
    Registry,
    WorkflowDefinition,
    WorkingCalendar,
    load_config,
)
from redress.engine._errors import LetterRefused
from redress.engine.cases import at_london, instant
from redress.engine.letters import (
    BUNDLED,
    MIN_READING_EASE,
    Letter,
    LetterSettings,
    _samples,
    content_hash,
    html_words,
    letter_pdf,
    ombudsman_on,
    pdf_text,
    reading_ease,
    sample_letter,
)
from redress.engine.store import letter_of, load_case
from redress.engine.workflow import LetterDef
from support import LANDLORD_CONFIG, OUTCOME, Clock, deliver, pdf_font_sizes

STAGE3_DIR = Path(__file__).with_name("workflows_stage3")
OMBUDSMAN_PHONE = "0300 111 3000"
PRESTON = ["Housing Ombudsman Service", "PO Box 1484", "Unit D", "Preston", "PR2 0ET"]
LIVERPOOL = ["Housing Ombudsman Service", "PO Box 152", "Liverpool", "L33 7WQ"]
SAMPLE_NOW = at_london(date(2026, 11, 2), time(10, 0))

ACK = {"complaint_definition": "Damp in the back bedroom",
       "outcomes_sought": "Treat the mould and redecorate",
       "responsibility": "The bedroom walls and windows are ours to repair"}
RESPONSE = {"decision": "Upheld", **OUTCOME,
            "reasons": "Repairs were late", "remedy": "£150",
            "outstanding_actions": "Redecoration|2027-01-15"}
CHC_2024_KINDS = ["stage1_acknowledgement", "stage1_extension", "stage1_response",
                  "stage2_acknowledgement", "stage2_extension", "stage2_response",
                  "not_accepted", "escalation_declined"]
ADDRESS = "Flat 2, 5 Mill Lane, Anytown, AN1 2BB"


def words(text: str) -> str:
    return " ".join(text.split())


def values_at(ctx: Mapping[str, Any], path: str) -> list[str]:
    """The values a context path holds, as the rendered letter must show them."""
    value: Any = ctx
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return []
        value = value[part]
    items = value if isinstance(value, list) else [value]
    return [words(str(v)) for v in items if words(str(v or ""))]


# --- every letter kind of every workflow, with sample data ------------------------------


def _registry() -> Registry:
    """The bundled workflows, and the 2022 Code with its optional third stage."""
    return Registry((STAGE3_DIR,))


def _letter_params() -> list[Any]:
    """(workflow, kind, channel) for every letter; post also in large print."""
    reg = _registry()
    out: list[Any] = []
    for name in reg.names():
        try:
            defn = reg.load(name)
        except DefinitionError:
            out.append(pytest.param(name, "", "", id=f"{name}-does-not-load"))  # fails below
            continue
        for kind in defn.letters:
            for channel in ("email", "post", "post-large-print"):
                out.append(pytest.param(name, kind, channel, id=f"{name}-{kind}-{channel}"))
    return out


def test_every_bundled_workflow_declares_letters() -> None:
    reg = Registry(())
    assert {"chc-2020", "chc-2022", "chc-2024", "landlord-2024", "aspire-2010"} <= set(
        reg.names())
    for name in reg.names():
        assert reg.load(name).letters, f"{name} declares no letters"
    assert list(reg.load("chc-2024").letters) == CHC_2024_KINDS


@pytest.mark.parametrize(("workflow", "kind", "channel"), _letter_params())
def test_every_letter_renders_shows_its_elements_and_reads_plainly(
    workflow: str, kind: str, channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    defn = _registry().load(workflow)
    spec = defn.letters[kind]
    large = channel == "post-large-print"
    channel = "post" if large else channel
    seen: list[Mapping[str, Any]] = []
    real_compose = _samples.compose

    def spy(defn: WorkflowDefinition, spec: LetterDef, ctx: Mapping[str, Any],
            *args: Any, **kwargs: Any) -> Letter:
        seen.append(ctx)
        return real_compose(defn, spec, ctx, *args, **kwargs)

    monkeypatch.setattr(_samples, "compose", spy)
    letter = sample_letter(defn, spec, LetterSettings(), WorkingCalendar(frozenset()),
                           SAMPLE_NOW, channel=channel, large_print=large)
    (ctx,) = seen
    assert (letter.kind, letter.channel, letter.large_print) == (kind, channel, large)
    assert ("font-size:16pt" if large else "font-size:11pt") in letter.html
    text, html = words(letter.text), html_words(letter.html)
    for req in spec.must_contain:
        assert req.code, f"{kind}: {req.element} has no provision"
        for path in req.shows:
            found = values_at(ctx, path)
            assert found, f"{kind}: {req.element} ({path}) has no sample value"
            for value in found:
                assert value in text, f"{kind}: {req.element} {value!r} not in the text"
                assert value in html, f"{kind}: {req.element} {value!r} not in the HTML"
    assert letter.template.endswith(f"/{kind}.j2")
    if channel == "post":
        assert letter.recipient == "Flat 4, 10 Park Road, Newtown, NT2 3BB"
        assert "NT2 3BB" in letter.text
    else:
        assert letter.recipient == "sam.sample@example.org"
    assert MIN_READING_EASE == 60
    score = reading_ease(letter.text)
    assert score >= MIN_READING_EASE, f"{workflow} {kind}: reading ease {score:.1f}"


def test_a_letter_dated_before_april_2024_quotes_the_liverpool_address() -> None:
    defn = Registry(()).load("chc-2020")
    letter = sample_letter(defn, defn.letters["stage1_extension"], LetterSettings(),
                           WorkingCalendar(frozenset()), at_london(date(2023, 1, 10), time(10)))
    assert "PO Box 152" in letter.text and "L33 7WQ" in letter.text
    assert "PO Box 1484" not in letter.text


# --- a real lifecycle: the letters it produces, stored with the case ---------------------


def stored_letter(desk: Desk, ref: str, seq: int) -> dict[str, Any]:
    """One stored letter with its text and HTML."""
    with desk.store.reading() as fetch:
        case_id = load_case(fetch, ref)[0]
        return dict(letter_of(fetch, ref, case_id, seq))


def open_2024(desk: Desk, clock: Clock, **extra: Any) -> Case:
    clock.set(date(2026, 11, 2), 9)
    contact: dict[str, Any] = ({"channel": "post", "address": ADDRESS}
                               if extra.pop("post", False) else {"email": "a@example.org"})
    return desk.open_case(received_at=clock.now, resident="Ms A Example", actor="officer",
                          workflow="chc-2024", summary="Damp", **contact, **extra)


# (day, action, by, fields, letter kind it produces)
TWO_STAGES: list[tuple[date, str, str, dict[str, str], str | None]] = [
    (date(2026, 11, 4), "acknowledge", "officer", ACK, "stage1_acknowledgement"),
    (date(2026, 11, 13), "extend", "j.patel", {"working_days": "5", "reason": "A damp survey "
     "is booked"}, "stage1_extension"),
    (date(2026, 11, 23), "respond", "j.patel", RESPONSE, "stage1_response"),
    (date(2026, 11, 25), "escalate", "officer", {}, None),
    (date(2026, 11, 27), "acknowledge", "officer", ACK, "stage2_acknowledgement"),
    (date(2026, 12, 4), "extend", "s.khan", {"working_days": "5", "reason": "The surveyor "
     "is ill"}, "stage2_extension"),
    (date(2026, 12, 14), "respond", "s.khan", RESPONSE, "stage2_response"),
    (date(2026, 12, 16), "close", "officer", {}, None),
]


def test_two_stage_lifecycle_produces_and_stores_the_expected_letters(
    desk: Desk, clock: Clock
) -> None:
    case = open_2024(desk, clock)
    produced: list[Letter] = []
    for day, action, by, fields, kind in TWO_STAGES:
        clock.set(day)
        decision, letters = desk.act_with_letters(case.ref, action, fields, by)
        assert [ltr.kind for ltr in letters] == ([kind] if kind else []), action
        produced.extend(letters)
        assert decision.event.action == action
        deliver(desk, case.ref)  # each letter leaves the day it is written
    kinds = [k for *_, k in TWO_STAGES if k]
    rows = desk.store.letters(case.ref)
    assert [r["kind"] for r in rows] == kinds
    assert [r["seq"] for r in rows] == [ltr.seq for ltr in produced] == [1, 2, 3, 4, 5, 6]
    events = desk.store.events(case.ref)
    by_seq = {e["seq"]: e for e in events}
    for row, ltr in zip(rows, produced, strict=True):
        full = stored_letter(desk, case.ref, row["seq"])
        assert full["text"] == ltr.text and full["html"] == ltr.html
        assert row["action"] == ltr.action == by_seq[row["event_seq"]]["action"]
        assert row["channel"] == "email" and row["recipient"] == "a@example.org"
        assert row["content_hash"] == ltr.content_hash == content_hash(
            full["subject"], full["text"], full["html"])
        assert row["template"] == f"letter_templates/chc-2024/{row['kind']}.j2"
        assert row["subject"].endswith(f" - our reference {case.ref}")
        assert not row["large_print"]
        assert instant(row["created_at"]) == ltr.created_at
    assert [r["dispatch"] for r in rows] == ["automatic", "automatic", "manual", "automatic",
                                             "automatic", "manual"]
    texts = {ltr.kind: words(ltr.text) for ltr in produced}
    assert ("We said we would reply by Wednesday 18 November 2026. We will now reply by "
            "Wednesday 25 November 2026.") in texts["stage1_extension"]
    assert "A damp survey is booked" in texts["stage1_extension"]
    # Stage 2: 20 working days from 27 Nov -> 29 Dec; +5 -> 6 Jan 2027 (1 Jan skipped)
    assert "We will now reply by Wednesday 6 January 2027" in texts["stage2_extension"]
    assert "Redecoration by Friday 15 January 2027" in texts["stage2_response"]
    assert "PO Box 1484" in texts["stage2_response"]
    assert desk.store.verify_audit(case.ref) == (1, [])


def test_refuse_sends_the_not_accepted_letter(desk: Desk, clock: Clock) -> None:
    case = open_2024(desk, clock)
    clock.set(date(2026, 11, 3))
    _, letters = desk.act_with_letters(case.ref, "refuse", {
        "ground": "legal_proceedings", "explanation": "You took this to court in May."},
        "officer")
    (ltr,) = letters
    assert (ltr.kind, ltr.action, ltr.dispatch) == ("not_accepted", "refuse", "manual")
    assert "The reason is that legal proceedings have started." in words(ltr.text)
    assert "You took this to court in May." in ltr.text
    assert OMBUDSMAN_PHONE in ltr.text
    assert [r["kind"] for r in desk.store.letters(case.ref)] == ["not_accepted"]


def test_decline_escalation_sends_the_escalation_declined_letter(
    desk: Desk, clock: Clock
) -> None:
    case = open_2024(desk, clock)
    for day, action, fields in ((date(2026, 11, 4), "acknowledge", ACK),
                                (date(2026, 11, 10), "respond", RESPONSE),
                                (date(2026, 11, 12), "escalate", {})):
        clock.set(day)
        desk.act(case.ref, action, fields, "officer")
        deliver(desk, case.ref)
    clock.set(date(2026, 11, 13))
    decision, letters = desk.act_with_letters(case.ref, "decline_escalation", {
        "ground": "previously_considered", "explanation": "We answered this in June."},
        "officer")
    assert decision.case.state == "closed"
    assert [ltr.kind for ltr in letters] == ["escalation_declined"]
    assert "already considered under the complaints policy" in letters[0].text
    assert "We answered this in June." in letters[0].text
    assert [r["kind"] for r in desk.store.letters(case.ref)] == [
        "stage1_acknowledgement", "stage1_response", "escalation_declined"]


# --- refusals: missing data, and templates that drop an element ---------------------------


NO_RESPONSIBILITY = """\
workflow: lax-2024
title: Acknowledgements that do not ask for the landlord's responsibility
extends: chc-2024
divergence: {reason: to show the letter's own check, approved_by: the tests}
actions:
  acknowledge:
    requires: {responsibility: null}
    accepts: [responsibility]
"""


def test_missing_field_refuses_the_letter_and_the_action(desk: Desk, clock: Clock,
                                                          tmp_path: Path) -> None:
    """A field the letter needs but the action does not require: the letter's own check
    refuses it, and with it the action."""
    lax = tmp_path / "lax-2024.yaml"
    lax.write_text(NO_RESPONSIBILITY, encoding="utf-8")
    clock.set(date(2026, 11, 2), 9)
    case = desk.open_case(received_at=clock.now, resident="Ms A Example", actor="officer",
                          workflow=str(lax), email="a@example.org")
    before = desk.store.load(case.ref)
    clock.set(date(2026, 11, 4))
    no_responsibility = {k: v for k, v in ACK.items() if k != "responsibility"}
    with pytest.raises(LetterRefused) as refused:
        desk.act(case.ref, "acknowledge", no_responsibility, "officer")
    assert str(refused.value) == (
        "letter stage1_acknowledgement refused; nothing was saved:\n"
        "  - what the landlord is and is not responsible for (Code 5.7): no "
        "fields.responsibility - give it with --set responsibility=...")
    assert refused.value.kind == "stage1_acknowledgement"
    after = desk.store.load(case.ref)
    assert after == before
    assert (after.state, after.version) == ("received", 1)
    assert after.deadlines[0].status == "pending"
    assert [e["action"] for e in desk.store.events(case.ref)] == ["open"]
    assert desk.store.letters(case.ref) == []
    # given, the same action goes through and its letter is the case's first
    desk.act(case.ref, "acknowledge", ACK, "officer")
    assert [r["seq"] for r in desk.store.letters(case.ref)] == [1]


DeskMaker = Callable[[Config], Desk]


@pytest.fixture
def make_desk(sqlite_url: str, clock: Clock) -> Iterator[DeskMaker]:
    opened: list[Desk] = []

    def make(config: Config) -> Desk:
        d = Desk.open(sqlite_url, config)
        d.clock = clock
        opened.append(d)
        return d

    yield make
    for d in opened:
        d.store.close()


def operator_config(tmp_path: Path, templates: Mapping[str, str], extra: str = "") -> Config:
    """A redress.toml naming a template folder with `templates` for chc-2024."""
    folder = tmp_path / "mytemplates" / "chc-2024"
    folder.mkdir(parents=True)
    for kind, source in templates.items():
        (folder / f"{kind}.j2").write_text(source, encoding="utf-8")
    path = tmp_path / "redress.toml"
    path.write_text(Path(LANDLORD_CONFIG).read_text(encoding="utf-8")
                    + '\n[letters]\ntemplates = ["mytemplates"]\n' + extra, encoding="utf-8")
    return load_config(str(path))


def bundled(kind: str) -> str:
    return (BUNDLED / "chc-2024" / f"{kind}.j2").read_text(encoding="utf-8")


def acknowledged(desk: Desk, clock: Clock, **extra: Any) -> Case:
    case = open_2024(desk, clock, **extra)
    clock.set(date(2026, 11, 4))
    desk.act(case.ref, "acknowledge", ACK, "officer")
    clock.set(date(2026, 11, 13))
    return desk.store.load(case.ref)


@pytest.mark.parametrize("channel", ["email", "post"])
def test_template_without_the_ombudsman_block_is_refused(
    make_desk: DeskMaker, clock: Clock, tmp_path: Path, channel: str
) -> None:
    source = bundled("stage1_extension")
    include = '{% include "_ombudsman_contact.j2" %}\n'
    assert include in source
    desk = make_desk(operator_config(tmp_path, {"stage1_extension": source.replace(include,
                                                                                   "")}))
    case = acknowledged(desk, clock, post=channel == "post")
    with pytest.raises(LetterRefused) as refused:
        desk.act(case.ref, "extend", {"working_days": "5", "reason": "Survey"}, "officer")
    template = tmp_path / "mytemplates" / "chc-2024" / "stage1_extension.j2"
    formats = ["text", "HTML", "PDF"] if channel == "post" else ["text", "HTML"]
    head = "letter stage1_extension refused; nothing was saved:\n"
    assert str(refused.value) == head + "\n".join(
        f"  - the {fmt} rendered from {template} does not show the Housing Ombudsman's "
        "contact details (Code 6.5): '0300 111 3000', 'info@housing-ombudsman.org.uk', "
        "'https://www.housing-ombudsman.org.uk/residents/make-a-complaint/', "
        "'Housing Ombudsman Service', "
        "'PO Box 1484', 'Unit D', 'Preston', 'PR2 0ET' not found" for fmt in formats)
    assert desk.store.load(case.ref) == case
    assert [r["kind"] for r in desk.store.letters(case.ref)] == ["stage1_acknowledgement"]


def test_operator_template_with_new_wording_is_used(
    make_desk: DeskMaker, clock: Clock, tmp_path: Path
) -> None:
    old = "We are sorry, but we need more time to answer your complaint"
    new = "Please accept our apologies: we need a little longer to answer your complaint"
    source = bundled("stage1_extension")
    assert old in source
    desk = make_desk(operator_config(tmp_path, {"stage1_extension": source.replace(old, new)}))
    case = acknowledged(desk, clock)
    _, (ltr,) = desk.act_with_letters(case.ref, "extend",
                                      {"working_days": "5", "reason": "Survey"}, "officer")
    assert new in ltr.text and old not in ltr.text
    assert new in html_words(ltr.html)
    assert ltr.template == str(tmp_path / "mytemplates" / "chc-2024" / "stage1_extension.j2")
    first, second = desk.store.letters(case.ref)
    assert first["template"] == "letter_templates/chc-2024/stage1_acknowledgement.j2"
    assert second["template"] == ltr.template


# --- large print and post -----------------------------------------------------------------




def test_large_print_case_gets_large_print_letters(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock, post=True, adjustments={"large_print": "yes"})
    (row,) = desk.store.letters(case.ref)
    assert row["large_print"]
    full = stored_letter(desk, case.ref, 1)
    assert "font-size:16pt" in full["html"] and "font-size:11pt" not in full["html"]
    created = instant(full["created_at"])
    assert created is not None
    large = letter_pdf(full["text"], full["subject"], created, large_print=True)
    normal = letter_pdf(full["text"], full["subject"], created, large_print=False)
    assert min(pdf_font_sizes(large)) >= 16
    assert max(pdf_font_sizes(normal)) < 16
    # the same letter in bigger type wraps onto more lines
    assert len(pdf_text(large)[0].splitlines()) > len(pdf_text(normal)[0].splitlines())


def test_large_print_post_case_gets_its_extension_letter(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock, post=True, adjustments={"large_print": "yes"})
    _, (ltr,) = desk.act_with_letters(case.ref, "extend",
                                      {"working_days": "5", "reason": "Survey"}, "officer")
    assert ltr.large_print and ltr.channel == "post"


def test_contact_large_print_is_audited_and_changes_later_letters(
    desk: Desk, clock: Clock
) -> None:
    case = acknowledged(desk, clock)
    decision = desk.contact(case.ref, "officer", adjustments={"large_print": "yes"})
    assert decision.event.action == "contact"
    # 5.10: the adjustment carries its review date, by default six months (182 days) on
    review = (clock().date() + timedelta(days=182)).isoformat()
    assert dict(decision.event.fields) == {"adjustment.large_print": "yes",
                                           "review_on": review}
    assert decision.case.state == case.state
    last = desk.store.events(case.ref)[-1]
    assert (last["action"], last["from_state"], last["to_state"]) == ("contact", "stage1",
                                                                     "stage1")
    assert desk.store.load(case.ref).adjustments == {"large_print": "yes"}
    _, (ltr,) = desk.act_with_letters(case.ref, "extend",
                                      {"working_days": "5", "reason": "Survey"}, "officer")
    assert ltr.large_print and "font-size:16pt" in ltr.html
    assert [bool(r["large_print"]) for r in desk.store.letters(case.ref)] == [False, True]
    assert desk.store.verify_audit(case.ref) == (1, [])


def test_post_case_letters_go_to_the_postal_address(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock, post=True)
    assert (case.channel, case.email) == ("post", None)
    (row,) = desk.store.letters(case.ref)
    assert (row["channel"], row["recipient"]) == ("post", ADDRESS)
    text = stored_letter(desk, case.ref, 1)["text"]
    assert "Ms A Example\nFlat 2\n5 Mill Lane\nAnytown\nAN1 2BB\n" in text


def test_post_case_needs_an_address(desk: Desk, clock: Clock) -> None:
    with pytest.raises(InvalidInput, match=r"^--address is needed for a resident whose "
                                           r"channel is post$"):
        desk.open_case(received_at=clock.now, resident="Ms A", actor="officer",
                       channel="post", workflow="chc-2024")
    with pytest.raises(InvalidInput, match=r"^--address is needed"):
        desk.open_case(received_at=clock.now, resident="Ms A", actor="officer",
                       channel="post", address="   ", workflow="chc-2024")
    assert desk.cases() == []


# --- the Housing Ombudsman's details ------------------------------------------------------


def test_ombudsman_details_by_date() -> None:
    old = ombudsman_on(date(2023, 1, 1), {})
    assert old["address"] == LIVERPOOL
    assert old["telephone"] == OMBUDSMAN_PHONE
    new = ombudsman_on(date(2026, 11, 1), {})
    assert new["address"] == PRESTON
    assert new["telephone"] == OMBUDSMAN_PHONE
    assert new["name"] == "Housing Ombudsman Service"
    assert ombudsman_on(date(2024, 3, 31), {})["address"] == LIVERPOOL
    assert ombudsman_on(date(2024, 4, 1), {})["address"] == PRESTON
    # before the first entry: the first one, never nothing
    assert ombudsman_on(date(2019, 1, 1), {})["address"] == LIVERPOOL


def test_ombudsman_override() -> None:
    got = ombudsman_on(date(2026, 11, 1), {"telephone": "0300 999 0000",
                                           "address": "PO Box 9, Newtown, NT9 9ZZ"})
    assert got["telephone"] == "0300 999 0000"
    assert got["address"] == ["PO Box 9", "Newtown", "NT9 9ZZ"]
    assert got["email"] == "info@housing-ombudsman.org.uk"


def test_configured_ombudsman_telephone_appears_in_the_letter(
    make_desk: DeskMaker, clock: Clock, tmp_path: Path
) -> None:
    path = tmp_path / "redress.toml"
    path.write_text(Path(LANDLORD_CONFIG).read_text(encoding="utf-8")
                    + '\n[ombudsman]\ntelephone = "0300 999 0000"\n', encoding="utf-8")
    desk = make_desk(load_config(str(path)))
    case = acknowledged(desk, clock)
    text = stored_letter(desk, case.ref, 1)["text"]
    assert "Call 0300 999 0000" in text
    assert OMBUDSMAN_PHONE not in text


@pytest.mark.parametrize(("table", "key", "near"), [
    ("ombudsman", "phone", " (did you mean 'telephone'?)"),
    ("landlord", "nmae", " (did you mean 'name'?)"),
])
def test_unknown_key_in_landlord_or_ombudsman_is_a_config_error(
    tmp_path: Path, sqlite_url: str, table: str, key: str, near: str
) -> None:
    path = tmp_path / "redress.toml"
    path.write_text(f'[{table}]\n{key} = "x"\n', encoding="utf-8")
    keys = {"ombudsman": "name, telephone, email, website, complaint_form, address",
            "landlord": "name, address, complaints_email, complaints_phone, signatory_role, "
                        "website"}[table]
    with pytest.raises(ConfigError) as raised:
        Desk.open(sqlite_url, load_config(str(path)))
    assert str(raised.value) == f"{path}: unknown key {key!r} in [{table}]{near}; keys: {keys}"


def test_letter_settings_from_config_resolve_template_folders(tmp_path: Path) -> None:
    path = tmp_path / "redress.toml"
    path.write_text('[letters]\ntemplates = ["mytemplates"]\n', encoding="utf-8")
    (tmp_path / "mytemplates").mkdir()  # a folder that does not exist is refused
    settings = LetterSettings.from_config(load_config(str(path)))
    assert settings.template_dirs == (tmp_path / "mytemplates",)


def test_sample_large_print_letter() -> None:
    defn = Registry(()).load("chc-2024")
    letter = sample_letter(defn, defn.letters["stage1_response"], LetterSettings(),
                           WorkingCalendar(frozenset()), SAMPLE_NOW, large_print=True)
    assert letter.large_print and "font-size:16pt" in letter.html
    assert min(pdf_font_sizes(letter_pdf(letter.text, letter.subject, letter.created_at,
                                         large_print=True))) >= 16


@pytest.mark.parametrize("resident", [
    "A Resident", "Zoë Ångström-Łukasz", 'Smith, "Jo" <boss@x.example>',
    "Ms Alice Example " + "Longname " * 12,
])
@pytest.mark.parametrize("subject", [
    "We have logged your complaint - our reference 2025-00001",
    "Réponse à votre plainte - " + "a very long subject that must be folded " * 4,
    "=?utf-8?q?looks_encoded?= and ; , : < > specials",
])
def test_an_email_letter_is_byte_for_byte_what_the_standard_library_makes(
        resident: str, subject: str) -> None:
    """The mailer reuses parsed headers between letters; each message it makes is the
    one the standard library's own SMTP policy makes, byte for byte, the first time a
    header is met and every time after."""
    import random
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime

    from redress.engine.letters._mail import mailer, message_id

    text = "Dear Resident\n\n" + "A line of the letter that is long enough to wrap " * 5 + "\n"
    html = f"<p>{text}</p>\n<p>Zoë &amp; café</p>\n"
    made = mailer("Test Homes, Ltd", "complaints@test-homes.example")
    for seq in (1, 2, 3):
        letter = {"channel": "email", "seq": seq, "recipient": "a@example.org",
                  "subject": subject, "created_at": at_london(date(2026, 3, 2)),
                  "content_hash": f"{seq:064x}", "text": text, "html": html}
        msg = EmailMessage(policy=SMTP)
        msg["From"] = Address(display_name="Test Homes, Ltd",
                              addr_spec="complaints@test-homes.example")
        msg["To"] = Address(display_name=resident, addr_spec="a@example.org")
        msg["Subject"] = subject
        msg["Date"] = format_datetime(instant(letter["created_at"]))  # type: ignore[arg-type]
        msg["Message-ID"] = message_id("2025-00001", seq, letter["content_hash"],
                                       "complaints@test-homes.example")
        msg.set_content(text)
        msg.add_alternative(html, subtype="html")
        random.seed(seq)  # the MIME boundary is drawn at random
        expected = msg.as_bytes()
        random.seed(seq)
        got = made("2025-00001", resident, letter)
        assert got.data == expected
        assert got.message_id == str(msg["Message-ID"])


def test_an_email_letter_whose_text_holds_the_boundary_drawn_is_given_another() -> None:
    """The mailer draws the MIME boundary before the standard library's generator runs;
    a letter whose text holds the boundary drawn (as a line of its own, which would end
    the part early) gets another, so both parts come back whole."""
    import random
    import sys
    from email import message_from_bytes
    from email.policy import SMTP

    from redress.engine.letters._mail import mailer

    random.seed(7)
    token = random.randrange(sys.maxsize)
    drawn = "=" * 15 + f"{token:0{len(repr(sys.maxsize - 1))}d}" + "=="
    text = f"Dear Resident\n\n--{drawn}\n\nThe rest of the letter.\n"
    html = f"<p>Dear Resident</p>\n<p>--{drawn}--</p>\n"
    letter = {"channel": "email", "seq": 1, "recipient": "a@example.org",
              "subject": "Your complaint", "created_at": at_london(date(2026, 3, 2)),
              "content_hash": "0" * 64, "text": text, "html": html}
    random.seed(7)
    got = mailer("Test Homes", "complaints@test-homes.example")("2025-00001", "Ms A",
                                                                   letter)
    msg = message_from_bytes(got.data, policy=SMTP)
    assert msg.get_boundary() != drawn
    plain, rich = msg.iter_parts()
    assert plain.get_content().replace("\r\n", "\n") == text
    assert rich.get_content().replace("\r\n", "\n") == html


# What only one form hides: a number inside a tag's attribute is in the text (the tag is
# plain characters there) but no reader of the HTML sees it; a character reference the
# template writes out is a digit in the HTML but "&#48;" in the text, and so in the PDF.
ONE_FORM_HIDES = {
    "HTML": '<span title="{{ ombudsman.telephone }}"></span>',
    "text": "&#48;300 111 3000",
}


@pytest.mark.parametrize("channel", ["email", "post"])
@pytest.mark.parametrize("hidden_in", ["HTML", "text"])
def test_an_element_missing_from_one_form_alone_is_refused(
    make_desk: DeskMaker, clock: Clock, tmp_path: Path, channel: str, hidden_in: str
) -> None:
    """Each form is checked for every element on its own: the HTML's words are not taken
    from the text, nor the PDF's from the HTML."""
    include = '{% include "_ombudsman_contact.j2" %}\n'
    shown = (BUNDLED / "_ombudsman_contact.j2").read_text(encoding="utf-8")
    source = bundled("stage1_extension").replace(include, shown.replace(
        "{{ ombudsman.telephone }}", ONE_FORM_HIDES[hidden_in]))
    desk = make_desk(operator_config(tmp_path, {"stage1_extension": source}))
    case = acknowledged(desk, clock, post=channel == "post")
    with pytest.raises(LetterRefused) as refused:
        desk.act(case.ref, "extend", {"working_days": "5", "reason": "Survey"}, "officer")
    template = tmp_path / "mytemplates" / "chc-2024" / "stage1_extension.j2"
    formats = ["HTML"] if hidden_in == "HTML" else ["text", "PDF"] if channel == "post" \
        else ["text"]
    head = "letter stage1_extension refused; nothing was saved:\n"
    assert str(refused.value) == head + "\n".join(
        f"  - the {fmt} rendered from {template} does not show the Housing Ombudsman's "
        "contact details (Code 6.5): '0300 111 3000' not found" for fmt in formats)
    assert desk.store.load(case.ref) == case
