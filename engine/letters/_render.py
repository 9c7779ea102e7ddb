"""Letter templates -> plain text and HTML, and rendered output back to plain words.

A letter template is Jinja written as a plain letter: paragraphs separated by a blank
line, `# ` for a heading, `- ` for a list item. It is rendered twice from one source:
once for the plain-text part, once with autoescaping for HTML, so a resident's text can
never become markup. Every template, bundled or edited by an operator, runs in Jinja's
immutable sandbox, and values are passed as data: nothing a resident typed is ever
compiled as a template.

Before a template renders, its syntax tree is checked whole (`unsafe_parts`), every
branch and every template it extends or includes: a name starting with `_`, the `attr`
filter, `.format`/`.format_map` and the other attributes the sandbox would refuse are
refused with FILE:LINE, whether or not the data at hand would reach them. The sandbox
still stands behind this check at render time.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .._errors import LetterRefused

Block = tuple[str, list[str]]  # ("h" | "p" | "ul", lines)

BUNDLED = Path(__file__).resolve().parents[2] / "letter_templates"
NORMAL_PT, LARGE_PT = 11, 16


@lru_cache(maxsize=32)
def _environment(search: tuple[str, ...], html: bool) -> Any:
    from jinja2 import FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, __version__
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    # Compiled templates are kept between processes (Jinja's own per-user cache folder,
    # checked by the template's source), so a `case act` does not compile its letter's
    # templates again; the HTML and text environments compile differently (autoescape),
    # so each has its own entries, as has each Jinja release.
    kind = "html" if html else "text"
    cache = FileSystemBytecodeCache(pattern=f"redress-{__version__}-{kind}-%s.cache")
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(list(search)), autoescape=html, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=True,
        bytecode_cache=cache,
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
        problems = unsafe_parts(env, name)
    except TemplateSyntaxError as exc:  # an included template
        raise LetterRefused(kind, [f"{exc.filename}:{exc.lineno}: {exc.message}"]) from None
    if problems:
        raise LetterRefused(kind, problems)
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


# Attributes a letter never needs and the sandbox refuses or guards: string formatting
# (which reaches attributes by itself), frames and code of generators and coroutines,
# the method order, and every method that changes a list, dict or set in place.
UNSAFE_ATTRIBUTES = frozenset({
    "format", "format_map", "mro", "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame",
    "cr_code", "cr_await", "ag_frame", "ag_code", "ag_await", "f_globals", "f_locals",
    "f_builtins", "f_back", "tb_frame", "func_globals", "func_code",
    "append", "extend", "insert", "pop", "popitem", "remove", "reverse", "sort", "clear",
    "update", "setdefault", "add", "discard", "difference_update",
    "intersection_update", "symmetric_difference_update",
})
# Filters that take the name of an attribute to read: as `attribute=`, or at this place
# among their arguments (map takes it only by name).
ATTRIBUTE_FILTERS: dict[str, int | None] = {
    "map": None, "selectattr": 0, "rejectattr": 0, "groupby": 0, "sum": 0, "sort": 2,
    "unique": 1, "min": 1, "max": 1,
}
NOT_ALLOWED = "is not allowed in a letter template"


def _unsafe_name(name: object) -> bool:
    return isinstance(name, str) and any(
        part.startswith("_") or part in UNSAFE_ATTRIBUTES for part in name.split("."))


def _unsafe_access(node: Any) -> str | None:
    """`'.__class__'` for an unsafe `x.__class__` or `x['__class__']`, else None."""
    from jinja2 import nodes

    if isinstance(node, nodes.Getattr) and _unsafe_name(node.attr):
        return f"'.{node.attr}'"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and \
            _unsafe_name(node.arg.value):
        return f"'[{node.arg.value!r}]'"
    return None


def unsafe_parts(env: Any, name: str) -> list[str]:
    """FILE:LINE: problems in template `name` and every template it extends, includes or
    imports, found in the syntax tree (so in every branch), not by rendering it."""
    from jinja2 import TemplateNotFound

    # Checked once while its files stay as they were: the same test of a file's change
    # (its modification time) by which Jinja compiles it again, so what renders is what
    # was checked. A template one of them uses that could not be found is looked for
    # again every time, since it may appear.
    checked: dict[str, tuple[tuple[str, ...], tuple[Callable[[], bool], ...]]] = \
        env.__dict__.setdefault("redress_checked", {})
    known = checked.get(name)
    if known is not None and all(fresh() for fresh in known[1]):
        return list(known[0])
    problems: list[str] = []
    unchanged: list[Callable[[], bool]] = []
    complete = True
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, filename, uptodate = env.loader.get_source(env, current)
        except TemplateNotFound:
            complete = False
            continue  # rendering says which template is missing
        if uptodate is None:
            complete = False
        else:
            unchanged.append(uptodate)
        found, used = _tree_problems(env, source, str(filename or current))
        problems.extend(found)
        todo.extend(used)
    if complete:
        checked[name] = (tuple(problems), tuple(unchanged))
    return problems


@lru_cache(maxsize=256)
def _tree_problems(env: Any, source: str, filename: str
                   ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(problems, names of the templates it uses) for one template's source."""
    from jinja2 import nodes

    tree = env.parse(source, None, filename)
    problems: list[tuple[int, str]] = []
    used: list[str] = []
    for node in tree.find_all(nodes.Node):
        line = node.lineno
        unsafe = _unsafe_access(node)
        if unsafe is not None:
            inner = node.node
            # `a.__init__.__globals__`: one problem, at the first unsafe step
            if _unsafe_access(inner) is None and not any(
                    _unsafe_access(n) for n in inner.find_all((nodes.Getattr, nodes.Getitem))):
                problems.append((line, f"{unsafe} {NOT_ALLOWED}"))
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            problems.append((line, f"the 'attr' filter {NOT_ALLOWED}"))
        elif isinstance(node, nodes.Filter) and node.name in ATTRIBUTE_FILTERS:
            at = ATTRIBUTE_FILTERS[node.name]
            given = [k.value for k in node.kwargs if k.key == "attribute"]
            if at is not None:
                given += node.args[at:at + 1]
            for arg in given:
                if isinstance(arg, nodes.Const) and _unsafe_name(arg.value):
                    problems.append((line, f"attribute {arg.value!r} in the {node.name!r} "
                                     f"filter {NOT_ALLOWED}"))
        elif isinstance(node, nodes.Extends | nodes.Include | nodes.Import |
                        nodes.FromImport):
            names = node.template.items if isinstance(
                node.template, nodes.List | nodes.Tuple) else [node.template]
            for item in names:
                if isinstance(item, nodes.Const) and isinstance(item.value, str):
                    used.append(item.value)
                else:  # it could not be checked before it is used
                    problems.append((line, "a template's name must be written out in "
                                     "quotes, so that it can be checked before it is used"))
    ordered = sorted(dict.fromkeys(problems), key=lambda p: p[0])  # by line, as found
    return tuple(f"{filename}:{line}: {what}" for line, what in ordered), tuple(used)


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


def letter_html_words(parts: list[Block], html: str) -> str:
    """`html_words(html)` for `html = to_html(parts, ...)`, without parsing the HTML when
    no line of `parts` holds markup of its own (a `<`): then the parser meets only
    `to_html`'s tags, each read as a space, its head's words (the title, the style) go
    unread, and each line between tags is read as its character references unescaped.
    That is what is done here, so the words are the same and the check is as strict."""
    if any("<" in line for _, lines in parts for line in lines):
        return html_words(html)
    return squash(" ".join(unescape(line) for _, lines in parts for line in lines))


def squash(text: str) -> str:
    return " ".join(text.split())
