"""`audit verify` over a large archive, against a bare ordered scan of the same rows.

N cases (one opened and acknowledged through the Desk, with its letter, then copied
under new references with each copy's hash chain recomputed, so every chain is valid)
are verified by `_verify.verify` (what `redress audit verify` runs): cases read in
batches in id order, each batch's events, personal values, letters, deadlines and
baselines in one query per table, then each case's chain checked and its events
replayed through the workflow. Timed as the command runs it (batches checked side by
side in one process for each usable processor) and with `--jobs 1` (one process).

The baseline reads the same rows, each table in one ordered query (cases by id, the
rest by case and sequence), and recomputes the same hashes: every event's chained hash,
every personal value's digest and every letter's content hash. It does not replay, so
the ratio is what the replay and the batching cost beyond reading and hashing.

Then the incremental run a nightly job makes: after a full verification, 100 cases have
a contact change recorded, and `verify(since=last)` checks only those.

Runs on SQLite, and on PostgreSQL too when --pg URL or REDRESS_TEST_POSTGRES_URL names a
server (a schema of its own, dropped afterwards).

Run: python benchmarks/bench_verify.py [--quick] [--cases N] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import header, verdict
from bench_dispatch import RECEIVED_AT, acknowledged, analyze, databases, fresh, open_desk
from redress.engine import Desk
from redress.engine.cases import event_hash
from redress.engine.cases._privacy import digest_of
from redress.engine.cases._refs import ref_key
from redress.engine.letters._compose import content_hash
from redress.engine.store import last_verified, usable_cpus, verify
from sqlalchemy import text

TABLES = ("deadline", "case_event", "letter", "personal_value", "timer_job")


def clone(desk: Desk, n: int) -> None:
    """n cases: one made through the Desk, and n - 1 copies of all its rows."""
    ref = acknowledged(desk, 1)[0]
    with desk.store.writing() as s:
        case = s.execute(text("SELECT * FROM complaint_case WHERE ref = :r"),
                         {"r": ref}).mappings().one()
        cid = case["id"]
        rows = {t: [{k: v for k, v in r.items() if k != "id"} for r in s.execute(text(
            f"SELECT * FROM {t} WHERE case_id = :c ORDER BY id"), {"c": cid}).mappings()]
            for t in TABLES}
        first = cid + 1

        def insert(table: str, found: list[dict[str, Any]]) -> None:
            cols = list(found[0])
            s.execute(text(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                           f"({', '.join(':' + c for c in cols)})"), found)

        for chunk in range(0, n - 1, 10_000):
            out: dict[str, list[dict[str, Any]]] = {t: [] for t in ("complaint_case",
                                                                   *TABLES)}
            for i in range(chunk, min(n - 1, chunk + 10_000)):
                new_id, new_ref = first + i, f"BULK-{i:07d}"
                head = rows["case_event"][0]["prev_hash"]
                for e in rows["case_event"]:
                    digest = event_hash(head, new_ref, e)
                    out["case_event"].append({**e, "case_id": new_id, "prev_hash": head,
                                              "hash": digest})
                    head = digest
                out["complaint_case"].append({**case, "id": new_id, "ref": new_ref,
                                              "ref_key": ref_key(new_ref),
                                              "head_hash": head})
                for t in ("deadline", "letter", "personal_value", "timer_job"):
                    out[t] += [{**r, "case_id": new_id} for r in rows[t]]
            for t, found in out.items():
                if found:
                    insert(t, found)
        if not desk.store.is_sqlite:
            s.execute(text("SELECT setval(pg_get_serial_sequence('complaint_case', 'id'), "
                           "(SELECT MAX(id) FROM complaint_case))"))
    analyze(desk)


def bare_scan(desk: Desk) -> tuple[int, int]:
    """Each table read in one ordered query, every hash recomputed and compared: (cases,
    hashes that differ)."""
    bad = 0
    with desk.store.reading() as fetch:
        cases = fetch("SELECT id, ref, head_hash, event_count, held, erased_at FROM "
                      "complaint_case ORDER BY id", {})
        refs = {r["id"]: r["ref"] for r in cases}
        heads: dict[int, str] = {}
        for e in fetch("SELECT case_id, seq, action, actor, from_state, to_state, fields, "
                       "changes, clock_at, recorded_at, prev_hash, hash, context, keyed "
                       "FROM case_event ORDER BY case_id, seq", {}):
            cid = e["case_id"]
            prev = heads.get(cid, e["prev_hash"])
            digest = event_hash(prev, refs[cid], e)
            bad += digest != e["hash"] or prev != e["prev_hash"]
            heads[cid] = digest
        bad += sum(heads.get(r["id"]) != r["head_hash"] for r in cases)
        for p in fetch("SELECT case_id, digest, salt, value FROM personal_value ORDER BY "
                       "case_id, id", {}):
            bad += p["value"] is not None and digest_of(p["salt"] or "",
                                                        p["value"]) != p["digest"]
        for x in fetch("SELECT case_id, seq, event_seq, subject, text, html, content_hash, "
                       "left_at, withdrawn_at, redacted_at FROM letter ORDER BY case_id, seq",
                       {}):
            bad += content_hash(x["subject"], x["text"], x["html"]) != x["content_hash"]
        fetch("SELECT case_id, seq, due, status FROM deadline ORDER BY case_id, seq", {})
        fetch("SELECT case_id, after_seq FROM case_baseline ORDER BY case_id", {})
    return len(cases), bad


def timed(run: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = run()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 cases, for a smoke run")
    parser.add_argument("--cases", type=int, default=None, help="cases (default 100,000)")
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(
        "REDRESS_TEST_POSTGRES_URL"), help="also run on this PostgreSQL server "
        "(default: REDRESS_TEST_POSTGRES_URL)")
    parser.add_argument("--smoke", action="store_true", help="300 cases (seconds)")
    args = parser.parse_args()
    n = args.cases or (300 if args.smoke else 10_000 if args.quick else 100_000)
    header("bench_verify: audit verify in ordered batches against a bare ordered scan")
    rows = []
    with tempfile.TemporaryDirectory() as tmp, databases(args.pg, Path(tmp)) as urls:
        for label, url in urls:
            desk = open_desk(fresh(url))
            made, _ = timed(lambda desk=desk: clone(desk, n))
            checked, bad = bare_scan(desk)  # warm, and the answer to match
            done = verify(desk.store)
            assert (checked, bad) == (n, 0), (checked, bad)
            assert (done.checked, done.faults) == (n, []), done.faults[:3]
            cpus = usable_cpus()
            assert verify(desk.store, jobs=cpus).faults == []
            best_one, best_ours, best_bare = float("inf"), float("inf"), float("inf")
            for _ in range(2):  # taking turns
                took, _ = timed(lambda desk=desk: verify(desk.store))
                best_one = min(best_one, took)
                took, _ = timed(lambda desk=desk, cpus=cpus: verify(desk.store, jobs=cpus))
                best_ours = min(best_ours, took)
                took, _ = timed(lambda desk=desk: bare_scan(desk))
                best_bare = min(best_bare, took)
            ratio, alone = best_ours / best_bare, best_one / best_bare
            print(f"  {label:<10} {n:,} cases (made in {made:.0f} s): verify "
                  f"{best_ours:6.1f} s with {cpus} processes, {best_one:6.1f} s in one   "
                  f"bare ordered scan {best_bare:6.1f} s   {ratio:.2f}x, one process "
                  f"{alone:.2f}x (target <= 2x: {verdict(ratio <= 2)})")
            rows.append(f"| `audit verify` ({cpus} processes, the default here), {n:,} "
                        f"cases, {label} | {best_ours:.1f} s | one ordered scan of the same "
                        f"rows, the same hashes recomputed, in one process: {best_bare:.1f} s "
                        f"| {ratio:.2f}x | <= 2x: {'met' if ratio <= 2 else 'missed'} |")
            rows.append(f"| `audit verify --jobs 1`, {n:,} cases, {label} | {best_one:.1f} s "
                        f"| the same scan: {best_bare:.1f} s | {alone:.2f}x | |")
            # the nightly run: a full one recorded, 100 cases changed, then --since last
            verify(desk.store, record=True)
            since = last_verified(desk.store)
            assert since is not None
            desk.clock = lambda: RECEIVED_AT
            changed = [f"BULK-{i:07d}" for i in range(0, n - 1, max(1, (n - 1) // 100))]
            changed = changed[:100]
            for ref in changed:  # the resident's new email address, recorded
                desk.contact(ref, "officer", email=f"{ref.lower()}@example.org")
            took, inc = timed(lambda desk=desk, since=since: verify(desk.store, since=since,
                                                                    keep_refs=True))
            assert sorted(inc.refs) == sorted(changed) and not inc.faults, inc.refs[:5]
            print(f"  {label:<10} after {len(changed)} of {n:,} cases changed: "
                  f"verify --since last {took:.2f} s ({inc.checked} cases checked)")
            rows.append(f"| `audit verify --since last`, {len(changed)} of {n:,} cases "
                        f"changed, {label} | {took:.2f} s ({inc.checked} checked) | the full "
                        f"run: {best_ours:.1f} s | {took / best_ours:.3f}x | |")
            desk.store.close()
    print()
    print("| benchmark | redress | compared with | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
