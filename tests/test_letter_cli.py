"""Letters through the command: stored with the case and listed by `case show` and
`case history`, reproduced by `letter show`, rendered unsaved by `letter preview`,
checked by `letters check`, written by `redress demo`; large print and post.

Dates: received Mon 2 Nov 2026; acknowledged Wed 4 Nov (stage 1 reply due Wed 18 Nov);
a date alone given to --now means 09:00 London, which is 09:00 UTC in November.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from redress.cli import main
from redress.engine import Registry, Store
from redress.engine.letters import BUNDLED, content_hash, pdf_text
from redress.engine.store import letter_of, load_case
from support import LANDLORD_CONFIG, OUTCOME_ARGS, pdf_font_sizes, run_cli, track_stores

ACK = ("--set", "complaint_definition=Damp in the back bedroom",
       "--set", "outcomes_sought=Treat the mould and redecorate",
       "--set", "responsibility=The bedroom walls and windows are ours to repair")
RESPONSE = ("--set", "decision=Upheld", *OUTCOME_ARGS,
            "--set", "reasons=Repairs were late",
            "--set", "remedy=£150", "--set", "outstanding_actions=none")
EXTEND = ("--set", "working_days=5", "--set", "reason=A damp survey is booked")
POST = ("--channel", "post", "--address", "Flat 2, 5 Mill Lane, Anytown, AN1 2BB")
EMAIL = ("--email", "a@example.org")
PHONE = "0300 111 3000"


def words(text: str) -> str:
    return " ".join(text.split())


class Cli:
    """The command, in-process, on one database; every store it opens is closed after."""

    def __init__(self, db: str, opened: list[Store]) -> None:
        self.db = db
        self.opened = opened

    def __call__(self, *args: str, now: str | None = None, config: str = LANDLORD_CONFIG
                 ) -> Result:
        try:
            return CliRunner().invoke(
                main, ["--db", self.db, *(("--now", now) if now else ()), *args],
                env={"REDRESS_USER": "officer", "REDRESS_CONFIG": config})
        finally:
            while self.opened:
                self.opened.pop().close()

    def ok(self, *args: str, now: str | None = None, config: str = LANDLORD_CONFIG) -> str:
        r = self(*args, now=now, config=config)
        assert r.exit_code == 0, f"exit {r.exit_code}\n{r.stdout}\n{r.stderr}\n{r.exception!r}"
        return r.stdout

    def fails(self, *args: str, now: str | None = None, config: str = LANDLORD_CONFIG
              ) -> str:
        """An expected failure: exit 1 and one plain message, never a traceback."""
        r = self(*args, now=now, config=config)
        assert r.exit_code == 1, f"exit {r.exit_code}\n{r.stdout}\n{r.stderr}"
        assert isinstance(r.exception, SystemExit), r.exception
        assert r.stderr.startswith("error: ") and "Traceback" not in r.output, r.stderr
        return r.stderr

    def open(self, *extra: str) -> str:
        out = self.ok("case", "open", "--received", "2026-11-02", "--resident", "Ms A Example",
                      "--workflow", "chc-2024", "--summary", "Damp", *extra, now="2026-11-02")
        return out.strip()

    def acknowledged(self, *extra: str) -> str:
        ref = self.open(*extra)
        self.ok("case", "act", ref, "acknowledge", *ACK, now="2026-11-04")
        return ref

    def show(self, ref: str) -> Any:
        return json.loads(self.ok("case", "show", ref, "--json", now="2026-11-20"))

    def stored(self, ref: str, seq: int) -> dict[str, Any]:
        store = Store(self.db)
        try:
            with store.reading() as fetch:
                case_id = load_case(fetch, ref)[0]
                return dict(letter_of(fetch, ref, case_id, seq))
        finally:
            store.close()


@pytest.fixture
def tracked(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> list[Store]:
    opened: list[Store] = []
    track_stores(monkeypatch, opened)
    return opened


@pytest.fixture
def cli(db_url: str, tracked: list[Store]) -> Iterator[Cli]:
    yield Cli(db_url, tracked)


@pytest.fixture
def scli(sqlite_url: str, tracked: list[Store]) -> Iterator[Cli]:
    yield Cli(sqlite_url, tracked)


# --- stored with the case -----------------------------------------------------------------


def test_act_prints_the_letters_it_produced(scli: Cli) -> None:
    ref = scli.open(*EMAIL)
    out = scli.ok("case", "act", ref, "acknowledge", *ACK, now="2026-11-04")
    assert out.splitlines()[-1] == (f"  letter 1: stage1_acknowledgement (email, automatic) - "
                                    f"redress letter show {ref} 1")
    out = scli.ok("case", "act", ref, "extend", *EXTEND, now="2026-11-13")
    assert f"letter 2: stage1_extension (email, automatic) - redress letter show {ref} 2" in out


def test_case_show_json_lists_the_letters(cli: Cli) -> None:
    ref = cli.acknowledged(*EMAIL)
    assert cli.show(ref)["letters"][0]["id"] == 1
    cli.ok("case", "act", ref, "extend", *EXTEND, now="2026-11-13 15:30")
    letters = cli.show(ref)["letters"]
    assert [{k: ltr[k] for k in ("id", "kind", "action", "channel", "created")}
            for ltr in letters] == [
        {"id": 1, "kind": "stage1_acknowledgement", "action": "acknowledge",
         "channel": "email", "created": "2026-11-04T09:00:00+00:00"},
        {"id": 2, "kind": "stage1_extension", "action": "extend", "channel": "email",
         "created": "2026-11-13T15:30:00+00:00"},
    ]
    for ltr in letters:
        row = cli.stored(ref, ltr["id"])
        assert ltr["content_hash"] == row["content_hash"] == content_hash(
            row["subject"], row["text"], row["html"])
        assert ltr["subject"] == row["subject"]
        assert ltr["large_print"] is False
    assert [ltr["event"] for ltr in letters] == [2, 3]
    assert [ltr["outbox"] for ltr in letters] == ["queued", "queued"]  # automatic: queued
    text = cli.ok("case", "show", ref, now="2026-11-20")
    assert "letters:\n    1  stage1_acknowledgement   email automatic We have logged your " \
           f"complaint - our reference {ref} [queued]\n" in text


def test_case_show_json_of_a_case_without_letters(scli: Cli) -> None:
    ref = scli.open(*EMAIL)
    assert scli.show(ref)["letters"] == []
    assert "letters:\n  (none)\n" in scli.ok("case", "show", ref, now="2026-11-03")


def test_history_lists_each_letter_under_its_event(cli: Cli) -> None:
    ref = cli.acknowledged(*EMAIL)
    cli.ok("case", "act", ref, "extend", *EXTEND, now="2026-11-13")
    lines = cli.ok("case", "history", ref).splitlines()
    acknowledge = next(i for i, line in enumerate(lines) if "  acknowledge " in line)
    extend = next(i for i, line in enumerate(lines) if "  extend " in line)
    first = lines.index("      letter 1 stage1_acknowledgement (email, automatic): We have "
                        f"logged your complaint - our reference {ref}")
    second = lines.index("      letter 2 stage1_extension (email, automatic): We need more "
                         f"time to answer your complaint - our reference {ref}")
    assert acknowledge < first < extend < second
    events = json.loads(cli.ok("case", "history", ref, "--json"))
    assert [[ltr["kind"] for ltr in e["letters"]] for e in events] == [
        [], ["stage1_acknowledgement"], ["stage1_extension"]]


# --- letter show ----------------------------------------------------------------------------


def test_letter_show_reproduces_the_stored_letter(cli: Cli, tmp_path: Path) -> None:
    ref = cli.acknowledged(*POST)
    row = cli.stored(ref, 1)
    assert cli.ok("letter", "show", ref, "1") == row["text"]
    assert cli.ok("letter", "show", ref, "1", "--format", "text") == row["text"]
    html = cli.ok("letter", "show", ref, "1", "--format", "html")
    assert html == row["html"] and html.startswith("<!DOCTYPE html>")
    out = tmp_path / "letter.pdf"
    r = cli("letter", "show", ref, "1", "--format", "pdf", "--out", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"wrote {out}\n"
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    extracted, pages = pdf_text(data)
    assert pages >= 1
    assert PHONE in extracted
    assert "Damp in the back bedroom" in words(extracted)
    assert "AN1 2BB" in extracted
    # the same letter, later, is the same file
    again = tmp_path / "again.pdf"
    cli.ok("letter", "show", ref, "1", "--format", "pdf", "--out", str(again))
    assert again.read_bytes() == data
    text_out = tmp_path / "letter.txt"
    cli.ok("letter", "show", ref, "1", "--out", str(text_out))
    assert text_out.read_text(encoding="utf-8") == row["text"]


def test_letter_show_of_an_unknown_letter(scli: Cli) -> None:
    ref = scli.open(*EMAIL)
    assert scli.fails("letter", "show", ref, "1") == (
        f"error: case {ref} has no letter 1; it has no letters\n")
    scli.ok("case", "act", ref, "acknowledge", *ACK, now="2026-11-04")
    assert scli.fails("letter", "show", ref, "7") == (
        f"error: case {ref} has no letter 7; its letters: 1\n")
    assert "no case with reference 'NOPE-1'" in scli.fails("letter", "show", "NOPE-1", "1")


# --- letter preview -------------------------------------------------------------------------


def test_preview_refuses_missing_data_then_renders_without_storing(cli: Cli) -> None:
    ref = cli.acknowledged(*EMAIL)
    before = cli.show(ref)
    # The preview takes the action it previews (nothing saved), so it refuses as the
    # action would.
    err = cli.fails("letter", "preview", ref, "stage1_response", now="2026-11-10")
    assert err == (
        "error: respond needs decision (Code 6.9); reasons (Code 6.9); remedy (Code 6.9); "
        "outstanding_actions (Code 6.9) — give each with --set FIELD=VALUE; decision is one "
        "of: Upheld, Partly upheld, Not upheld\n")
    text = cli.ok("letter", "preview", ref, "stage1_response", *RESPONSE, now="2026-11-10")
    assert "Upheld" in text and "Repairs were late" in text and "£150" in text
    assert "Damp in the back bedroom" in text and PHONE in text
    assert "Tuesday 10 November 2026" in text
    html = cli.ok("letter", "preview", ref, "stage1_response", *RESPONSE, "--format", "html",
                  now="2026-11-10")
    assert html.startswith("<!DOCTYPE html>") and "Repairs were late" in html
    after = cli.show(ref)
    assert after["letters"] == before["letters"] and len(after["letters"]) == 1
    assert (after["version"], after["state"], after["fields"]) == (
        before["version"], before["state"], before["fields"])


def test_preview_pdf_and_unknown_kind(scli: Cli, tmp_path: Path) -> None:
    ref = scli.acknowledged(*POST)
    out = tmp_path / "preview.pdf"
    scli.ok("letter", "preview", ref, "stage1_extension", "--set", "reason=A survey",
            "--set", "working_days=5", "--format", "pdf", "--out", str(out), now="2026-11-10")
    assert PHONE in pdf_text(out.read_bytes())[0]
    err = scli.fails("letter", "preview", ref, "stage1_respnse", now="2026-11-10")
    assert err.startswith("error: workflow chc-2024 has no letter 'stage1_respnse' (did you "
                          "mean 'stage1_response'?); letters: stage1_acknowledgement, ")
    assert len(scli.show(ref)["letters"]) == 1


def test_preview_of_the_acknowledgement_before_acknowledging(scli: Cli) -> None:
    ref = scli.open(*EMAIL)
    text = scli.ok("letter", "preview", ref, "stage1_acknowledgement", *ACK, now="2026-11-04")
    assert "Wednesday 18 November 2026" in text


# --- large print and post -------------------------------------------------------------------




def test_case_opened_with_large_print_gets_large_print_letters(cli: Cli, tmp_path: Path
                                                               ) -> None:
    ref = cli.acknowledged(*POST, "--large-print")
    shown = cli.show(ref)
    assert shown["adjustments"] == {"large_print": "yes"}
    (ltr,) = shown["letters"]
    assert ltr["large_print"] is True and ltr["channel"] == "post"
    html = cli.ok("letter", "show", ref, "1", "--format", "html")
    assert "font-size:16pt" in html
    out = tmp_path / "large.pdf"
    cli.ok("letter", "show", ref, "1", "--format", "pdf", "--out", str(out))
    assert min(pdf_font_sizes(out.read_bytes())) >= 16
    history = json.loads(cli.ok("case", "history", ref, "--json"))
    assert history[0]["fields"]["adjustment.large_print"] == "yes"


def test_case_contact_large_print_is_audited_and_used_by_later_letters(
    scli: Cli, tmp_path: Path
) -> None:
    ref = scli.acknowledged(*EMAIL)
    normal = tmp_path / "normal.pdf"
    scli.ok("letter", "show", ref, "1", "--format", "pdf", "--out", str(normal))
    assert max(pdf_font_sizes(normal.read_bytes())) < 16
    out = scli.ok("case", "contact", ref, "--large-print", now="2026-11-05")
    # with its review date (2024 5.10): by default 182 days on
    assert out == f"{ref}: recorded adjustment.large_print: yes, review_on: 2027-05-06\n"
    events = json.loads(scli.ok("case", "history", ref, "--json"))
    assert (events[-1]["action"], events[-1]["actor"], events[-1]["fields"]) == (
        "contact", "officer", {"adjustment.large_print": "yes", "review_on": "2027-05-06"})
    assert (events[-1]["from_state"], events[-1]["to_state"]) == ("stage1", "stage1")
    scli.ok("case", "act", ref, "extend", *EXTEND, now="2026-11-13")
    assert [x["large_print"] for x in scli.show(ref)["letters"]] == [False, True]
    assert "font-size:16pt" in scli.ok("letter", "show", ref, "2", "--format", "html")
    large = tmp_path / "large.pdf"
    scli.ok("letter", "show", ref, "2", "--format", "pdf", "--out", str(large))
    assert min(pdf_font_sizes(large.read_bytes())) >= 16
    out = scli.ok("case", "contact", ref, "--no-large-print", now="2026-11-14")
    assert out == f"{ref}: recorded adjustment.large_print: (removed)\n"
    assert scli.show(ref)["adjustments"] == {}
    assert "nothing to change" in scli.fails("case", "contact", ref, "--no-large-print",
                                             now="2026-11-14")


def test_post_case(scli: Cli) -> None:
    ref = scli.acknowledged(*POST)
    shown = scli.show(ref)
    assert (shown["channel"], shown["email"]) == ("post", None)
    assert shown["letters"][0]["channel"] == "post"
    assert scli.stored(ref, 1)["recipient"] == "Flat 2, 5 Mill Lane, Anytown, AN1 2BB"


@pytest.mark.parametrize("extra", [("--channel", "post"), ()])
def test_opening_a_post_case_without_an_address_is_refused(scli: Cli,
                                                           extra: tuple[str, ...]) -> None:
    err = scli.fails("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                     *extra, now="2026-11-02")
    assert err == "error: --address is needed for a resident whose channel is post\n"
    assert scli.ok("case", "list", now="2026-11-02") == "no cases\n"


def test_act_refused_for_a_missing_field_saves_nothing(scli: Cli) -> None:
    ref = scli.open(*EMAIL)
    err = scli.fails("case", "act", ref, "acknowledge", *ACK[:4], now="2026-11-04")
    assert err == ("error: acknowledge needs responsibility (Code 5.7) — give each with "
                   "--set FIELD=VALUE\n")
    shown = scli.show(ref)
    assert (shown["state"], shown["version"], shown["letters"]) == ("received", 1, [])


def test_unknown_ombudsman_key_is_refused_naming_file_and_key(scli: Cli, tmp_path: Path
                                                              ) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[ombudsman]\ntelephon = "0300 999 0000"\n', encoding="utf-8")
    err = scli.fails("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                     *EMAIL, now="2026-11-02", config=str(config))
    assert err == (f"error: {config}: unknown key 'telephon' in [ombudsman] (did you mean "
                   "'telephone'?); keys: name, telephone, email, website, complaint_form, "
                   "address\n")


# --- letters check --------------------------------------------------------------------------


CHECK_LINE = re.compile(r"^(ok  |FAIL) (\S+)\s+(\S+)\s+reading ease\s+(-?\d+\.\d)(.*)$")


def test_letters_check_passes_on_the_bundled_workflows(scli: Cli) -> None:
    reg = Registry(())
    expected = [(name, kind) for name in reg.names() for kind in reg.load(name).letters]
    r = scli("letters", "check", now="2026-11-02")
    assert r.exit_code == 0, r.stdout + r.stderr
    seen = []
    for line in r.stdout.splitlines():
        m = CHECK_LINE.match(line)
        assert m, line
        verdict, workflow, kind, score, rest = m.groups()
        assert verdict == "ok  " and float(score) >= 60, line
        assert rest.strip().endswith(f"/{kind}.j2"), line
        seen.append((workflow, kind))
    assert seen == expected
    assert r.stderr == (f"{len(expected)} of {len(expected)} letters verified and plain "
                        "(Flesch reading ease >= 60)\n")


UNREADABLE = """{% extends "_letter.j2" %}
{% block body %}
Notwithstanding our organisation's institutional commitment to comprehensive investigatory \
thoroughness, unprecedented operational considerations necessitate an administrative \
prolongation of the investigative determination period applicable to your complaint at \
{{ case.stage_name }}.

