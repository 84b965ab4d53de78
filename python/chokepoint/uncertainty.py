"""What an uncertainty analysis returns: uncertainty.json as DataFrames."""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from . import _chokepoint
from .results import _interval


def _value_and_interval(row: dict[str, Any], name: str, estimate: dict[str, Any] | None) -> None:
    """name, name_ci_low, name_ci_high from {"value", "ci"} (NaN where uncertainty.json has null)."""
    row[name] = float("nan") if estimate is None or estimate["value"] is None else estimate["value"]
    _interval(row, name, None if estimate is None else estimate["ci"])


class Uncertainty:
    """An analysis over a model's uncertain factors (``chokepoint uncertainty``).

    ``json`` is uncertainty.json parsed; ``to_json`` writes its exact bytes.
    A table or number the method does not compute is None: ``tornado`` for
    tornado, ``indices`` for sobol, ``policies`` for robustness.
    Confidence intervals (``*_ci_*``) are Monte Carlo or bootstrap noise;
    the epistemic band is the spread across the assumptions: never the same.
    docs/UNCERTAINTY.md defines every field.
    """

    def __init__(self, core: _chokepoint.UncertaintyResult) -> None:
        self._core = core
        self._text: str = core.uncertainty_json
        #: uncertainty.json, parsed.
        self.json: dict[str, Any] = json.loads(self._text)

    @property
    def method(self) -> str:
        return self.json["study"]["method"]

    @property
    def backend(self) -> str:
        """The backend that ran the points (cpu, cuda, kokkos)."""
        return self._core.backend

    @property
    def summary(self) -> str:
        """The summary ``chokepoint uncertainty`` prints."""
        return self._core.summary

    @cached_property
    def tornado(self) -> pd.DataFrame | None:
        """One row per factor, widest bar first, indexed by factor id: label, then for each
        end (low_, high_) its quantile, the statistic there (value), its difference from the
        base case and the paired 95% interval of the difference (ci_low, ci_high)."""
        if self.method != "tornado":
            return None
        rows = []
        for f in self.json["factors"]:
            row: dict[str, Any] = {"factor": f["id"], "label": f["label"]}
            for end in ("low", "high"):
                t = f["tornado"][end]
                row[f"{end}_quantile"] = t["quantile"]
                row[f"{end}_value"] = t["value"]
                _value_and_interval(row, f"{end}_difference", {"value": t["difference"], "ci": t["ci"]})
            rows.append(row)
        return pd.DataFrame(rows).set_index("factor")

    @cached_property
    def indices(self) -> pd.DataFrame | None:
        """Sobol' indices, one row per factor in file order, indexed by factor id: label,
        first_order and total (noise-corrected) with their bootstrap 95% intervals."""
        if self.method != "sobol":
            return None
        rows = []
        for f in self.json["factors"]:
            row: dict[str, Any] = {"factor": f["id"], "label": f["label"]}
            _value_and_interval(row, "first_order", f["first_order"])
            _value_and_interval(row, "total", f["total"])
            rows.append(row)
        return pd.DataFrame(rows).set_index("factor")

    @cached_property
    def policies(self) -> pd.DataFrame | None:
        """Policy robustness, one row per candidate ("do_nothing" first), indexed by id:
        label, cost_over_horizon, p_best with its Wilson 95% interval, mean_regret,
        p90_regret and mean_net_benefit."""
        if self.json["policies"] is None:
            return None
        rows = []
        for p in self.json["policies"]:
            row: dict[str, Any] = {"candidate": p["id"], "label": p["label"], "cost_over_horizon": p["cost_over_horizon"]}
            _value_and_interval(row, "p_best", p["p_best"])
            row.update({key: p[key] for key in ("mean_regret", "p90_regret", "mean_net_benefit")})
            rows.append(row)
        return pd.DataFrame(rows).set_index("candidate")

    @property
    def base(self) -> dict[str, Any] | None:
        """The statistic at the model's own values (tornado): {"value", "ci"}."""
        return self.json["base"]

    @property
    def epistemic(self) -> pd.Series | None:
        """The epistemic band (sobol, robustness): mean, p5, p50, p95 of the statistic across factor draws."""
        band = self.json["epistemic"]
        return None if band is None else pd.Series(band, dtype="float64")

    @cached_property
    def epistemic_exceedance(self) -> pd.DataFrame | None:
        """The metric's exceedance curves across factor draws (sobol, robustness): columns x and
        p5, p50, p95, the quantiles across draws of P(value > x)."""
        curves = self.json["epistemic_exceedance"]
        return None if curves is None else pd.DataFrame(curves, columns=["x", "p5", "p50", "p95"], dtype="float64")

    @property
    def noise_to_signal(self) -> float | None:
        """Mean point noise over the variance across draws (sobol)."""
        return self.json["noise_to_signal"]

    @property
    def variance(self) -> float | None:
        """Variance of the statistic across factor draws, noise-corrected (sobol)."""
        return self.json["variance"]

    @property
    def evpi(self) -> float | None:
        """Expected value of perfect information (robustness)."""
        return self.json["evpi"]

    @property
    def unresolved_share(self) -> float | None:
        """Share of draws whose two best candidates are within Monte Carlo noise (robustness)."""
        return self.json["unresolved_share"]

    def to_json(self, path: str | os.PathLike[str]) -> None:
        """Write uncertainty.json: the bytes ``chokepoint uncertainty`` writes for the same inputs."""
        Path(path).write_bytes(self._text.encode("utf-8"))

    def save(self, folder: str | os.PathLike[str]) -> None:
        """Write the files ``chokepoint uncertainty --out`` writes: uncertainty.json and METHOD.csv."""
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        (path / self._core.csv_name).write_bytes(self._core.csv.encode("utf-8"))
        self.to_json(path / "uncertainty.json")

    def __repr__(self) -> str:
        study = self.json["study"]
        return (f"<chokepoint.Uncertainty {study['model']!r}: {self.method} over {len(self.json['factors'])} factors, "
                f"{study['points']} points x {study['scenarios_per_point']} scenarios, seed {study['seed']}>")
