"""Safe YAML loading that remembers where every value came from.

Files are composed to nodes with PyYAML's SafeLoader (no Python tags can construct
anything), then converted by hand so that duplicate keys, non-standard tags, alias bombs
and nesting deeper than MAX_DEPTH are refused with the file and line, and every value's
path maps to its line. PyYAML composes nodes recursively, so depth is counted while
composing: a 5,000-deep file stops at level 65 rather than exhausting Python's stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

from .._errors import DefinitionError, Problem

PathKey = tuple[str | int, ...]

# Converting more nodes than this means aliases are being expanded without end.
NODE_BUDGET = 50_000
# No workflow needs more than a handful of levels; past this a file is refused.
MAX_DEPTH = 64
DEPTH_MESSAGE = f"nesting deeper than {MAX_DEPTH} levels"

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


@dataclass
class Located:
    """A loaded document: plain data plus, per path, the file and line it came from."""

    data: Any
    where: dict[PathKey, tuple[str, int]] = field(default_factory=dict)
    raw: dict[PathKey, str] = field(default_factory=dict)  # scalar source text

    def line(self, path: PathKey) -> tuple[str, int | None]:
        """The closest known location of `path` (walking up to its parents)."""
        p = path
        while True:
            if p in self.where:
                return self.where[p]
            if not p:
                return (next(iter(self.where.values()))[0] if self.where else "?", None)
            p = p[:-1]


class _Converter:
    def __init__(self, file: str) -> None:
        import yaml

        self.file = file
        self.budget = NODE_BUDGET
        self.problems: list[Problem] = []
        self.out = Located(None)
        self._scalars = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, message))

    def convert(self, node: yaml.Node, path: PathKey, line: int = 1) -> Any:
        # `line`: the parent's line; an alias's node keeps its anchor's (earlier) line
        line = max(line, node.start_mark.line + 1)
        import yaml

        if len(path) >= MAX_DEPTH and isinstance(node, yaml.CollectionNode):
            # only aliases get here (composing stops deeper files): an anchor pasted
            # inside another can nest past the limit once expanded
            raise DefinitionError([Problem(self.file, line, DEPTH_MESSAGE)])
        self.budget -= 1
        if self.budget < 0:
            raise DefinitionError(
                [
                    Problem(
                        self.file,
                        node.start_mark.line + 1,
                        f"document expands to more than {NODE_BUDGET} values "
                        "(an alias bomb?); refused",
                    )
                ]
            )
        self.out.where[path] = (self.file, node.start_mark.line + 1)
        if node.tag == "tag:yaml.org,2002:value":  # a bare '=' is just text
            return node.value
        if node.tag not in _STANDARD_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(node, f"tag {shown} is not allowed: workflow files take plain "
                         "values only")
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_node, "merge keys ('<<') are not supported; use 'extends'")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_node, "keys must be plain text")
                    continue
                key = key_node.value
                if key in first_line:
                    inside = f" in {'.'.join(map(str, path))}" if path else ""
                    self.problem(key_node, f"duplicate key {key!r}{inside} (first given on "
                                 f"line {first_line[key]})")
                    continue
                first_line[key] = key_node.start_mark.line + 1
                result[key] = self.convert(value_node, (*path, key), line)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), line) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        self.out.raw[path] = node.value
        value = self._scalars.construct_object(node)
        # No workflow value is a float; provisions such as 6.10 must keep their text.
        return node.value if isinstance(value, float) else value


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


@cache
def _bounded_loader() -> type[Any]:
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        """SafeLoader that stops composing at MAX_DEPTH nested collections."""

        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            nested = isinstance(event, yaml.CollectionStartEvent)
            if nested:
                self._depth += 1
                if self._depth > MAX_DEPTH:
                    raise _TooDeep(event.start_mark.line + 1)
            try:
                return super().compose_node(parent, index)
            finally:
                if nested:
                    self._depth -= 1

    return BoundedLoader


def load_located(path: Path, text: str | None = None) -> Located:
    """Load one YAML file safely; raise DefinitionError naming file and line on any fault."""
    import yaml

    file = str(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DefinitionError([Problem(file, None, "file not found")]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise DefinitionError([Problem(file, None, f"cannot read: {exc}")]) from None
    loader = _bounded_loader()(text)
    try:
        node = loader.get_single_node()
    except _TooDeep as exc:
        raise DefinitionError([Problem(file, exc.line, DEPTH_MESSAGE)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        msg = exc.problem or "unreadable"
        if exc.context and exc.context_mark is not None:
            msg += f" ({exc.context} from line {exc.context_mark.line + 1})"
        raise DefinitionError([Problem(file, line, f"invalid YAML: {msg}")]) from None
    except yaml.YAMLError as exc:
        raise DefinitionError([Problem(file, None, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise DefinitionError([Problem(file, 1, "file is empty")])
    conv = _Converter(file)
    data = conv.convert(node, ())
    if conv.problems:
        raise DefinitionError(conv.problems)
    conv.out.data = data
    return conv.out
