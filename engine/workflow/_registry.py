"""Finding workflow files by name: the operator's folders first, then the bundled ones.

Bundled baselines (`chc-2020`, `chc-2022`, `chc-2024`) and examples ship as package data;
a name may also be a path to a file. The Code edition for a complaint is chosen by its
received date among the bundled baselines.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .._errors import DefinitionError, Problem, WorkflowNotFound
from ._definition import WorkflowDefinition, build, load_document
from ._yaml import Located


def bundled_dir() -> Path:
    # engine/ and workflows/ sit side by side both in the source tree and when installed.
    return Path(__file__).resolve().parents[2] / "workflows"


class Registry:
    def __init__(self, extra_dirs: Sequence[Path] = ()) -> None:
        self.dirs = [*extra_dirs, bundled_dir(), bundled_dir() / "examples"]
        self._cache: dict[str, tuple[WorkflowDefinition, Located, dict[str, float]]] = {}

    def names(self) -> list[str]:
        seen: dict[str, Path] = {}
        for d in self.dirs:
            for f in sorted(d.glob("*.yaml")):
                seen.setdefault(f.stem, f)
        return list(seen)

    def path(self, name: str) -> Path:
        candidate = Path(name)
        if candidate.suffix in (".yaml", ".yml") or "/" in name:
            if candidate.is_file():
                return candidate
            raise WorkflowNotFound(name, self.names())
        for d in self.dirs:
            f = d / f"{name}.yaml"
            if f.is_file():
                return f
        raise WorkflowNotFound(name, self.names())

    def load(self, name: str) -> WorkflowDefinition:
        """Load (or reuse) a definition; an edit to any file in its extends chain reloads."""
        return self.load_with_source(name)[0]

    def load_with_source(self, name: str) -> tuple[WorkflowDefinition, Located]:
        """The definition and the merged document it came from (for file:line findings)."""
        given = self.path(name)
        key = str(given.resolve())
        cached = self._cache.get(key)
        if cached is not None and all(_mtime(f) == t for f, t in cached[2].items()):
            return cached[0], cached[1]
        doc = load_document(given, self.path)  # messages name the file as the user did
        stamps = {f: _mtime(f) for f, _ in doc.where.values()}
        defn = build(doc)
        if defn.name != given.stem and given.name != Path(name).name:
            # found by name, so the name must be the workflow's own
            file, line = doc.line(("workflow",))
            raise DefinitionError([Problem(file, line, f"workflow is named {defn.name!r} but "
                                           f"its file is {given.name}; make them agree")])
        self._cache[key] = (defn, doc, stamps)
        return defn, doc

    def baselines(self) -> list[WorkflowDefinition]:
        """The bundled Code editions, oldest first."""
        found = [self.load(str(f)) for f in sorted(bundled_dir().glob("chc-*.yaml"))]
        return sorted(found, key=lambda d: d.effective_from)


def _mtime(file: str) -> float:
    try:
        return Path(file).stat().st_mtime
    except OSError:
        return -1.0
