"""The Ombudsman stage: a referral's evidence deadline, the determination and each order,
tracked like any deadline (reminded, breached by the runner, met or late), on every Code
baseline. They run on SQLite and PostgreSQL (the `desk` fixture).

2020 Code 3.20: the landlord provides the Ombudsman's requested evidence within 15
working days; 2024 9.7(c), 2022 7.4: compliance with the Ombudsman's orders is reported.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from redress.engine import ActionRefused, Case, DefinitionError, Desk, InvalidInput, Registry
from redress.engine.cases import instant
from redress.engine.evidence import export_bundle
from redress.engine.letters import letter_pdf, pdf_text
from redress.engine.runner import sent_message
from redress.engine.store import case_dict, case_text, letter_of, load_case
from sqlalchemy import text
from support import Clock, deliver, run_cli
from test_record import ACK, ACK22, act, fire, opened, respond, unchanged

REFERRAL = {"ombudsman_ref": "202601234", "requested_on": "2027-01-18"}
SHA = "ab" * 32


def closed(desk: Desk, clock: Clock, workflow: str = "chc-2024") -> Case:
    """Acknowledged 4 Nov, answered 10 Nov (the letter posted that day), closed 12 Nov."""
    case = opened(desk, clock, workflow)
    ack = {"chc-2024": ACK, "landlord-2024": {**ACK, "investigating_team": "Repairs"}}
    act(desk, clock, date(2026, 11, 4), case.ref, "acknowledge", ack.get(workflow, ACK22))
    deliver(desk, case.ref)   # the acknowledgement leaves the day it is written
    respond(desk, clock, date(2026, 11, 10), case.ref)
    return act(desk, clock, date(2026, 11, 12), case.ref, "close")


def referred(desk: Desk, clock: Clock, workflow: str = "chc-2024",
             **extra: str) -> Case:
    """Closed, then the Ombudsman asked on Monday 18 January 2027 (recorded on the 20th)."""
    case = closed(desk, clock, workflow)
    return act(desk, clock, date(2027, 1, 20), case.ref, "refer_ombudsman",
               {**REFERRAL, **extra})


def alerts(desk: Desk, ref: str) -> list[str]:
    with desk.store.reading() as fetch:
        case_id = load_case(fetch, ref)[0]
        rows = fetch("SELECT subject FROM alert WHERE case_id = :c ORDER BY id", {"c": case_id})
    return [str(r["subject"]) for r in rows]


def orders(case: Case) -> list[tuple[int, str, date, str]]:
    return [(d.seq, d.note, d.due, d.status) for d in case.deadlines
            if d.name == "ombudsman_order"]


# --- the referral and its evidence ------------------------------------------------------


@pytest.mark.parametrize(("workflow", "code"), [
    ("chc-2024", "landlord"), ("chc-2022", "landlord"), ("chc-2020", "3.20"),
    ("landlord-2024", "landlord")])
def test_a_referral_starts_the_evidence_deadline(desk: Desk, clock: Clock, workflow: str,
                                                 code: str) -> None:
    """15 working days from the Ombudsman's request (2020 3.20), not from the recording;
    the case stays where it is (no third stage)."""
    case = referred(desk, clock, workflow)
    assert case.state == "closed"
    ev = case.deadline("ombudsman_evidence")
    assert ev is not None
    assert (ev.started_on, ev.due, ev.status, ev.code) == (
        date(2027, 1, 18), date(2027, 2, 8), "pending", code)
    assert case.data["ombudsman_ref"] == "202601234"
    assert case.data["ombudsman_requested_on"] == "2027-01-18"
    last = desk.store.events(case.ref)[-1]
    assert (last["action"], last["from_state"], last["to_state"]) == (
        "refer_ombudsman", "closed", "closed")
    assert json.loads(last["fields"])["requested_on"] == "2027-01-18"


def test_a_request_that_sets_its_own_date(desk: Desk, clock: Clock) -> None:
    case = referred(desk, clock, evidence_due="2027-01-29")
    ev = case.deadline("ombudsman_evidence")
    assert ev is not None and (ev.started_on, ev.due) == (date(2027, 1, 18),
                                                          date(2027, 1, 29))


def test_a_referral_keeps_the_residents_own_request_date(desk: Desk, clock: Clock) -> None:
    """Both are given as requested_on; the escalation's stays on the case's record (stage
    2 counts from it) and the Ombudsman's is kept beside it."""
    case = opened(desk, clock)
    act(desk, clock, date(2026, 11, 4), case.ref, "acknowledge", ACK)
    respond(desk, clock, date(2026, 11, 10), case.ref)
    act(desk, clock, date(2026, 11, 13), case.ref, "escalate", {"requested_on": "2026-11-12"})
    done = act(desk, clock, date(2026, 11, 20), case.ref, "refer_ombudsman",
               {"ombudsman_ref": "X1", "requested_on": "2026-11-19"})
    assert done.state == "stage2_requested"
    assert done.data["requested_on"] == "2026-11-12"
    assert done.data["ombudsman_requested_on"] == "2026-11-19"


