"""Helpers for tests: a hand-moved clock and the installed `redress` command."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from redress.engine.cases import at_london

REDRESS = str(Path(sys.executable).parent / "redress")
LANDLORD_CONFIG = str(Path(__file__).with_name("landlord.toml"))


class Clock:
    """A clock the test moves by hand; never sleeps."""

    def __init__(self, day: date, hour: int = 10) -> None:
        self.set(day, hour)

    def set(self, day: date, hour: int = 10) -> None:
        self.now = at_london(day, time(hour, 0))

    def __call__(self) -> datetime:
        return self.now


def run_cli(*args: str, db: str, now: str | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `redress` command in a new process."""
    full_env = {**os.environ, "REDRESS_DATABASE_URL": db, "REDRESS_USER": "officer",
                "REDRESS_CONFIG": LANDLORD_CONFIG, **(env or {})}
    full_env.pop("REDRESS_NOW", None)
    cmd = [REDRESS, *(["--now", now] if now else []), *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=full_env,
                          timeout=120)


def track_stores(monkeypatch: Any, opened: list[Any]) -> None:
    """Note every Store the code under test opens in `opened`, so a test can close them
    (an unclosed PostgreSQL connection would fail a later test with a ResourceWarning)."""
    from redress.engine import Store

    real_init = Store.__init__

    def tracking_init(self: Store, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(Store, "__init__", tracking_init)


def pdf_font_sizes(data: bytes) -> set[float]:
    """Every font size the PDF's pages set (the operand of each Tf operator)."""
    from pypdf import PdfReader

    content = b""
    for page in PdfReader(io.BytesIO(data)).pages:
        stream = page.get_contents()
        assert stream is not None
        content += stream.get_data()
    return {float(x) for x in re.findall(rb"/F\d+\s+([\d.]+)\s+Tf", content)}
