"""chokepoint: Monte Carlo studies of supply disruptions in strategic industries.

The same C++ engine as the ``chokepoint`` command line, with the same
results: ``Results.to_json`` writes the bytes of ``chokepoint run``'s
results.json for the same model, seed and number of scenarios.

>>> import chokepoint
>>> model = chokepoint.load("scenarios/strategic_industries.json")
>>> results = model.run(100_000, seed=1)
>>> results.metrics.loc["loss_total", ["mean", "cvar99"]]

docs/PYTHON.md describes every function and every DataFrame's columns.
"""

from __future__ import annotations

import pandas as pd

from . import _chokepoint
from ._chokepoint import InputError, __version__
from .model import Model, load, synth
from .results import Results
from .uncertainty import Uncertainty

__all__ = ["InputError", "Model", "Results", "Uncertainty", "backends", "load", "synth", "__version__"]


def backends() -> pd.DataFrame:
    """The backends of this build and what each one sees on this machine.

    One row per backend (per visible device for CUDA): ``name`` (cpu, cuda,
    kokkos), ``built`` (compiled into this build), ``usable`` (can run here)
    and ``detail`` (threads, device, execution space, or why not), as
    ``chokepoint info --backends`` prints them.
    """
    return pd.DataFrame(_chokepoint.backends(), columns=["name", "built", "usable", "detail"])