def test_evidence_sent_in_time_is_met_with_the_bundles_hash(desk: Desk, clock: Clock) -> None:
    case = referred(desk, clock)
    done = act(desk, clock, date(2027, 2, 5), case.ref, "send_evidence",
               {"bundle_sha256": SHA.upper()})
    ev = done.deadline("ombudsman_evidence")
    assert ev is not None and ev.status == "met" and ev.completed_on == date(2027, 2, 5)
    assert json.loads(desk.store.events(case.ref)[-1]["fields"]) == {"bundle_sha256": SHA}


def test_evidence_is_reminded_then_breached_by_the_runner(desk: Desk, clock: Clock) -> None:
    case = referred(desk, clock)
    lines = fire(desk, clock, date(2027, 2, 3), 10)   # 3 working days before 8 Feb
    assert any("reminded" in line for line in lines), lines
    assert alerts(desk, case.ref) == [
        f"Reminder: Evidence to the Ombudsman on case {case.ref} is due Mon 08 Feb 2027"]
    lines = fire(desk, clock, date(2027, 2, 9))
    assert any("breach recorded" in line for line in lines), lines
    breached = desk.store.load(case.ref)
    ev = breached.deadline("ombudsman_evidence")
    assert ev is not None and ev.breached_at is not None and ev.status == "pending"
    assert desk.store.events(case.ref)[-1]["action"] == "breach"
    assert f"Breach: Evidence to the Ombudsman on case {case.ref} was due Mon 08 Feb 2027" \
        in alerts(desk, case.ref)
    done = act(desk, clock, date(2027, 2, 10), case.ref, "send_evidence")
    ev = done.deadline("ombudsman_evidence")
    assert ev is not None and ev.status == "late"
    assert "OVERDUE" not in case_text(done, desk.store.definition(done.digest), clock.now)


# --- the determination and its orders ------------------------------------------------------


def determined(desk: Desk, clock: Clock, case: Case) -> Case:
    act(desk, clock, date(2027, 2, 5), case.ref, "send_evidence")
    return act(desk, clock, date(2027, 3, 1), case.ref, "ombudsman_determination",
               {"outcome": "severe maladministration", "determined_on": "2027-02-26"})


def test_an_order_complied_late_reads_late(desk: Desk, clock: Clock) -> None:
    case = determined(desk, clock, referred(desk, clock))
    assert case.data["outcome"] == "Severe maladministration"
    assert case.data["determined_on"] == "2027-02-26"
    act(desk, clock, date(2027, 3, 1), case.ref, "record_order",
        {"what": "Apologise in writing", "due": "2027-03-15"})
    two = act(desk, clock, date(2027, 3, 1), case.ref, "record_order",
              {"what": "Pay £300 compensation", "due": "2027-03-29"})
    (apology, _, _, _), (payment, _, _, _) = orders(two)
    lines = fire(desk, clock, date(2027, 3, 16))   # the apology was due on the 15th
    assert any("breach recorded" in line for line in lines), lines
    assert f"Breach: Ombudsman's order (Apologise in writing) on case {case.ref} was due " \
        "Mon 15 Mar 2027" in alerts(desk, case.ref)
    act(desk, clock, date(2027, 3, 17), case.ref, "comply_order",
        {"order": str(apology), "evidence": "Letter of apology sent 17 March"})
    done = act(desk, clock, date(2027, 3, 22), case.ref, "comply_order",
               {"order": str(payment), "evidence": "Paid by BACS, ref 991"})
    assert orders(done) == [
        (apology, "Apologise in writing", date(2027, 3, 15), "late"),
        (payment, "Pay £300 compensation", date(2027, 3, 29), "met")]
    shown = case_dict(done, desk.store.definition(done.digest), clock.now)
    assert shown["fields"]["outcome"] == "Severe maladministration"
    assert [(d["name"], d["status"]) for d in shown["deadlines"]
            if d["name"].startswith("ombudsman")] == [
        ("ombudsman_evidence", "met"), ("ombudsman_order", "late"), ("ombudsman_order", "met")]
    text = case_text(done, desk.store.definition(done.digest), clock.now)
    assert "ombudsman 202601234, asked on 2027-01-18; determination: Severe " \
           "maladministration on 2027-02-26" in text
    assert f"Ombudsman's order {apology}: Apologise in writing" in text
    assert desk.store.verify_audit(case.ref) == (1, [])


