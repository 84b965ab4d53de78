# Type hints of the extension module chokepoint._chokepoint (python/src/).
# The package's public API (chokepoint/*.py) wraps it and carries its own hints.
from typing import Callable

import numpy as np

__version__: str
git_commit: str

class InputError(ValueError):
    """Bad input; str() lists every problem as PATH:LINE:COLUMN: /json/pointer: message."""

    path: str | None
    pointer: str | None
    line: int | None
    column: int | None
    problems: list[dict[str, str | int | None]]

class StudyResult:
    @property
    def results_json(self) -> str: ...
    @property
    def manifest_json(self) -> str: ...
    @property
    def backend(self) -> str: ...
    @property
    def backend_note(self) -> str: ...
    @property
    def wall_seconds(self) -> float: ...
    @property
    def scenarios(self) -> np.ndarray | None: ...
    @property
    def weights(self) -> np.ndarray | None: ...
    def write_folder(self, folder: str) -> None: ...

class ComparisonResult:
    @property
    def comparison_json(self) -> str: ...
    @property
    def comparison_csv(self) -> str: ...

class Model:
    @staticmethod
    def load(path: str) -> Model: ...
    @staticmethod
    def from_text(text: str, name: str) -> Model: ...
    @property
    def path(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def policies(self) -> list[str]: ...
    @property
    def stress_tests(self) -> list[str]: ...
    def info(self, policy: str, stress: str) -> str: ...
    def replay_csv(self, scenario: int, seed: int, policy: str, stress: str, importance: str) -> str: ...
    def run(
        self,
        scenarios: int,
        seed: int,
        policy: str,
        stress: str,
        importance: str,
        backend: str,
        threads: int | None,
        keep_scenarios: bool,
        progress: Callable[[int, int], object] | None,
    ) -> StudyResult: ...
    def compare(
        self,
        scenarios: int,
        seed: int,
        policies: str,
        stress: str,
        importance: str,
        backend: str,
        threads: int | None,
        progress: Callable[[int, int], object] | None,
    ) -> ComparisonResult: ...

class UncertaintyOptions:
    method: str
    scenarios: int
    batches: int
    backend: str
    seed: int
    rows: int
    draws: int
    metric: str
    statistic: str
    low_quantile: float
    high_quantile: float
    bootstrap_samples: int
    def __init__(self) -> None: ...

class UncertaintyResult:
    @property
    def uncertainty_json(self) -> str: ...
    @property
    def csv_name(self) -> str: ...
    @property
    def csv(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def backend(self) -> str: ...
    @property
    def backend_note(self) -> str: ...
    @property
    def wall_seconds(self) -> float: ...

def uncertainty(
    model: Model, options: UncertaintyOptions, threads: int | None, progress: Callable[[int, int], object] | None
) -> UncertaintyResult: ...
def backends() -> list[dict[str, str | bool]]: ...
def synth_text(nodes: int, events: int, weeks: int, seed: int) -> str: ...
