"""The worked example of docs/PYTHON.md runs and writes its PNG."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_example_writes_its_png(root, artefacts):
    png = artefacts / "strategic_industries_exceedance.png"
    png.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, root / "python/examples/strategic_industries.py", "-n", "2000", "--out", png],
        capture_output=True, text=True, env=os.environ.copy(), check=False)
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "loss_total: mean" in done.stdout and f"wrote {png}" in done.stdout
