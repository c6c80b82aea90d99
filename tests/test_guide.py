"""The user guide stays true: every ```sh block of docs/guide.md runs as written, in a folder
that holds the example corpus, and every line of the ```text block after it is a line of what
it printed. (```console blocks are shown, not run: they need the network or run forever.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

GUIDE = ROOT / "docs" / "guide.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def steps(markdown: str) -> list[tuple[str, list[str]]]:
    """(commands, the output lines shown after them) for each ```sh block, in order."""
    found: list[tuple[str, list[str]]] = []
    paired = True
    for kind, body in FENCE.findall(markdown):
        if kind == "sh":
            found.append((body, []))
            paired = False
        elif kind == "text" and not paired:
            found[-1][1].extend(line.rstrip() for line in body.splitlines() if line.strip())
            paired = True
    return found


def test_the_guide_shows_a_command_for_each_step_and_its_output():
    shown = steps(GUIDE.read_text(encoding="utf-8"))
    commands = " ".join(body for body, _ in shown)
    for needed in ("storytrail analyze", "storytrail trails", "storytrail entities rename", "storytrail entities merge",
                   "--format csv", "--format parquet", "duckdb", "storytrail report"):
        assert needed in commands
    assert sum(1 for _, output in shown if output) >= 7


def test_every_command_of_the_guide_runs_and_prints_what_the_guide_shows(tmp_path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", COLUMNS="200")
    for commands, expected in steps(GUIDE.read_text(encoding="utf-8")):
        result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", commands], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{commands}\n{result.stderr}"
        printed = [line.rstrip() for line in result.stdout.splitlines()]
        missing = [line for line in expected if line not in printed]
        assert not missing, f"{commands}\nshown in the guide but not printed: {missing}\nprinted:\n{result.stdout}"
    assert (tmp_path / "report.html").stat().st_size > 100_000
