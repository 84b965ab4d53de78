"""What a study returns: results.json as DataFrames, and the kept scenarios."""

from __future__ import annotations

import json
import math
import os
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import _chokepoint
from .errors import unknown_name


def _level(prefix: str, level: float) -> str:
    """q50, q99_5, var95, cvar99: a column name for a level (0.995 -> 99_5)."""
    return prefix + f"{level * 100:g}".replace(".", "_")


def _interval(row: dict[str, Any], name: str, ci: list[float | None] | None) -> None:
    """NaN for both bounds where results.json gives no interval (null); an
    unknown bound of a given interval (a quantile's upper rank past the
    sample) is -inf or +inf, as docs/RESULTS.md defines it."""
    if ci is None:
        low, high = math.nan, math.nan
    else:
        low = -math.inf if ci[0] is None else ci[0]
        high = math.inf if ci[1] is None else ci[1]
    row[name + "_ci_low"] = low
    row[name + "_ci_high"] = high


class Results:
    """One study's results: the statistics of results.json as DataFrames.

    ``json`` is results.json parsed; ``to_json`` writes its exact bytes.
    docs/PYTHON.md lists every DataFrame's columns.
    """

    def __init__(self, core: _chokepoint.StudyResult) -> None:
        self._core = core
        self._text: str = core.results_json
        #: results.json, parsed (docs/RESULTS.md).
        self.json: dict[str, Any] = json.loads(self._text)
        #: manifest.json, parsed: backend, threads, time, hardware.
        self.manifest: dict[str, Any] = json.loads(core.manifest_json)

    @property
    def backend(self) -> str:
        """The backend that ran the study (cpu, cuda, kokkos)."""
        return self._core.backend

    @property
    def backend_note(self) -> str:
        """Why another backend than asked for ran ("" when none did)."""
        return self._core.backend_note

    @property
    def outputs(self) -> list[str]:
        """Every output's name, in results.json's order (the columns of ``scenarios``)."""
        return [m["name"] for m in self.json["metrics"]]

    @cached_property
    def metrics(self) -> pd.DataFrame:
        """One row per output, indexed by its name: the statistics of results.json."""
        rows = []
        for m in self.json["metrics"]:
            row: dict[str, Any] = {key: m[key] for key in ("name", "kind", "unit", "count", "mean", "se", "sd")}
            _interval(row, "mean", m["mean_ci"])
            row.update(min=m["min"], max=m["max"], p_positive=m["p_positive"])
            for q in m["quantiles"]:
                row[_level("q", q["p"])] = q["value"]
            for prefix in ("var", "cvar"):
                for v in m[prefix]:
                    name = _level(prefix, v["alpha"])
                    row[name] = v["value"]
                    _interval(row, name, v["ci"])
            rows.append(row)
        return pd.DataFrame(rows).set_index("name").astype({"count": "int64"})

    def exceedance(self, metric: str) -> pd.DataFrame:
        """The exceedance curve of one output: columns x and p_exceed = P(value > x)."""
        for m in self.json["metrics"]:
            if m["name"] == metric:
                return pd.DataFrame(m["exceedance"], columns=["x", "p_exceed"], dtype="float64")
        raise unknown_name("metric", metric, self.outputs)

    def fan_chart(self, sector: str) -> pd.DataFrame:
        """The weekly shortfall ratio of one sector: one row per week.

        Columns q50, q90, q99 over all scenarios; p_short, the share of
        scenarios short that week; q50_short, q90_short, q99_short among
        those scenarios (NaN in a week where none is short).
        """
        columns = ("q50", "q90", "q99", "p_short", "q50_short", "q90_short", "q99_short")
        for f in self.json["fan_charts"]:
            if f["sector"] == sector:
                frame = pd.DataFrame({q: [math.nan if v is None else v for v in f[q]] for q in columns}, dtype="float64")
                frame.index.name = "week"
                return frame
        raise unknown_name("sector", sector, [f["sector"] for f in self.json["fan_charts"]])

    @cached_property
    def worst(self) -> pd.DataFrame:
        """The worst scenarios of loss_total, worst first: scenario index, losses by sector, event starts."""
        sectors = [f["sector"] for f in self.json["fan_charts"]]
        events = [name[len("starts."):] for name in self.outputs if name.startswith("starts.")]
        rows = []
        for w in self.json["worst_scenarios"]:
            row: dict[str, Any] = {"scenario": w["scenario"], "loss_total": w["loss_total"]}
            row.update({f"loss.{s}": w["sector_loss"][s] for s in sectors})
            row.update({f"starts.{e}": w["event_starts"].get(e, 0) for e in events})
            if "weight" in w:
                row["weight"] = w["weight"]
            rows.append(row)
        columns = ["scenario", "loss_total"] + [f"loss.{s}" for s in sectors] + [f"starts.{e}" for e in events]
        return pd.DataFrame(rows, columns=columns + (["weight"] if rows and "weight" in rows[0] else []))

    @cached_property
    def tail(self) -> pd.DataFrame:
        """Tail attribution in the worst 1% of loss_total: columns kind, name, value (as tail.csv).

        kind "sector_mean_loss": a sector's mean loss there; kind "event_lift":
        how much more often an event started there than in all scenarios.
        ``attrs`` holds the tail's metric, alpha, scenarios and exact.
        """
        tail = self.json["tail"]
        rows = [("sector_mean_loss", s, v) for s, v in tail["sector_mean_loss"].items()]
        rows += [("event_lift", e, v) for e, v in tail["event_lift"].items()]
        frame = pd.DataFrame(rows, columns=["kind", "name", "value"]).astype({"value": "float64"})
        frame.attrs.update({key: tail[key] for key in ("metric", "alpha", "scenarios", "exact")})
        return frame

    @property
    def scenarios(self) -> np.ndarray | None:
        """With keep_scenarios: every output of every scenario (scenarios x outputs, columns as ``outputs``)."""
        return self._core.scenarios

    @property
    def scenario_weights(self) -> np.ndarray | None:
        """With keep_scenarios: each scenario's likelihood-ratio weight (all 1 without importance sampling)."""
        return self._core.weights

    def to_json(self, path: str | os.PathLike[str]) -> None:
        """Write results.json: the bytes ``chokepoint run`` writes for the same study."""
        Path(path).write_bytes(self._text.encode("utf-8"))

    def save(self, folder: str | os.PathLike[str]) -> None:
        """Write the folder ``chokepoint run --out`` writes (results.json, manifest.json, CSV tables)."""
        self._core.write_folder(os.fspath(folder))

    def __repr__(self) -> str:
        study = self.json["study"]
        return f"<chokepoint.Results {study['model']!r}: {study['scenarios']} scenarios, seed {study['seed']}>"