Consequently, the justification underlying this procedural modification is documented \
comprehensively hereunder: {{ fields.reason }} {{ fields.good_reason }}

Accordingly, the reconfigured determination communication is anticipated no later than \
{{ deadline.due }}, notwithstanding unforeseeable intervening circumstances.

{% include "_ombudsman_contact.j2" %}
{% endblock %}
"""


def operator_config(tmp_path: Path) -> Path:
    """The test landlord's config with the operator's templates in tmp_path/mytemplates."""
    config = tmp_path / "redress.toml"
    config.write_text(Path(LANDLORD_CONFIG).read_text(encoding="utf-8")
                      + '\n[letters]\ntemplates = ["mytemplates"]\n', encoding="utf-8")
    return config


def test_letters_check_fails_on_an_unreadable_operator_template(scli: Cli, tmp_path: Path
                                                                ) -> None:
    folder = tmp_path / "mytemplates" / "chc-2024"
    folder.mkdir(parents=True)
    (folder / "stage1_extension.j2").write_text(UNREADABLE, encoding="utf-8")
    config = operator_config(tmp_path)
    r = scli("letters", "check", "chc-2024", now="2026-11-02", config=str(config))
    assert r.exit_code == 1, r.stdout + r.stderr
    failed = [line for line in r.stdout.splitlines() if line.startswith("FAIL")]
    (line,) = failed
    m = CHECK_LINE.match(line)
    assert m, line
    _, workflow, kind, score, rest = m.groups()
    assert (workflow, kind) == ("chc-2024", "stage1_extension")
    assert float(score) < 60
    assert rest == f" (below 60)  {folder / 'stage1_extension.j2'}"
    assert sum(line.startswith("ok  ") for line in r.stdout.splitlines()) == 7
    assert r.stderr == "7 of 8 letters verified and plain (Flesch reading ease >= 60)\n"


def test_letters_check_names_a_template_that_drops_an_element(scli: Cli, tmp_path: Path
                                                              ) -> None:
    folder = tmp_path / "mytemplates" / "chc-2024"
    folder.mkdir(parents=True)
    source = (BUNDLED / "chc-2024" / "stage2_extension.j2").read_text(encoding="utf-8")
    (folder / "stage2_extension.j2").write_text(
        source.replace('{% include "_ombudsman_contact.j2" %}\n', ""), encoding="utf-8")
    config = operator_config(tmp_path)
    r = scli("letters", "check", "chc-2024", now="2026-11-02", config=str(config))
    assert r.exit_code == 1
    (line,) = [x for x in r.stdout.splitlines() if x.startswith("FAIL")]
    assert line.startswith("FAIL chc-2024       stage2_extension           the text rendered "
                           f"from {folder / 'stage2_extension.j2'} does not show the Housing "
                           "Ombudsman's contact details (Code 6.16): '0300 111 3000'")


# Issue 11 item 7: a template is checked whole, every branch, before it renders. Each
# expression sits inside a branch the sample data never takes (the sample remedy is not
# "£150"), so only a look at the template itself can find it.
BRANCHED = {
    "''.__class__": "'.__class__' is not allowed in a letter template",
    "fields['__class__']": "'['__class__']' is not allowed in a letter template",
    "fields|attr('update')": "the 'attr' filter is not allowed in a letter template",
    '"{0}".format(fields)': "'.format' is not allowed in a letter template",
    '"{x}".format_map(fields)': "'.format_map' is not allowed in a letter template",
    "fields.update(remedy='none')": "'.update' is not allowed in a letter template",
    "fields.values()|map(attribute='__doc__')|join": "attribute '__doc__' in the 'map' filter "
                                                     "is not allowed in a letter template",
    "cycler.__init__": "'.__init__' is not allowed in a letter template",
    "range.mro()": "'.mro' is not allowed in a letter template",
}


def branched_template(folder: Path, expression: str) -> tuple[Path, int]:
    """The bundled stage 1 response with `expression` inside a branch on the line after
    the remedy, and that line's number."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = (BUNDLED / "chc-2024" / "stage1_response.j2").read_text(
        encoding="utf-8").splitlines(keepends=True)
    at = lines.index("{{ fields.remedy }}\n")
    lines[at:at + 1] = ["{{ fields.remedy }}\n",
                        '{% if fields.remedy == "£150" %}{{ ' + expression + ' }}{% endif %}\n']
    path = folder / "stage1_response.j2"
    path.write_text("".join(lines), encoding="utf-8")
    return path, at + 2


