"""Models: a scenario file or a dict, checked, and what it answers."""

from __future__ import annotations

import io
import json
import os
from typing import Any, Callable, Mapping, Sequence, Union

import pandas as pd

from . import _chokepoint
from .errors import input_error
from .results import Results
from .uncertainty import Uncertainty

#: Called between chunks of a run with (scenarios done, scenarios in all);
#: an exception it raises stops the run and reaches the caller.
ProgressCallback = Callable[[int, int], object]
#: "auto", "EVENT=FACTOR,...", or {event: factor}: rare-event sampling (docs/RESULTS.md).
Importance = Union[str, Mapping[str, float], None]

_MAX_SCENARIOS = 2**48


def _whole(name: str, value: Any, least: int, most: int, most_text: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise input_error(f"{name}: expected a whole number from {least} to {most_text}, got {value!r}")


def _count(name: str, value: Any, least: int) -> None:
    _whole(name, value, least, _MAX_SCENARIOS, "2^48")


def _seed(value: Any) -> None:
    _whole("seed", value, 0, 2**64 - 1, "2^64 - 1")


def _importance(spec: Importance) -> str:
    if spec is None:
        return ""
    if isinstance(spec, str):
        return spec
    return ",".join(f"{event}={factor!r}" for event, factor in spec.items())


def _fraction(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise input_error(f"{name}: expected a number between 0 and 1, got {value!r}")
    return float(value)


def _ids(spec: str | Sequence[str] | None) -> str:
    if spec is None:
        return ""
    return spec if isinstance(spec, str) else ",".join(spec)


class Model:
    """A checked chokepoint/1 model: every rule of ``chokepoint validate`` holds.

    Make one with :func:`chokepoint.load`, :meth:`Model.from_dict` or
    :func:`chokepoint.synth`.
    """

    def __init__(self, core: _chokepoint.Model) -> None:
        self._core = core

    @classmethod
    def from_dict(cls, model: Mapping[str, Any], name: str = "<dict>") -> Model:
        """Check a model given as a dict (the JSON of a scenario file).

        It is checked as the text ``json.dumps(model, indent=2)``, which
        ``Model.text`` returns: an InputError's line and column refer to that
        text, its pointer to the dict. ``name`` stands for the path in messages.
        """
        try:
            text = json.dumps(model, indent=2, allow_nan=False) + "\n"
        except (TypeError, ValueError) as e:
            raise input_error(f"{name}: the model is not JSON: {e}", name) from None
        return cls(_chokepoint.Model.from_text(text, name))

    @property
    def path(self) -> str:
        """The file it was loaded from (or the name given to from_dict)."""
        return self._core.path

    @property
    def text(self) -> str:
        """The JSON text that was checked."""
        return self._core.text

    @property
    def sha256(self) -> str:
        """SHA-256 of the text: the model's identity in results.json."""
        return self._core.sha256

    @property
    def name(self) -> str:
        return self._core.name

    @property
    def policies(self) -> list[str]:
        """Ids of the model's policies, in file order."""
        return self._core.policies

    @property
    def stress_tests(self) -> list[str]:
        """Ids of the model's stress tests, in file order."""
        return self._core.stress_tests

    def info(self, policy: str | None = None, stress: str | None = None) -> str:
        """The text of ``chokepoint info``: nodes, sectors, events, steady state."""
        return self._core.info(policy or "", stress or "")

    def run(
        self,
        n: int,
        seed: int = 1,
        policy: str | None = None,
        stress: str | None = None,
        importance: Importance = None,
        backend: str = "auto",
        threads: int | None = None,
        keep_scenarios: bool = False,
        progress: ProgressCallback | None = None,
    ) -> Results:
        """Run a study of ``n`` scenarios, as ``chokepoint run``.

        The same model, seed, n, policy, stress test and importance give the
        same results on every backend and thread count. The run releases the
        GIL; Ctrl-C stops it after its current chunk (KeyboardInterrupt).
        With ``keep_scenarios``, every output of every scenario is kept too
        (``Results.scenarios``; a second pass on the CPU, refused above 2 GiB).
        """
        _count("n", n, 1)
        _seed(seed)
        return Results(
            self._core.run(n, seed, policy or "", stress or "", _importance(importance), backend, threads,
                           keep_scenarios, progress)
        )

    def compare(
        self,
        n: int,
        seed: int = 1,
        policies: str | Sequence[str] | None = None,
        stress: str | Sequence[str] | None = None,
        importance: Importance = None,
        backend: str = "auto",
        threads: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> pd.DataFrame:
        """The baseline and each policy and stress test on the same scenarios, as ``chokepoint compare``.

        ``policies`` and ``stress``: lists of ids, "all" or "none"; with
        neither, every policy and every stress test. One row per variant and
        metric (loss_total, loss.SECTOR): paired differences (variant minus
        baseline) with 95% intervals and the cost-effectiveness rank; the
        columns of comparison.csv. ``DataFrame.attrs["comparison"]`` holds
        comparison.json.
        """
        _count("n", n, 1)
        _seed(seed)
        result = self._core.compare(n, seed, _ids(policies), _ids(stress), _importance(importance), backend,
                                    threads, progress)
        frame = pd.read_csv(io.StringIO(result.comparison_csv), keep_default_na=False, na_values=[""])
        frame.attrs["comparison"] = json.loads(result.comparison_json)
        return frame

    def replay(
        self,
        k: int,
        seed: int = 1,
        policy: str | None = None,
        stress: str | None = None,
        importance: Importance = None,
    ) -> pd.DataFrame:
        """Scenario ``k`` of the study with ``seed``, week by week, as ``chokepoint replay --csv``.

        One row per week: week, regime, loss, then ratio.SECTOR and
        loss.SECTOR, profile.EVENT, capacity_factor.NODE and shortfall.NODE.
        """
        _count("k", k, 0)
        _seed(seed)
        text = self._core.replay_csv(k, seed, policy or "", stress or "", _importance(importance))
        return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])

    def uncertainty(
        self,
        method: str = "tornado",
        n: int = 10_000,
        rows: int = 64,
        draws: int = 64,
        seed: int = 1,
        metric: str = "loss_total",
        statistic: str = "mean",
        backend: str = "auto",
        threads: int | None = None,
        batches: int = 32,
        low_quantile: float = 0.05,
        high_quantile: float = 0.95,
        bootstrap: int = 1000,
        progress: ProgressCallback | None = None,
    ) -> Uncertainty:
        """How results and the policy ranking depend on the model's uncertain factors,
        as ``chokepoint uncertainty`` with the same options (docs/UNCERTAINTY.md).

        ``method``: "tornado" (each factor at ``low_quantile`` and ``high_quantile``,
        the others at base, ``n`` scenarios per point), "sobol" (first-order and total
        indices from ``rows`` design rows, the epistemic band and exceedance curves) or
        "robustness" (P(best) and regret of every policy over ``draws`` factor draws).
        ``metric`` and ``statistic`` ("mean" or "cvar99") choose what tornado and sobol
        analyse; robustness always ranks by expected loss_total. The same inputs give
        the same uncertainty.json on every backend and thread count. The run releases
        the GIL; Ctrl-C stops it after its current point (KeyboardInterrupt).
        """
        if method not in ("tornado", "sobol", "robustness"):
            raise input_error(f"method: expected tornado, sobol or robustness, got {method!r}")
        if statistic not in ("mean", "cvar99"):
            raise input_error(f"statistic: expected mean or cvar99, got {statistic!r}")
        _whole("n", n, 2, 2**40, "2^40")
        _whole("rows", rows, 2, 2**20, "2^20")
        _whole("draws", draws, 1, 2**20, "2^20")
        _whole("batches", batches, 2, 2**20, "2^20")
        _whole("bootstrap", bootstrap, 0, 2**20, "2^20")
        _seed(seed)
        options = _chokepoint.UncertaintyOptions()
        options.method = method
        options.scenarios = n
        options.rows = rows
        options.draws = draws
        options.seed = seed
        options.metric = metric
        options.statistic = statistic
        options.backend = backend
        options.batches = batches
        options.low_quantile = _fraction("low_quantile", low_quantile)
        options.high_quantile = _fraction("high_quantile", high_quantile)
        options.bootstrap_samples = bootstrap
        return Uncertainty(_chokepoint.uncertainty(self._core, options, threads, progress))

    def __repr__(self) -> str:
        return f"<chokepoint.Model {self.name!r} from {self.path!r}>"


def load(path: str | os.PathLike[str]) -> Model:
    """Read and check a scenario file (chokepoint/1 JSON); problems raise InputError."""
    return Model(_chokepoint.Model.load(os.fspath(path)))


def synth(nodes: int = 60, events: int = 30, weeks: int = 104, seed: int = 1) -> Model:
    """A synthetic layered supply-network model, as ``chokepoint synth`` (same options, same text)."""
    for name, value in (("nodes", nodes), ("events", events), ("weeks", weeks)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise input_error(f"{name}: expected a whole number, got {value!r}")
    _seed(seed)
    text = _chokepoint.synth_text(nodes, events, weeks, seed)
    return Model(_chokepoint.Model.from_text(text, f"synth(nodes={nodes}, events={events}, weeks={weeks}, seed={seed})"))
