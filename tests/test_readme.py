"""README's "Daily use" works as written: its shell block, taken from README.md itself
(so the two cannot drift apart), run in an empty folder with `redress` on PATH and no
REDRESS_* variable set, as a new user in a new folder would run it."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from support import REDRESS

README = Path(__file__).resolve().parent.parent / "README.md"


def daily_use_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Daily use\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```sh\n(.*?)```", section, re.S)
    assert found, "README's Daily use has no ```sh block"
    return found.group(1)


def test_the_readme_daily_use_block_runs_as_written_in_an_empty_folder(tmp_path: Path) -> None:
    block = daily_use_block()
    assert block.startswith("mkdir complaints && cd complaints\ncat > redress.toml")
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")}
    env["PATH"] = f"{Path(REDRESS).parent}{os.pathsep}{env.get('PATH', '')}"
    r = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"{r.stdout}\n{r.stderr}"
    assert "Traceback" not in r.stderr
    out = r.stdout
    assert "landlord-2024: no looser than chc-2024" in out
    assert "2026-00001\n" in out  # the reference case open printed
    assert "letter 1: stage1_acknowledgement (email, automatic)" in out
    folder = tmp_path / "complaints"
    shown = subprocess.run([REDRESS, "--now", "2026-11-24", "case", "show", "2026-00001",
                            "--json"], cwd=folder, env=env, capture_output=True, text=True)
    case = json.loads(shown.stdout)
    assert case["state"] == "stage1_responded"
    assert case["adjustments"] == {"large_print": "yes"}
    assert [ltr["kind"] for ltr in case["letters"]] == [
        "stage1_acknowledgement", "stage1_extension", "stage1_response"]
    s1 = [d for d in case["deadlines"] if d["name"] == "stage1_response"]
    assert (s1[0]["status"], s1[0]["completed_on"]) == ("met", "2026-11-23")
    assert sorted(p.name for p in (folder / "outbox").glob("*-letter-*")) == [
        f"2026-00001-c1-letter-{n}.eml" for n in (1, 2, 3)]
