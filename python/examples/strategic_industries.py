#!/usr/bin/env python3
"""The worked example of docs/PYTHON.md: the coupled strategic-industries model.

Loads scenarios/strategic_industries.json, runs it, compares two policies
with the baseline on the same scenarios, and plots the exceedance curve of
the total loss, baseline against the better policy, to a PNG.

    PYTHONPATH=build/release/python python3 python/examples/strategic_industries.py --out exceedance.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display needed
import matplotlib.pyplot as plt

import chokepoint

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ["photoresist_stockpile_8w", "lng_strategic_buffer_2w"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50_000, help="scenarios per run (default 50000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("exceedance.png"), help="the PNG to write")
    args = parser.parse_args()

    model = chokepoint.load(ROOT / "scenarios/strategic_industries.json")
    print(model.info().splitlines()[0])

    baseline = model.run(args.n, seed=args.seed)
    unit = baseline.json["study"]["value_unit"]
    total = baseline.metrics.loc["loss_total"]
    print(f"loss_total: mean {total['mean']:,.0f} {unit} (95% CI {total['mean_ci_low']:,.0f} to "
          f"{total['mean_ci_high']:,.0f}), CVaR 99% {total['cvar99']:,.0f}")

    # Paired differences on the same scenarios (common random numbers).
    comparison = model.compare(args.n, seed=args.seed, policies=POLICIES, stress="none")
    rows = comparison[comparison["metric"] == "loss_total"].sort_values("rank")
    print(rows[["id", "mean_difference", "mean_ci_low", "mean_ci_high", "loss_reduction_per_cost", "rank"]]
          .to_string(index=False))
    best = rows.iloc[0]["id"]

    policy = model.run(args.n, seed=args.seed, policy=best)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, results in (("baseline", baseline), (f"policy {best}", policy)):
        curve = results.exceedance("loss_total")
        curve = curve[curve["p_exceed"] > 0]
        ax.step(curve["x"], curve["p_exceed"], where="post", label=label)
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_yscale("log")
    ax.set_xlabel(f"total loss over {baseline.json['study']['horizon_weeks']} weeks ({unit})")
    ax.set_ylabel("P(loss > x)")
    ax.set_title(f"{model.name}: exceedance, {args.n:,} scenarios")
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.out, dpi=120)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