def test_orders_outlive_the_cases_closure(desk: Desk, clock: Clock) -> None:
    """Referred after the stage 1 response, determined, ordered: closing the case keeps
    the order tracked, and it is complied with from the closed case."""
    case = opened(desk, clock)
    act(desk, clock, date(2026, 11, 4), case.ref, "acknowledge", ACK)
    respond(desk, clock, date(2026, 11, 10), case.ref)
    act(desk, clock, date(2026, 11, 11), case.ref, "refer_ombudsman",
        {"ombudsman_ref": "X2", "requested_on": "2026-11-11"})
    act(desk, clock, date(2026, 11, 12), case.ref, "ombudsman_determination",
        {"outcome": "Service failure", "determined_on": "2026-11-12"})
    ordered = act(desk, clock, date(2026, 11, 12), case.ref, "record_order",
                  {"what": "Inspect the roof", "due": "2026-12-18"})
    done = act(desk, clock, date(2026, 11, 13), case.ref, "close")
    assert done.state == "closed"
    assert [o[3] for o in orders(done)] == ["pending"]
    seq = orders(ordered)[0][0]
    after = act(desk, clock, date(2026, 12, 1), case.ref, "comply_order",
                {"order": str(seq), "evidence": "Survey report 1 Dec"})
    assert [o[3] for o in orders(after)] == ["met"] and after.state == "closed"


# --- bad input: a clear message, nothing saved ---------------------------------------------


def test_an_unknown_outcome_is_refused(desk: Desk, clock: Clock) -> None:
    case = referred(desk, clock)
    with pytest.raises(InvalidInput) as excinfo:
        desk.act(case.ref, "ombudsman_determination",
                 {"outcome": "guilty", "determined_on": "2027-01-20"}, "officer")
    assert str(excinfo.value) == (
        "outcome 'guilty' is not one of chc-2024's choices; choose one of: Severe "
        "maladministration, Maladministration, Service failure, Reasonable redress, No "
        "maladministration, Outside jurisdiction")
    unchanged(desk, case)


def test_an_order_number_not_pending_is_refused(desk: Desk, clock: Clock) -> None:
    case = determined(desk, clock, referred(desk, clock))
    ordered = act(desk, clock, date(2027, 3, 1), case.ref, "record_order",
                  {"what": "Apologise", "due": "2027-03-15"})
    seq = orders(ordered)[0][0]
    evidence = ordered.deadline("ombudsman_evidence")
    assert evidence is not None
    for wrong in ("99", str(evidence.seq), "first"):
        with pytest.raises(InvalidInput) as excinfo:
            desk.act(case.ref, "comply_order", {"order": wrong, "evidence": "x"}, "officer")
        assert str(excinfo.value) == (
            f"order {wrong!r} is not one comply_order can meet on case {case.ref}; it can "
            f"meet: {seq} (ombudsman_order: Apologise)")
    unchanged(desk, ordered)


@pytest.mark.parametrize(("action", "fields", "error", "message"), [
    ("refer_ombudsman", {"ombudsman_ref": "X", "requested_on": "2027-01-21"}, InvalidInput,
     "requested_on 2027-01-21 is after the clock's date 2027-01-20"),
    ("refer_ombudsman", {"ombudsman_ref": "X", "requested_on": "2026-11-09"}, InvalidInput,
     "requested_on 2026-11-09 is before the last response on Tuesday 10 November 2026"),
    ("refer_ombudsman", {"ombudsman_ref": "X"}, ActionRefused,
     "refer_ombudsman needs requested_on (Code 4.1)"),
    ("send_evidence", {}, ActionRefused,
     "has no ombudsman_ref on record, which send_evidence needs: record it first with "
     "refer_ombudsman"),
], ids=["requested-after-the-clock", "requested-before-the-response", "no-request-date",
        "evidence-before-a-referral"])
def test_bad_referrals_are_refused(desk: Desk, clock: Clock, action: str,
                                   fields: dict[str, str], error: type[Exception],
                                   message: str) -> None:
    case = closed(desk, clock)
    clock.set(date(2027, 1, 20))
    with pytest.raises(error) as excinfo:
        desk.act(case.ref, action, fields, "officer")
    assert message in str(excinfo.value)
    unchanged(desk, case)


