"""Letters rendered and verified per second, and PDF pages per second.

Every action that sends a letter renders it twice from one template (plain text, then
HTML with autoescaping) in Jinja's immutable sandbox, and then verifies it: each element
the Code requires must have a value before rendering and must be found in every output
after. A post letter is also made into a PDF and its text read back for the same check.

The letters are the eight kinds of chc-2024, filled with the sample data `redress letters
check` uses. The context of each is built once, outside the timing, as an action's is;
what is timed is `compose`, the render-and-verify step every letter goes through. Its two
halves are timed apart, and a bare Jinja2 `Environment` (not sandboxed, nothing checked)
renders the same template sources once per letter, as the reference point.

PDFs are made from the rendered plain texts, at normal size and in large print, and the
text is extracted from each as the post channel's verification does. A post letter end to
end is timed both ways: as it is now (the PDF made once, by the action, with the fonts
parsed once per process; the runner prints the stored bytes) and as it was before (both
fonts parsed for every PDF, and the PDF made at the action and again at the runner's
claim). The two must read back the same text before either is timed. Last, the runner's
claim of 200 queued post letters on a SQLite file is timed: one transaction, which holds
the write lock while it runs (no officer can act meanwhile).

Run: python benchmarks/bench_letters.py [--quick]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, time
from importlib.metadata import version
from typing import Any

import jinja2
from _common import LANDLORD_TOML as CONFIG
from _common import best_of, header, verdict
from redress.engine import Registry, WorkflowDefinition, WorkingCalendar
from redress.engine.cases import at_london
from redress.engine.letters import (
    SAMPLE_LANDLORD,
    LetterSettings,
    _pdf,
    compose,
    html_words,
    letter_pdf,
    pdf_text,
    sample_context,
    sample_letter,
)
from redress.engine.letters._compose import lookup, missing, not_shown
from redress.engine.letters._fonts import FAMILY, FILES, FONTS
from redress.engine.letters._render import blocks, render, search_path, squash, to_html, to_text
from redress.engine.workflow import LetterDef

WORKFLOW = "chc-2024"
NOW = at_london(date(2026, 11, 20), time(10))

# Rounds over all eight letters per timed pass, and passes; the best pass is reported.
# The runs of each table take turns pass by pass (see interleaved_best).
FULL = {"rounds": 20, "bare_rounds": 80, "passes": 15, "pdf_rounds": 1, "pdf_passes": 4,
        "claim": 200}
QUICK = {"rounds": 5, "bare_rounds": 20, "passes": 3, "pdf_rounds": 1, "pdf_passes": 1,
         "claim": 10}


def prebuilt_context(
    defn: WorkflowDefinition,
    spec: LetterDef,
    settings: LetterSettings,
    calendar: WorkingCalendar,
    channel: str,
) -> dict[str, Any]:
    """The context `sample_letter` renders from, built the same way but kept."""
    return sample_context(defn, spec, settings, calendar, NOW, channel=channel)


def interleaved_best(repeats: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """`best_of` for several runs at once, taking turns, so that a burst of other work on
    the machine slows one pass of each rather than every pass of one."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            times[name].append(best_of(1, run))
    return {name: min(t) for name, t in times.items()}


@contextmanager
def fonts_parsed_every_time() -> Iterator[None]:
    """`letter_pdf` as it was before the fonts were kept: fpdf2's `add_font` parses both
    for every document, which is then subset from the full fonts."""
    def add_fonts(pdf: Any) -> None:
        for style, name in FILES.items():
            pdf.add_font(FAMILY, style, str(FONTS / name))

    kept = _pdf.add_fonts, _pdf.embed_from
    _pdf.add_fonts, _pdf.embed_from = add_fonts, lambda pdf: None  # type: ignore[assignment]
    try:
        yield
    finally:
        _pdf.add_fonts, _pdf.embed_from = kept  # type: ignore[assignment]