@pytest.mark.parametrize("expression", list(BRANCHED))
def test_letters_check_refuses_an_unsafe_expression_in_a_branch_samples_never_take(
        scli: Cli, tmp_path: Path, expression: str) -> None:
    """Issue 11 item 7: `letters check` fails the template with FILE:LINE, although the
    sample letter renders without entering the branch."""
    template, at = branched_template(tmp_path / "mytemplates" / "chc-2024", expression)
    config = operator_config(tmp_path)
    r = scli("letters", "check", "chc-2024", now="2026-11-02", config=str(config))
    assert r.exit_code == 1, r.stdout + r.stderr
    (line,) = [x for x in r.stdout.splitlines() if x.startswith("FAIL")]
    assert line == (f"FAIL chc-2024       stage1_response            {template}:{at}: "
                    f"{BRANCHED[expression]}"), line


def test_letters_check_refuses_an_unsafe_expression_in_an_included_template(
        scli: Cli, tmp_path: Path) -> None:
    """Issue 11 item 7: what a template includes is checked whole too."""
    folder = tmp_path / "mytemplates"
    folder.mkdir()
    shared = (BUNDLED / "_contact_us.j2").read_text(encoding="utf-8")
    (folder / "_contact_us.j2").write_text(
        shared + "{% if case.stage == 9 %}{{ lipsum.__globals__ }}{% endif %}\n",
        encoding="utf-8")
    line = shared.count("\n") + 1
    config = operator_config(tmp_path)
    r = scli("letters", "check", "chc-2024", now="2026-11-02", config=str(config))
    assert r.exit_code == 1, r.stdout + r.stderr
    failed = [x for x in r.stdout.splitlines() if x.startswith("FAIL")]
    assert failed, r.stdout
    for x in failed:
        assert x.endswith(f"{folder / '_contact_us.j2'}:{line}: '.__globals__' is not "
                          "allowed in a letter template"), x


