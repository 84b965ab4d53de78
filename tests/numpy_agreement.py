#!/usr/bin/python3
"""The engine and the NumPy baseline (bench/baselines/numpy_model.py) agree.

Two independent implementations of docs/MODEL.md, with different random
numbers (Philox and the exponential clock in the engine; PCG64 and weekly
Bernoulli trials in NumPy), run the same files. For every output both
report, the means must agree within

    |mean_engine - mean_numpy| <= 4 * sqrt(se_engine^2 + se_numpy^2) + 1e-9 * max(1, |mean_engine|)

(4 combined standard errors; the second term only absorbs rounding where
both standard errors are 0, as for a forced start count). With fixed seeds
the test is deterministic. To show that this tolerance is not vacuous, the
same check must fail against a copy of the demo model with one event rate
raised by half.

    numpy_agreement.py CHOKEPOINT_BINARY SOURCE_DIR
"""

import json
import math
import os
import subprocess
import sys
import tempfile

SCENARIOS = 20000
SIGMAS = 4.0


def run_engine(binary, model, options, out):
    subprocess.run([binary, "run", model, "-n", str(SCENARIOS), "--seed", "1", "--quiet", "--out", out, *options],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "results.json"), encoding="utf-8") as f:
        return {m["name"]: m for m in json.load(f)["metrics"]}


def run_numpy(source, model, options):
    script = os.path.join(source, "bench", "baselines", "numpy_model.py")
    done = subprocess.run([sys.executable, script, model, "-n", str(SCENARIOS), "--seed", "2", *options],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout)["metrics"]


def disagreements(engine, numpy):
    """Outputs whose means differ by more than the tolerance, as text lines."""
    bad = []
    for name, n in numpy.items():
        e = engine[name]  # KeyError: the two implementations name different outputs
        combined = math.sqrt(e["se"] ** 2 + n["se"] ** 2)
        tolerance = SIGMAS * combined + 1e-9 * max(1.0, abs(e["mean"]))
        if abs(e["mean"] - n["mean"]) > tolerance:
            z = (e["mean"] - n["mean"]) / combined if combined > 0 else math.inf
            bad.append(f"{name}: engine {e['mean']:.6g} (se {e['se']:.3g}), numpy {n['mean']:.6g} "
                       f"(se {n['se']:.3g}): {z:+.1f} combined se")
    return bad


def main():
    binary, source = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="numpy_agreement_") as work:
        return check(binary, source, work)


def check(binary, source, work):
    demo = os.path.join(source, "scenarios", "demo.json")
    synthetic = os.path.join(work, "synthetic.json")
    subprocess.run([binary, "synth", "--nodes", "16", "--events", "8", "--weeks", "52", "--seed", "4", "--out",
                    synthetic], check=True)
    cases = [
        (demo, []),
        (demo, ["--stress", "blockade_w10_26w"]),
        (synthetic, ["--policy", "second_source"]),
        (synthetic, ["--policy", "deter_ev_0000", "--stress", "forced_drawn"]),
    ]
    failed = False
    engines = []
    for k, (model, options) in enumerate(cases):
        engine = run_engine(binary, model, options, os.path.join(work, f"case{k}"))
        engines.append(engine)
        numpy = run_numpy(source, model, options)
        bad = disagreements(engine, numpy)
        label = f"{os.path.basename(model)} {' '.join(options)}".strip()
        print(f"{label}: {len(numpy)} outputs compared, {len(bad)} disagree")
        for line in bad:
            print("  " + line)
        failed |= bool(bad)

    # Power check: a 50% higher rate of the AI demand surge must be detected.
    with open(demo, encoding="utf-8") as f:
        doc = json.load(f)
    next(e for e in doc["events"] if e["id"] == "ai_demand_surge")["annual_rate"] *= 1.5
    perturbed = os.path.join(work, "perturbed.json")
    with open(perturbed, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    detected = disagreements(engines[0], run_numpy(source, perturbed, []))
    print(f"perturbed rate: {len(detected)} outputs disagree (at least 1 expected)")
    for line in detected:
        print("  " + line)
    if not detected:
        print("  the tolerance did not detect a 50% change of an event rate")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