def claim_hold(cases: int) -> tuple[float, float, int]:
    """On a SQLite file: how long the runner's claim of `cases` queued post letters takes
    (one transaction, holding the write lock throughout), and how long making their PDFs
    takes with the fonts parsed for each, which the claim did inside that transaction
    before the PDF was stored with its letter. Also how many claimed carry a PDF."""
    import tempfile
    import time as clock_time
    from pathlib import Path

    from redress.engine import Desk, load_config
    from redress.engine.runner import MailSettings, Outbox

    with tempfile.TemporaryDirectory(prefix="redress-bench-") as tmp:
        config = Path(tmp) / "redress.toml"
        config.write_text(CONFIG, encoding="utf-8")
        at = [at_london(date(2026, 11, 2), time(9))]
        desk = Desk.open(f"sqlite:///{tmp}/claim.db", load_config(str(config)), lambda: at[0])
        try:
            for n in range(cases):
                at[0] = at_london(date(2026, 11, 2), time(9))
                ref = desk.open_case(received_at=at[0], resident=f"Ms R{n} Example",
                                     actor="o", email=None, channel="post",
                                     address="1 Road, Town, TT1 1TT").ref
                at[0] = at_london(date(2026, 11, 3), time(10))
                desk.act(ref, "acknowledge", {"complaint_definition": "Damp",
                                              "outcomes_sought": "Treat it",
                                              "responsibility": "Ours"}, "j.smith")
            with desk.store.reading() as fetch:
                rows = fetch("SELECT text, subject, created_at, large_print FROM letter", {})
            outbox = Outbox(desk.store, MailSettings(), desk.letters, "bench")
            start = clock_time.perf_counter()
            claimed = outbox.claim(at_london(date(2026, 11, 3), time(11)), cases)
            held = clock_time.perf_counter() - start
        finally:
            desk.store.close()
    from redress.engine.cases import instant

    start = clock_time.perf_counter()
    with fonts_parsed_every_time():
        for r in rows:
            created = instant(r["created_at"])
            assert created is not None
            letter_pdf(r["text"], r["subject"], created, large_print=bool(r["large_print"]))
    making = clock_time.perf_counter() - start
    return held, making, sum(getattr(c.item, "pdf", None) is not None for c in claimed)


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:10,.0f} /s  {seconds / count * 1e6:10,.1f} us each"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke run")
    parser.add_argument("--smoke", action="store_true", help="one round of each (seconds)")
    args = parser.parse_args()
    plan = dict.fromkeys(QUICK, 1) if args.smoke else QUICK if args.quick else FULL

    header("bench_letters: letters rendered and verified per second; PDF pages per second")
    defn = Registry(()).load(WORKFLOW)
    settings = LetterSettings(landlord=SAMPLE_LANDLORD)
    calendar = WorkingCalendar()
    specs = list(defn.letters.values())
    kinds = len(specs)
    search = search_path(defn.templates, settings.template_dirs)
    email = [prebuilt_context(defn, s, settings, calendar, "email") for s in specs]
    post = [prebuilt_context(defn, s, settings, calendar, "post") for s in specs]
    jobs = list(zip(specs, email, strict=True))

    def compose_all(contexts: list[dict[str, Any]], channel: str) -> list[Any]:
        return [compose(defn, s, c, settings, channel=channel, action=s.action,
                        created_at=NOW) for s, c in zip(specs, contexts, strict=True)]

    # The prebuilt contexts must give exactly the letters sample_letter gives (this also
    # warms Jinja's template cache, the fonts' file cache and every lazy import).
    letters = compose_all(email, "email")
    expected = [sample_letter(defn, s, settings, calendar, NOW, channel="email") for s in specs]
    differ = sum(a.content_hash != b.content_hash for a, b in zip(letters, expected, strict=True))
    compose_all(post, "post")

    # The render and verify halves of compose, each on its own.
    def render_one(spec: LetterDef, ctx: dict[str, Any]) -> tuple[str, str]:
        markup, _ = render(spec.kind, search, ctx, html=False)
        markup_html, _ = render(spec.kind, search, ctx, html=True)
        subject = str(lookup(ctx, "letter.subject"))
        large = bool(lookup(ctx, "letter.large_print"))
        return to_text(blocks(markup)), to_html(blocks(markup_html), subject, large_print=large)

    rendered = [render_one(s, c) for s, c in jobs]
    outputs = [{"text": squash(t), "HTML": html_words(h)} for t, h in rendered]
    template = "letter_templates/benchmark.j2"
    verify_jobs = list(zip(specs, email, outputs, strict=True))
    read_jobs = list(zip(specs, email, rendered, strict=True))
    refused = sum(bool(missing(s, c, "email") or not_shown(s, c, o, template))
                  for s, c, o in verify_jobs)

    # The reference point: the same sources, a plain Environment with the same whitespace
    # options, rendered once per letter with no sandbox and no checks.
    bare = jinja2.Environment(loader=jinja2.FileSystemLoader(list(search)), trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)
    bare_html = jinja2.Environment(loader=jinja2.FileSystemLoader(list(search)),
                                   autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                   keep_trailing_newline=True)
    same_markup = sum(bare.get_template(f"{s.kind}.j2").render(**c)
                      == render(s.kind, search, c, html=False)[0] for s, c in jobs)
    for s, c in jobs:
        bare_html.get_template(f"{s.kind}.j2").render(**c)

    def rounds(n: int, body: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            for _ in range(n):
                body()
        return run

    def do_sample_letter() -> None:
        for s in specs:
            sample_letter(defn, s, settings, calendar, NOW, channel="email")

    def do_compose() -> None:
        compose_all(email, "email")

    def do_render() -> None:
        for s, c in jobs:
            render_one(s, c)

    def do_render_text() -> None:
        for s, c in jobs:
            render(s.kind, search, c, html=False)

    def do_verify() -> None:
        for s, c, (text, html) in read_jobs:
            missing(s, c, "email")
            not_shown(s, c, {"text": squash(text), "HTML": html_words(html)}, template)

    def do_html_words() -> None:
        for _, html in rendered:
            html_words(html)

    def do_not_shown() -> None:
        for s, c, o in verify_jobs:
            not_shown(s, c, o, template)

    def do_bare() -> None:
        for s, c in jobs:
            bare.get_template(f"{s.kind}.j2").render(**c)

    def do_bare_twice() -> None:
        for s, c in jobs:
            bare.get_template(f"{s.kind}.j2").render(**c)
            bare_html.get_template(f"{s.kind}.j2").render(**c)

    n_let, n_bare, r_let = plan["rounds"], plan["bare_rounds"], plan["passes"]
    email_runs = {
        "sample_letter (context built each time)": (n_let, do_sample_letter),
        "compose, prebuilt context": (n_let, do_compose),
        "  render: 2 sandboxed renders + to_text/to_html": (n_let, do_render),
        "    of which the text render alone": (n_let, do_render_text),
        "  verify: missing + read back + not_shown": (n_let, do_verify),
        "    of which html_words (the HTML read back)": (n_let, do_html_words),
        "    of which not_shown alone": (n_let, do_not_shown),
        "bare jinja2, one render": (n_bare, do_bare),
        "bare jinja2, text + autoescaped render": (n_bare, do_bare_twice),
    }
    best = interleaved_best(r_let, {k: rounds(n, f) for k, (n, f) in email_runs.items()})
    timed = {k: (n * kinds, best[k]) for k, (n, _) in email_runs.items()}

    # PDFs from the rendered plain texts.
    texts = [(x.text, x.subject) for x in letters]
    pages = sum(pdf_text(letter_pdf(t, s, NOW, large_print=False))[1] for t, s in texts)
    pages_large = sum(pdf_text(letter_pdf(t, s, NOW, large_print=True))[1] for t, s in texts)

    def pdfs(large: bool, extract: bool) -> Callable[[], None]:
        def run() -> None:
            for t, s in texts:
                data = letter_pdf(t, s, NOW, large_print=large)
                if extract:
                    pdf_text(data)
        return run

    pdf_bytes = [letter_pdf(t, s, NOW, large_print=False) for t, s in texts]

    def extract_only() -> None:
        for data in pdf_bytes:
            pdf_text(data)

    def fonts_only() -> None:
        from fpdf import FPDF

        for _ in texts:
            pdf = FPDF(format="A4", unit="mm")
            for style, name in FILES.items():
                pdf.add_font(FAMILY, style, str(FONTS / name))

    def pdfs_before(large: bool) -> Callable[[], None]:
        def run() -> None:
            with fonts_parsed_every_time():
                pdfs(large, False)()
        return run

    def post_before() -> None:
        """The action's PDF (made, read back) and the runner's second making at claim."""
        with fonts_parsed_every_time():
            for made in compose_all(post, "post"):
                letter_pdf(made.text, made.subject, made.created_at,
                           large_print=made.large_print)

    # Answers first: the same text read back either way, and the same bytes each time.
    now_letters = compose_all(post, "post")
    with fonts_parsed_every_time():
        before_letters = compose_all(post, "post")
    read_differ = sum(pdf_text(a.pdf)[0] != pdf_text(b.pdf)[0]
                      for a, b in zip(now_letters, before_letters, strict=True))
    bytes_differ = sum(a.pdf != b.pdf for a, b in zip(now_letters, compose_all(post, "post"),
                                                      strict=True))

    n_pdf, r_pdf = plan["pdf_rounds"], plan["pdf_passes"]
    pdf_runs = {
        "generate, normal print": (pages, pdfs(False, False)),
        "generate, normal print, fonts parsed each time (before)": (pages, pdfs_before(False)),
        "  of which parsing the two fonts (before)": (pages, fonts_only),
        "generate + extract text, normal print": (pages, pdfs(False, True)),
        "  of which extracting the text": (pages, extract_only),
        "generate, large print": (pages_large, pdfs(True, False)),
        "generate + extract text, large print": (pages_large, pdfs(True, True)),
        "generate, large print, fonts parsed each time (before)": (pages_large,
                                                                   pdfs_before(True)),
        "post": (0, lambda: compose_all(post, "post")),
        "post before": (0, post_before),
    }
    best = interleaved_best(r_pdf, {k: rounds(n_pdf, f) for k, (_, f) in pdf_runs.items()})
    post_timed = (n_pdf * kinds, best.pop("post"))
    post_before_timed = (n_pdf * kinds, best.pop("post before"))
    pdf_timed = {k: (n_pdf * count, n_pdf * kinds, best[k])
                 for k, (count, _) in pdf_runs.items() if not k.startswith("post")}

    print(f"workflow {WORKFLOW}: {kinds} letter kinds, sample data, now {NOW:%Y-%m-%d %H:%M} UTC")
    print(f"jinja2 {version('jinja2')}, fpdf2 {version('fpdf2')}, pypdf {version('pypdf')}")
    print(f"best of {r_let} passes of {n_let} rounds over the {kinds} letters (bare jinja2: "
          f"{n_bare} rounds); PDF and post letters: best of {r_pdf} pass(es) of {n_pdf}")
    print()
    print("answers")
    print(f"  compose on prebuilt contexts vs sample_letter: {differ} of {kinds} differ "
          "(expected 0)")
    print(f"  letters refused by the checks:                 {refused} of {kinds} (expected 0)")
    print(f"  bare jinja2 markup vs redress's text render:   {kinds - same_markup} of {kinds} "
          "differ (expected 0)")
    print(f"  PDF pages for the {kinds} letters: {pages} normal, {pages_large} large print")
    print(f"  post letters reading back differently, now vs before: {read_differ} of {kinds} "
          "(expected 0)")
    print(f"  post letters whose two makes differ in bytes:          {bytes_differ} of {kinds} "
          "(expected 0)")
    print()
    print("email letters (text + HTML), per letter")
    width = max(len(k) for k in timed)
    for name, (count, seconds) in timed.items():
        print(f"  {name:<{width}}  {rate(count, seconds)}")
    count, seconds = post_timed
    print(f"  {'post letter now: PDF made once + read back':<{width}}  {rate(count, seconds)}")
    count, before_s = post_before_timed
    print(f"  {'post letter before: fonts parsed, PDF made twice':<{width}}  "
          f"{rate(count, before_s)}")
    print(f"  post letter throughput, now against before: {before_s / seconds:.1f}x   "
          f"target >= 3x  {verdict(before_s / seconds >= 3)}")
    print()
    print("PDF, per page")
    width = max(len(k) for k in pdf_timed)
    _, _, gen = pdf_timed["generate, normal print"]
    _, _, before = pdf_timed["generate, normal print, fonts parsed each time (before)"]
    for name, (count, made, seconds) in pdf_timed.items():
        per_page = (f"{seconds / before:5.0%} of before" if name.startswith("  of which")
                    else f"{count / seconds:5.1f} pages/s")
        print(f"  {name:<{width}}  {per_page:>14}  {seconds / made * 1e3:8.1f} ms per letter")
    print()

    def per_s(name: str) -> float:
        count, seconds = timed[name]
        return count / seconds

    ours = per_s("compose, prebuilt context")
    once = per_s("bare jinja2, one render")
    twice = per_s("bare jinja2, text + autoescaped render")
    print("ratios (redress render + verify against bare jinja2)")
    print(f"  vs one bare render:        {ours / once:5.2f}x the rate "
          f"(bare is {once / ours:4.1f}x faster)")
    print(f"  vs two bare renders:       {ours / twice:5.2f}x the rate "
          f"(bare is {twice / ours:4.1f}x faster)")
    sandboxed = per_s("    of which the text render alone")
    print(f"  one sandboxed render vs one bare render: {sandboxed / once:5.2f}x the rate")
    rendering = ours / per_s("  render: 2 sandboxed renders + to_text/to_html")
    verifying = ours / per_s("  verify: missing + read back + not_shown")
    print(f"  compose's time: rendering {rendering:.0%}, verifying {verifying:.0%}, "
          f"the rest (search path, names, content hash) {1 - rendering - verifying:.0%}")
    _, _, extract = pdf_timed["  of which extracting the text"]
    print(f"  PDF text extraction adds {extract / gen:.0%} to generation (normal print)")
    print("  target: none set")
    print()
    cases = plan["claim"]
    held, making, with_pdf = claim_hold(cases)
    print(f"the runner's claim of {cases} queued post letters, SQLite (one transaction)")
    print(f"  letters claimed with their stored PDF: {with_pdf} of {cases} (expected {cases})")
    print(f"  claim transaction now:                 {held * 1e3:10.1f} ms")
    print(f"  making their PDFs, fonts parsed each time, which the claim's transaction did "
          f"before: {making:.2f} s")


if __name__ == "__main__":
    main()