def test_a_real_response_is_refused_by_the_same_check(scli: Cli, tmp_path: Path) -> None:
    """Issue 11 item 7: the operator's template is refused when it is loaded for a real
    letter, whichever branch the case's data would take, and nothing is saved."""
    template, at = branched_template(tmp_path / "mytemplates" / "chc-2024", "''.__class__")
    config = operator_config(tmp_path)
    ref = scli.open(*EMAIL)
    scli.ok("case", "act", ref, "acknowledge", *ACK, now="2026-11-04")
    for remedy in ("£150", "£50"):
        err = scli.fails("case", "act", ref, "respond", "--set", "decision=Upheld",
                         *OUTCOME_ARGS, "--set", "reasons=Late", "--set", f"remedy={remedy}",
                         "--set", "outstanding_actions=none", now="2026-11-10",
                         config=str(config))
        assert err == ("error: letter stage1_response refused; nothing was saved:\n"
                       f"  - {template}:{at}: '.__class__' is not allowed in a letter "
                       "template\n")
    assert scli.ok("case", "show", ref, "--json", now="2026-11-10").count('"stage1"') >= 1


# --- the demo -------------------------------------------------------------------------------


def test_demo_prints_the_first_letter_and_writes_every_letter(tmp_path: Path) -> None:
    r = run_cli("demo", "--dir", "d", db="sqlite:///redress.db", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "redress.db").exists()  # the demo keeps to its folder
    folder = tmp_path / "d" / "letters"
    first = folder / "2026-00001-01-stage1_acknowledgement.txt"
    heading = ("=== The first letter, stage1_acknowledgement for case 2026-00001, as the "
               "resident reads it ===\n")
    assert heading + first.read_text(encoding="utf-8").rstrip() + "\n" in r.stdout
    store = Store("sqlite:///" + str(tmp_path / "d" / "redress.db"))
    try:
        stored = {ref: store.letters(ref) for ref in ("2026-00001", "2026-00002")}
        with store.reading() as fetch:
            case_id = load_case(fetch, "2026-00001")[0]
            assert letter_of(fetch, "2026-00001", case_id, 1)["text"] == \
                first.read_text(encoding="utf-8")
    finally:
        store.close()
    expected = set()
    for ref, rows in stored.items():
        assert rows, ref
        for row in rows:
            stem = f"{ref}-{row['seq']:02d}-{row['kind']}"
            expected |= {f"{stem}.txt", f"{stem}.html"}
            if row["channel"] == "post":
                expected.add(f"{stem}.pdf")
    # beside them, outbox/ and print/ hold what the runner sent
    assert {p.name for p in folder.iterdir()} == expected
    assert {p.name for p in folder.parent.iterdir() if p.is_dir()} == {"letters", "outbox",
                                                                       "print"}
    pdfs = sorted(folder.glob("*.pdf"))
    assert pdfs, "the post case's letters are written as PDF"
    for pdf in pdfs:
        assert pdf.name.startswith("2026-00002-")
        data = pdf.read_bytes()
        assert PHONE in pdf_text(data)[0]
        assert min(pdf_font_sizes(data)) >= 16  # that case asked for large print


def test_preview_of_an_extension_gives_the_new_date_and_refuses_unknown_fields(
        scli: Cli) -> None:
    # Acknowledged Wed 4 Nov: stage 1 due 10 working days later, Wed 18 Nov (Code 6.3);
    # extending by 5 working days moves it to Wed 25 Nov. The preview takes the action
    # without saving it, so it shows the date the letter would give.
    ref = scli.acknowledged(*EMAIL)
    before = scli.show(ref)
    text = scli.ok("letter", "preview", ref, "stage1_extension", "--set", "reason=A survey",
                   "--set", "working_days=5", now="2026-11-10")
    assert ("We said we would reply by Wednesday 18 November 2026. We will now reply by "
            "Wednesday 25 November 2026.") in text
    err = scli.fails("letter", "preview", ref, "stage1_extension", "--set", "reason=A survey",
                     "--set", "working_day=5", now="2026-11-10")
    assert err.startswith("error: extend has no field 'working_day' (did you mean "
                          "'working_days'?)")
    after = scli.show(ref)
    assert (after["version"], after["deadlines"], after["letters"]) == (
        before["version"], before["deadlines"], before["letters"])
