"""Letter templates -> plain text and HTML, and rendered output back to plain words.

A letter template is Jinja written as a plain letter: paragraphs separated by a blank
line, `# ` for a heading, `- ` for a list item. It is rendered twice from one source:
once for the plain-text part, once with autoescaping for HTML, so a resident's text can
never become markup. Every template, bundled or edited by an operator, runs in Jinja's
immutable sandbox, and values are passed as data: nothing a resident typed is ever
compiled as a template.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping, Sequence
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .._errors import LetterRefused

Block = tuple[str, list[str]]  # ("h" | "p" | "ul", lines)

BUNDLED = Path(__file__).resolve().parents[2] / "letter_templates"
NORMAL_PT, LARGE_PT = 11, 16


@lru_cache(maxsize=32)
def _environment(search: tuple[str, ...], html: bool) -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(list(search)), autoescape=html, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=True,
    )


def search_path(template_sets: Sequence[str], operator_dirs: Sequence[Path]) -> tuple[str, ...]:
    """Folders to look in, most specific first: each set (operator's copy before the
    bundled one), then the shared layouts."""
    roots = [*operator_dirs, BUNDLED]
    folders = [root / name for name in template_sets for root in roots]
    return tuple(str(f) for f in [*folders, *roots] if f.is_dir())


def render(kind: str, search: tuple[str, ...], context: Mapping[str, Any], *, html: bool
           ) -> tuple[str, str]:
    """Render `<kind>.j2`; return (markup, the template file it came from)."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    env = _environment(search, html)
    name = f"{kind}.j2"
    try:
        template = env.get_template(name)
    except TemplateNotFound:
        raise LetterRefused(kind, [f"no template {name} in {', '.join(search) or '(none)'}"]
                            ) from None
    except TemplateSyntaxError as exc:
        raise LetterRefused(kind, [f"{exc.filename}:{exc.lineno}: {exc.message}"]) from None
    try:
        return template.render(**context), str(template.filename)
    except TemplateSyntaxError as exc:  # an included template
        raise LetterRefused(kind, [f"{exc.filename}:{exc.lineno}: {exc.message}"]) from None
    except TemplateError as exc:
        where = _template_line(exc) or str(template.filename)
        raise LetterRefused(kind, [f"{where}: {exc.message or exc}"]) from None
    except Exception as exc:  # an operator's template may fail in any way; it is refused
        where = _template_line(exc) or str(template.filename)
        raise LetterRefused(kind, [f"{where}: {exc} ({type(exc).__name__})"]) from None


def _template_line(exc: BaseException) -> str | None:
    """FILE:LINE of the innermost template frame Jinja left in the traceback."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else None


# --- the plain letter format ------------------------------------------------------------


def blocks(markup: str) -> list[Block]:
    """Split rendered markup into headings, paragraphs (kept line by line) and lists."""
    out: list[Block] = []
    for chunk in _chunks(markup.splitlines()):
        if chunk[0].startswith("# "):
            out.append(("h", [chunk[0][2:].strip()]))
            chunk = chunk[1:]
            if not chunk:
                continue
        if all(line.startswith("- ") for line in chunk):
            out.append(("ul", [line[2:].strip() for line in chunk]))
        else:
            out.append(("p", chunk))
    return out


def _chunks(lines: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for line in lines:
        line = line.rstrip()
        if line.strip():
            chunks[-1].append(line)
        elif chunks[-1]:
            chunks.append([])
    return [c for c in chunks if c]


def to_text(parts: list[Block]) -> str:
    """The plain-text letter: headings underlined, list items as "- item"."""
    out = []
    for kind, lines in parts:
        if kind == "h":
            out.append(f"{lines[0]}\n{'=' * len(lines[0])}")
        elif kind == "ul":
            out.append("\n".join(f"- {item}" for item in lines))
        else:
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def text_blocks(text: str) -> list[Block]:
    """Read a stored plain-text letter back into blocks (for the PDF)."""
    out: list[Block] = []
    for chunk in _chunks(text.splitlines()):
        if len(chunk) >= 2 and set(chunk[1]) == {"="} and len(chunk[1]) == len(chunk[0]):
            out.append(("h", [chunk[0]]))
            chunk = chunk[2:]
            if not chunk:
                continue
        if all(line.startswith("- ") for line in chunk):
            out.append(("ul", [line[2:] for line in chunk]))
        else:
            out.append(("p", chunk))
    return out


def to_html(parts: list[Block], title: str, *, large_print: bool) -> str:
    """HTML from blocks whose text is already escaped (rendered with autoescape)."""
    size = LARGE_PT if large_print else NORMAL_PT
    body = []
    for kind, lines in parts:
        if kind == "h":
            body.append(f"<h1>{lines[0]}</h1>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{item}</li>" for item in lines) + "</ul>")
        else:
            body.append("<p>" + "<br>\n".join(lines) + "</p>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title>"
        f"<style>body{{font-family:Arial,Helvetica,sans-serif;font-size:{size}pt;"
        "line-height:1.5;max-width:40em;margin:1em auto;padding:0 1em}"
        "h1{font-size:1.3em}</style></head>\n<body>\n"
        + "\n".join(body) + "\n</body></html>\n"
    )


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("style", "script", "title"):
            self._skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_words(html: str) -> str:
    """What a reader of the HTML sees, as plain words (for the rendered-output check)."""
    parser = _Words()
    parser.feed(html)
    parser.close()
    return squash("".join(parser.parts))


def squash(text: str) -> str:
    return " ".join(text.split())