@pytest.mark.parametrize(("action", "fields", "message"), [
    ("ombudsman_determination", {"outcome": "Maladministration", "determined_on":
                                 "2027-01-21"},
     "determined_on 2027-01-21 is after the clock's date 2027-01-20"),
    ("record_order", {"what": "Apologise", "due": "2027-03-01"},
     "has no outcome on record, which record_order needs: record it first with "
     "ombudsman_determination"),
    ("send_evidence", {"bundle_sha256": "abc123"},
     "bundle_sha256 must be a SHA-256: 64 hexadecimal digits"),
], ids=["determined-after-the-clock", "order-before-determination", "bad-hash"])
def test_bad_follow_ups_are_refused(desk: Desk, clock: Clock, action: str,
                                    fields: dict[str, str], message: str) -> None:
    case = referred(desk, clock)
    with pytest.raises((InvalidInput, ActionRefused)) as excinfo:
        desk.act(case.ref, action, fields, "officer")
    assert message in str(excinfo.value)
    unchanged(desk, case)


def test_no_referral_before_the_landlord_has_answered(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    act(desk, clock, date(2026, 11, 4), case.ref, "acknowledge", ACK)
    before = desk.store.load(case.ref)
    with pytest.raises(ActionRefused, match="refer_ombudsman is not allowed while case "
                       f"{case.ref} is stage1; allowed from: stage1_responded, "
                       "stage2_requested, stage2, stage2_responded, closed, not_accepted"):
        desk.act(case.ref, "refer_ombudsman", REFERRAL, "officer")
    unchanged(desk, before)


def test_record_as_must_name_a_field_the_action_takes(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("workflow: mine\nextends: chc-2024\ntitle: Mine\n"
                    "effective_from: 2024-04-01\nactions:\n  refer_ombudsman:\n"
                    "    record_as: {referred_on: ombudsman_referred_on}\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as excinfo:
        Registry().load(str(mine))
    assert str(excinfo.value) == (
        f"{mine}:7: record_as: action 'refer_ombudsman' takes no field 'referred_on': add "
        "it to the action's requires or accepts")


# --- the evidence bundle (redress case export) ---------------------------------------------


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


LETTER_FILES = ["letters/001-stage1_acknowledgement.pdf",
                "letters/001-stage1_acknowledgement.html",
                "letters/001-stage1_acknowledgement.eml",
                "letters/002-stage1_response.pdf", "letters/002-stage1_response.html"]


def test_the_bundle_holds_the_whole_record(desk: Desk, clock: Clock) -> None:
    case = referred(desk, clock)
    bundle = export_bundle(desk.store, case.ref)
    assert bundle.sha256 == hashlib.sha256(bundle.data).hexdigest()
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as zf:
        assert zf.namelist() == ["timeline.html", "timeline.pdf", *LETTER_FILES,
                                 "audit/events.json", "audit/verification.json",
                                 "manifest.json"]
    files = members(bundle.data)
    manifest = json.loads(files["manifest.json"])
    assert [f["name"] for f in manifest["files"]] == list(files)[:-1]
    for f in manifest["files"]:
        assert f["sha256"] == hashlib.sha256(files[f["name"]]).hexdigest()
        assert f["bytes"] == len(files[f["name"]])
    # every letter exactly as it left: the outbox's bytes, the stored HTML, the PDF
    with desk.store.reading() as fetch:
        case_id = load_case(fetch, case.ref)[0]
        sent = sent_message(fetch, case_id, 1)
        letters = [dict(letter_of(fetch, case.ref, case_id, n)) for n in (1, 2)]
    assert sent is not None and files["letters/001-stage1_acknowledgement.eml"] == sent
    for ltr, stem in zip(letters, ("001-stage1_acknowledgement", "002-stage1_response"),
                         strict=True):
        assert files[f"letters/{stem}.html"] == ltr["html"].encode()
        created = instant(ltr["created_at"])
        assert created is not None   # the PDF the print room gets, byte for byte
        assert files[f"letters/{stem}.pdf"] == letter_pdf(
            ltr["text"], ltr["subject"], created, large_print=bool(ltr["large_print"]))
    # the audit events with their hashes, and the chain verified intact
    events = json.loads(files["audit/events.json"])["events"]
    stored = desk.store.events(case.ref)
    assert [(e["seq"], e["action"], e["hash"], e["prev_hash"]) for e in events] == [
        (e["seq"], e["action"], e["hash"], e["prev_hash"]) for e in stored]
    assert events[-1]["fields"] == {**REFERRAL}
    verification = json.loads(files["audit/verification.json"])
    assert (verification["intact"], verification["faults"],
            verification["events_checked"]) == (True, [], len(stored))
    # a readable timeline of every event, deadline and letter, in both forms
    page = files["timeline.html"].decode()
    pdf, pages = pdf_text(files["timeline.pdf"])
    for form in (page, " ".join(pdf.split())):
        assert "Intact" in form and "DAMAGED" not in form
        for e in stored:
            assert f"({e['action']})" in form
        assert "Evidence to the Ombudsman" in form and "Stage 1 response" in form
        assert "Monday 8 February 2027" in form   # the evidence is due then
        assert "stage1_acknowledgement: We have logged your complaint" in form
    assert pages >= 1
    # the same case exports to the same bytes; its hash goes with the evidence
    assert export_bundle(desk.store, case.ref).data == bundle.data
    done = act(desk, clock, date(2027, 1, 25), case.ref, "send_evidence",
               {"bundle_sha256": bundle.sha256})
    assert done.data["bundle_sha256"] == bundle.sha256


def test_an_edited_audit_row_shows_in_the_bundle(desk: Desk, clock: Clock) -> None:
    case = referred(desk, clock)
    seq = len(desk.store.events(case.ref))   # the referral
    forged = json.dumps({"ombudsman_ref": "202601234", "requested_on": "2027-01-04"})
    with desk.store.writing() as s:
        s.execute(text("UPDATE case_event SET fields = :f WHERE seq = :n AND case_id = "
                       "(SELECT id FROM complaint_case WHERE ref = :r)"),
                  {"f": forged, "n": seq, "r": case.ref})
    bundle = export_bundle(desk.store, case.ref)
    files = members(bundle.data)
    verification = json.loads(files["audit/verification.json"])
    fault = f"{case.ref}: event {seq} (refer_ombudsman) was edited after it was recorded"
    assert verification["intact"] is False
    assert any(f.startswith(fault) for f in verification["faults"]), verification
    assert bundle.faults == tuple(verification["faults"])
    events = json.loads(files["audit/events.json"])["events"]
    assert events[-1]["fields"]["requested_on"] == "2027-01-04"   # shown as it now reads
    assert events[-1]["hash"] == desk.store.events(case.ref)[-1]["hash"]
    page = files["timeline.html"].decode()
    assert "DAMAGED" in page and fault in page
    pdf, _ = pdf_text(files["timeline.pdf"])
    assert "DAMAGED" in pdf


# --- the command ------------------------------------------------------------------------------


def test_case_export_writes_the_zip_and_prints_its_hash(tmp_path: Path,
                                                        sqlite_url: str) -> None:
    opened_ = run_cli("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                      "--email", "a@example.org", "--workflow", "chc-2024", db=sqlite_url,
                      now="2026-11-02T09:00")
    assert opened_.returncode == 0, opened_.stderr
    ref = opened_.stdout.split()[0]
    out = tmp_path / "bundle.zip"
    done = run_cli("case", "export", ref, "--out", str(out), db=sqlite_url, now="2026-11-03")
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert f"sha256 {hashlib.sha256(data).hexdigest()}" in done.stdout
    assert "audit chain intact" in done.stdout
    assert "manifest.json" in members(data)
    default = run_cli("case", "export", ref, db=sqlite_url, now="2026-11-03", cwd=tmp_path)
    assert default.returncode == 0, default.stderr
    assert (tmp_path / f"{ref}-evidence.zip").read_bytes() == data


def test_case_export_of_an_unknown_case_is_one_line(tmp_path: Path, sqlite_url: str) -> None:
    assert run_cli("case", "open", "--received", "2026-11-02", "--resident", "A", "--email",
                   "a@example.org", db=sqlite_url, now="2026-11-02T10:00").returncode == 0
    done = run_cli("case", "export", "2026-99999", "--out", str(tmp_path / "x.zip"),
                   db=sqlite_url)
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "2026-99999" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.zip").exists()


def test_case_export_to_a_missing_folder_is_one_line(tmp_path: Path, sqlite_url: str) -> None:
    opened_ = run_cli("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                      "--email", "a@example.org", db=sqlite_url, now="2026-11-02")
    ref = opened_.stdout.split()[0]
    done = run_cli("case", "export", ref, "--out", str(tmp_path / "nowhere" / "x.zip"),
                   db=sqlite_url)
    assert done.returncode == 1
    assert done.stderr.startswith("error: --out ") and "Traceback" not in done.stderr
