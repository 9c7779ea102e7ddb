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
text is extracted from each as the post channel's verification does.

Run: python benchmarks/bench_letters.py [--quick]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, time
from importlib.metadata import version
from typing import Any

import jinja2
from _common import best_of, header
from redress.engine import Registry, WorkflowDefinition, WorkingCalendar
from redress.engine.cases import at_london
from redress.engine.letters import (
    FONTS,
    SAMPLE_LANDLORD,
    LetterSettings,
    compose,
    html_words,
    letter_pdf,
    pdf_text,
    sample_context,
    sample_letter,
)
from redress.engine.letters._compose import lookup, missing, not_shown
from redress.engine.letters._render import blocks, render, search_path, squash, to_html, to_text
from redress.engine.workflow import LetterDef

WORKFLOW = "chc-2024"
NOW = at_london(date(2026, 11, 20), time(10))

# Rounds over all eight letters per timed pass, and passes; the best pass is reported.
# The runs of each table take turns pass by pass (see interleaved_best).
FULL = {"rounds": 20, "bare_rounds": 80, "passes": 15, "pdf_rounds": 1, "pdf_passes": 4}
QUICK = {"rounds": 5, "bare_rounds": 20, "passes": 3, "pdf_rounds": 1, "pdf_passes": 1}


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
            pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
            pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))

    n_pdf, r_pdf = plan["pdf_rounds"], plan["pdf_passes"]
    pdf_runs = {
        "generate, normal print": (pages, pdfs(False, False)),
        "  of which loading the two fonts": (pages, fonts_only),
        "generate + extract text, normal print": (pages, pdfs(False, True)),
        "  of which extracting the text": (pages, extract_only),
        "generate, large print": (pages_large, pdfs(True, False)),
        "generate + extract text, large print": (pages_large, pdfs(True, True)),
        "post": (0, lambda: compose_all(post, "post")),
    }
    best = interleaved_best(r_pdf, {k: rounds(n_pdf, f) for k, (_, f) in pdf_runs.items()})
    post_timed = (n_pdf * kinds, best.pop("post"))
    pdf_timed = {k: (n_pdf * count, n_pdf * kinds, best[k])
                 for k, (count, _) in pdf_runs.items() if k != "post"}

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
    print()
    print("email letters (text + HTML), per letter")
    width = max(len(k) for k in timed)
    for name, (count, seconds) in timed.items():
        print(f"  {name:<{width}}  {rate(count, seconds)}")
    count, seconds = post_timed
    print(f"  {'post letter (compose with PDF + read back)':<{width}}  {rate(count, seconds)}")
    print()
    print("PDF, per page")
    width = max(len(k) for k in pdf_timed)
    _, _, gen = pdf_timed["generate, normal print"]
    for name, (count, made, seconds) in pdf_timed.items():
        per_page = (f"{seconds / gen:5.0%} of gen." if name.startswith("  of which")
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


if __name__ == "__main__":
    main()
