"""Fixtures of the Python module's tests: the CLI to compare with, folders."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--chokepoint", default=str(ROOT / "build/release/chokepoint"), help="the CLI executable")
    parser.addoption("--artefacts", default=None, help="folder for files worth keeping (the example's PNG)")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli(request: pytest.FixtureRequest):
    """Run the chokepoint executable; returns its completed process (text)."""
    exe = request.config.getoption("--chokepoint")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, *map(str, args)], cwd=ROOT, capture_output=True, text=True, check=True)

    return run


@pytest.fixture(scope="session")
def artefacts(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = request.config.getoption("--artefacts")
    path = Path(folder) if folder else tmp_path_factory.mktemp("artefacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def single_node_model(rate: float = 3.0, weeks_active: int = 5, horizon: int = 52) -> dict:
    """One node with demand 50 of capacity 100 and one event that takes all of
    it for exactly `weeks_active` weeks: every scenario loses 50 per week short
    (unit value 1, no inventory). Built in Python, with a policy that removes
    the event and one that changes nothing."""
    return {
        "format": "chokepoint/1",
        "name": "single",
        "horizon_weeks": horizon,
        "nodes": [{"id": "n", "sector": "s", "capacity": 100, "unit_value": 1, "final_demand": {"base": 50}}],
        "events": [{"id": "outage", "annual_rate": rate, "duration_weeks": weeks_active,
                    "effects": [{"node": "n", "capacity_loss": 1}]}],
        "policies": [
            {"id": "no_outage", "label": "The outage cannot happen", "annual_cost": 26.0,
             "changes": [{"event": "outage", "field": "annual_rate", "set": 0}]},
            {"id": "same", "label": "Changes nothing", "annual_cost": 1.0,
             "changes": [{"node": "n", "field": "capacity", "add": 0}]},
        ],
    }


def read_json(path: Path) -> dict:
    return json.loads(path.read_text())


def count_while(work: Callable[[], object]) -> int:
    """How often another Python thread counts while `work` runs: far above
    10,000 when `work` releases the GIL, about nothing while it holds it."""
    counted = 0
    done = threading.Event()

    def count() -> None:
        nonlocal counted
        while not done.is_set():
            counted += 1

    counter = threading.Thread(target=count)
    counter.start()
    try:
        time.sleep(0.05)
        before = counted
        work()
        return counted - before
    finally:
        done.set()
        counter.join()
