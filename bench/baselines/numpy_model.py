#!/usr/bin/python3
"""The chokepoint model in NumPy: the peer baseline for the benchmarks.

This is what a competent Python analyst would write instead of chokepoint:
docs/MODEL.md, section "One scenario", implemented literally and vectorised
across scenarios. Loops run over weeks, events and supply tiers; every
operation inside them acts on all scenarios of a chunk at once. Arrays are
(nodes, scenarios) or (groups, scenarios) so that one node's row is
contiguous. Scenarios are simulated in chunks that keep memory bounded.

Differences from the engine, none of which changes the distribution of a
result: event starts are the weekly Bernoulli trials of the specification
(probability 1 - exp(-annual_rate[r_t] / 52)) rather than the engine's
exponential clock, which is equal in distribution; random numbers come from
NumPy's PCG64 and its own samplers, so results agree with the engine
statistically, not bit for bit. Files are assumed valid (check them with
`chokepoint validate`).

    numpy_model.py FILE [--scenarios N] [--seed S] [--policy ID] [--stress ID] [--out FILE]

Writes JSON with the mean and standard error of every output (loss_total,
loss.SECTOR, peak_shortfall.SECTOR, weeks_short.SECTOR, lost_value.NODE,
starts.EVENT) and the throughput in node-weeks per second (scenarios x
nodes x weeks / simulation time), and prints the throughput line on stderr.
"""

import argparse
import copy
import json
import math
import sys
import time

import numpy as np

SHORT_WEEK_RATIO = 0.05
# Elements per (nodes, scenarios) array in one chunk: large enough that
# NumPy's per-call overhead is amortised, small enough to stay in memory.
CHUNK_ELEMENTS = 1 << 20


# ---------------------------------------------------------------- policies

SCALED_DIST_KEYS = ("low", "mode", "high", "mean", "sd", "median", "min", "max")
DEFAULT_ZERO = ("inventory_weeks", "recovery_weeks", "growth_per_year", "volatility")


def find(items, key, value):
    return next(item for item in items if item[key] == value)


def change_target(doc, change):
    """The object a policy change edits and the key of the field in it."""
    field = change["field"]
    if "node" in change:
        node = find(doc["nodes"], "id", change["node"])
        if "input" in change:
            return find(node["inputs"], "name", change["input"]), field
        if field.startswith("final_demand."):
            return node.setdefault("final_demand", {}), field[len("final_demand."):]
        return node, field
    event = find(doc["events"], "id", change["event"])
    if "effect" in change:
        return next(f for f in event["effects"] if f["node"] == change["effect"] and field in f), field
    return event, field


def apply_policy(doc, policy_id):
    """The document with the policy's set/add/scale changes applied (host/policy.cc)."""
    doc = copy.deepcopy(doc)
    policy = find(doc.get("policies", []), "id", policy_id)
    for change in policy["changes"]:
        target, key = change_target(doc, change)
        integer = key == "recovery_weeks"
        current = target.get(key, 0 if key in DEFAULT_ZERO else None)
        if "set" in change:
            target[key] = change["set"]
        elif "add" in change:
            if isinstance(current, dict):
                target[key] = {k: v + change["add"] for k, v in current.items()}
            else:
                target[key] = current + change["add"]
        else:
            k = change["scale"]
            if isinstance(current, dict) and "dist" in current:
                target[key] = {m: (v * k if m in SCALED_DIST_KEYS else v) for m, v in current.items()}
            elif isinstance(current, dict):
                target[key] = {m: v * k for m, v in current.items()}
            else:
                target[key] = current * k
        if integer:
            target[key] = int(math.floor(target[key] + 0.5))
    return doc


# ---------------------------------------------------------------- the model


class Dist:
    """A distribution of the file, sampled with NumPy's own samplers."""

    def __init__(self, spec):
        if not isinstance(spec, dict):
            spec = {"dist": "fixed", "value": spec}
        self.spec = spec
        self.lo = spec.get("min", -np.inf)
        self.hi = spec.get("max", np.inf)

    def sample(self, rng, size):
        s = self.spec
        kind = s["dist"]
        if kind == "fixed":
            x = np.full(size, float(s["value"]))
        elif kind == "uniform":
            x = rng.uniform(s["low"], s["high"], size)
        elif kind == "triangular":
            x = rng.triangular(s["low"], s["mode"], s["high"], size) if s["low"] < s["high"] else np.full(size, s["low"])
        elif kind == "normal":
            x = rng.normal(s["mean"], s["sd"], size)
        elif kind == "lognormal":
            x = rng.lognormal(math.log(s["median"]), s["sigma"], size)
        else:
            x = rng.exponential(s["mean"], size)
        return np.clip(x, self.lo, self.hi)


class Model:
    """Flat arrays of one scenario file (with a policy and stress test applied)."""

    def __init__(self, doc, stress_id=None):
        self.weeks = doc["horizon_weeks"]
        self.rho = doc.get("inventory_refill_rate", 0.25)
        self._regimes(doc.get("regimes"))
        self._nodes(doc["nodes"])
        self._events(doc.get("events", []))
        self._stress(doc, stress_id)

    def _regimes(self, r):
        if r is None:
            r = {"states": ["base"], "initial": "base", "weekly_transition": [[1.0]]}
        self.regimes = r["states"]
        self.initial = self.regimes.index(r["initial"])
        cdf = np.cumsum(np.array(r["weekly_transition"], dtype=float), axis=1)
        cdf[:, -1] = 1.0
        self.transition_cdf = cdf

    def _nodes(self, nodes):
        n = len(nodes)
        self.n = n
        self.ids = [x["id"] for x in nodes]
        self.index = {nid: i for i, nid in enumerate(self.ids)}
        self.sectors = list(dict.fromkeys(x["sector"] for x in nodes))
        self.sector = np.array([self.sectors.index(x["sector"]) for x in nodes])
        self.capacity = np.array([float(x["capacity"]) for x in nodes])
        self.unit_value = np.array([float(x["unit_value"]) for x in nodes])
        demand = [x.get("final_demand") for x in nodes]
        self.has_demand = np.array([d is not None for d in demand])
        self.base = np.array([d["base"] if d else 0.0 for d in demand], dtype=float)
        self.sigma = np.array([d.get("volatility", 0.0) if d else 0.0 for d in demand], dtype=float)
        growth = np.array([d.get("growth_per_year", 0.0) if d else 0.0 for d in demand], dtype=float)
        self.growth = (1.0 + growth)[:, None] ** (np.arange(self.weeks)[None, :] / 52.0)  # (nodes, weeks)

        # Input groups and supplier links, in node order (CSR: links of a group are contiguous).
        g_node, g_per_unit, g_weeks, l_group, l_supplier, l_share = [], [], [], [], [], []
        self.groups_of = [[] for _ in range(n)]
        for i, x in enumerate(nodes):
            for inp in x.get("inputs", []):
                self.groups_of[i].append(len(g_node))
                for sup in inp["suppliers"]:
                    l_group.append(len(g_node))
                    l_supplier.append(self.index[sup["node"]])
                    l_share.append(float(sup["share"]))
                g_node.append(i)
                g_per_unit.append(float(inp["per_unit"]))
                g_weeks.append(float(inp.get("inventory_weeks", 0.0)))
        self.g_node = np.array(g_node, dtype=int)
        self.per_unit = np.array(g_per_unit)
        self.l_group = np.array(l_group, dtype=int)
        self.l_supplier = np.array(l_supplier, dtype=int)
        self.l_share = np.array(l_share)
        link_start = np.searchsorted(self.l_group, np.arange(len(g_node) + 1))

        # Tier of each node: longest supplier chain ending at it. Nodes of one
        # tier never supply each other, so a whole tier is processed at once.
        tier = np.zeros(n, dtype=int)
        order = self._topological_order()
        for i in order:
            for g in self.groups_of[i]:
                tier[i] = max(tier[i], 1 + tier[self.l_supplier[link_start[g]:link_start[g + 1]]].max())
        self.tiers = [self._tier_arrays(tier, t) for t in range(tier.max() + 1)]

        # Ybar: final demand plus customers' orders, customers first; I* from it.
        ybar = self.base.copy()
        for i in reversed(order):
            for g in self.groups_of[i]:
                for l in range(link_start[g], link_start[g + 1]):
                    ybar[self.l_supplier[l]] += self.l_share[l] * (self.per_unit[g] * ybar[i])
        self.target_inventory = np.array(g_weeks) * self.per_unit * ybar[self.g_node]

    def _topological_order(self):
        customers = [[] for _ in range(self.n)]
        pending = np.zeros(self.n, dtype=int)
        for g, s in zip(self.l_group, self.l_supplier):
            customers[s].append(self.g_node[g])
            pending[self.g_node[g]] += 1
        ready = [i for i in range(self.n) if pending[i] == 0]
        order = []
        while ready:
            i = ready.pop()
            order.append(i)
            for c in customers[i]:
                pending[c] -= 1
                if pending[c] == 0:
                    ready.append(c)
        return order

    def _tier_arrays(self, tier, t):
        """Index arrays for the vectorised order and production steps of one tier."""
        a = {"nodes": np.flatnonzero(tier == t)}
        groups = np.flatnonzero(tier[self.g_node] == t)
        a["groups"] = groups
        a["group_node"] = self.g_node[groups]
        links = np.flatnonzero(np.isin(self.l_group, groups))
        a["links"] = links
        # Where each group's links start within `links` (for add.reduceat).
        a["group_link_start"] = np.searchsorted(self.l_group[links], groups)
        # Where each node's groups start within `groups` (for minimum.reduceat),
        # and where those nodes sit within the tier's node list.
        with_inputs, a["node_group_start"] = np.unique(a["group_node"], return_index=True)
        a["nodes_with_inputs"] = with_inputs
        a["group_node_pos"] = np.searchsorted(a["nodes"], a["group_node"])
        # Orders scattered to suppliers: links sorted by supplier, summed per supplier.
        by_supplier = links[np.argsort(self.l_supplier[links], kind="stable")]
        a["links_by_supplier"] = by_supplier
        a["suppliers"], a["supplier_start"] = np.unique(self.l_supplier[by_supplier], return_index=True)
        return a

    def _events(self, events):
        self.event_ids = [e["id"] for e in events]
        self.events = []
        for e in events:
            rate = e["annual_rate"]
            rates = np.array([rate[r] for r in self.regimes] if isinstance(rate, dict) else [rate] * len(self.regimes))
            effects = []
            for f in e["effects"]:
                capacity = "capacity_loss" in f
                effects.append((self.index[f["node"]], capacity, Dist(f["capacity_loss" if capacity else "demand_change"])))
            self.events.append({
                "p_start": 1.0 - np.exp(-rates / 52.0),  # per regime
                "duration": Dist(e["duration_weeks"]),
                "recovery": e.get("recovery_weeks", 0),
                "shift": self.regimes.index(e["regime_shift"]) if "regime_shift" in e else -1,
                "effects": effects,
                "forced_week": -1, "forced_duration": 0, "forced_loss": None,
            })

    def _stress(self, doc, stress_id):
        if not stress_id:
            return
        test = find(doc.get("stress_tests", []), "id", stress_id)
        for f in test["force"]:
            e = self.events[self.event_ids.index(f["event"])]
            e["forced_week"] = f["start_week"]
            e["forced_duration"] = f.get("duration_weeks", 0)
            e["forced_loss"] = f.get("capacity_loss")

    def metric_names(self):
        return (["loss_total"] + [f"loss.{s}" for s in self.sectors] + [f"peak_shortfall.{s}" for s in self.sectors]
                + [f"weeks_short.{s}" for s in self.sectors]
                + [f"lost_value.{self.ids[i]}" for i in np.flatnonzero(self.has_demand)]
                + [f"starts.{e}" for e in self.event_ids])


# ---------------------------------------------------------------- simulation


def start_events(m, e, ev, t, begins, rng):
    """Durations and effect sizes of the scenarios where event e starts in week t."""
    idx = np.flatnonzero(begins)
    if idx.size == 0:
        return
    forced = ev["forced_week"] == t
    if forced and ev["forced_duration"] > 0:
        d = np.full(idx.size, min(ev["forced_duration"], m.weeks))
    else:
        d = np.minimum(np.maximum(1, np.floor(ev["duration"].sample(rng, idx.size) + 0.5)), m.weeks).astype(int)
    ev["start"][idx] = t
    ev["length"][idx] = d
    ev["idle_from"][idx] = t + d + ev["recovery"]
    ev["starts"][idx] += 1
    for k, (_, capacity, dist) in enumerate(ev["effects"]):
        if forced and capacity and ev["forced_loss"] is not None:
            ev["size"][k][idx] = ev["forced_loss"]
        else:
            ev["size"][k][idx] = dist.sample(rng, idx.size)


def profile(ev, t):
    """1 while active, 1 - k/(R+1) in the k-th recovery week, 0 when idle."""
    end = ev["start"] + ev["length"]
    recovering = 1.0 - (t - end + 1) / (ev["recovery"] + 1)
    p = np.where(t < end, 1.0, recovering)
    return np.where((ev["start"] >= 0) & (t < ev["idle_from"]), p, 0.0)


def simulate_chunk(m, s, rng):
    """Outputs (metrics, scenarios) of s scenarios."""
    n, weeks = m.n, m.weeks
    level = np.repeat(m.base[:, None], s, axis=1)
    vol = np.flatnonzero(m.has_demand & (m.sigma > 0))
    z = rng.standard_normal((vol.size, s))
    level[vol] *= np.exp(m.sigma[vol, None] * z - 0.5 * m.sigma[vol, None] ** 2)

    inventory = np.repeat(m.target_inventory[:, None], s, axis=1)
    order = np.zeros_like(inventory)
    for ev in m.events:
        ev.update(start=np.full(s, -1), length=np.zeros(s, dtype=int), idle_from=np.zeros(s, dtype=int),
                  starts=np.zeros(s, dtype=int), size=[np.zeros(s) for _ in ev["effects"]])
    n_sectors = len(m.sectors)
    sector_onehot = np.zeros((n_sectors, n))
    sector_onehot[m.sector, np.arange(n)] = 1.0
    shortfall_sum = np.zeros((n, s))
    peak = np.zeros((n_sectors, s))
    weeks_short = np.zeros((n_sectors, s))
    regime = np.full(s, m.initial)

    for t in range(weeks):
        if t > 0 and len(m.regimes) > 1:
            u = rng.random(s)
            regime = (u[:, None] >= m.transition_cdf[regime][:, :-1]).sum(axis=1)

        shift = np.full(s, -1)
        for e, ev in enumerate(m.events):
            if ev["forced_week"] == t:
                begins = np.ones(s, dtype=bool)
            else:
                begins = (t >= ev["idle_from"]) & (rng.random(s) < ev["p_start"][regime])
            start_events(m, e, ev, t, begins, rng)
            if ev["shift"] >= 0:
                shift[begins] = ev["shift"]
        regime = np.where(shift >= 0, shift, regime)

        capacity = np.repeat(m.capacity[:, None], s, axis=1)
        demand = level * m.growth[:, t:t + 1]
        for ev in m.events:
            p = profile(ev, t)
            if not p.any():
                continue
            for (node, is_capacity, _), size in zip(ev["effects"], ev["size"]):
                if is_capacity:
                    capacity[node] *= 1.0 - size * p
                else:
                    demand[node] *= np.maximum(0.0, 1.0 + size * p)

        # Orders, customers before suppliers: tier by tier from the top.
        desired = demand.copy()
        for a in reversed(m.tiers):
            if a["groups"].size == 0:
                continue
            g = a["groups"]
            order[g] = (m.per_unit[g, None] * desired[a["group_node"]]
                        + m.rho * np.maximum(0.0, m.target_inventory[g, None] - inventory[g]))
            links = a["links_by_supplier"]
            flows = order[m.l_group[links]] * m.l_share[links, None]
            desired[a["suppliers"]] += np.add.reduceat(flows, a["supplier_start"], axis=0)

        # Production, suppliers before customers: tier by tier from the bottom.
        fill = np.zeros((n, s))
        for a in m.tiers:
            nodes = a["nodes"]
            y = desired[nodes]
            x = np.minimum(capacity[nodes], y)
            g = a["groups"]
            if g.size:
                links = a["links"]
                unserved = np.add.reduceat(m.l_share[links, None] * (1.0 - fill[m.l_supplier[links]]),
                                           a["group_link_start"], axis=0)
                received = order[g] * (1.0 - unserved)
                available = inventory[g] + received
                a_y = m.per_unit[g, None] * y[a["group_node_pos"]]
                limit = np.where(available < a_y, available / m.per_unit[g, None], np.inf)
                node_limit = np.minimum.reduceat(limit, a["node_group_start"], axis=0)
                pos = np.searchsorted(nodes, a["nodes_with_inputs"])
                x[pos] = np.minimum(x[pos], node_limit)
                inventory[g] = np.maximum(0.0, available - m.per_unit[g, None] * x[a["group_node_pos"]])
            fill[nodes] = np.divide(x, y, out=np.zeros_like(x), where=y > 0.0)

        shortfall = demand * (1.0 - fill)
        shortfall_sum += shortfall
        sector_short = sector_onehot @ shortfall
        sector_demand = sector_onehot @ demand
        ratio = np.divide(sector_short, sector_demand, out=np.zeros_like(sector_short), where=sector_demand > 0.0)
        np.maximum(peak, ratio, out=peak)
        weeks_short += ratio > SHORT_WEEK_RATIO

    demand_nodes = np.flatnonzero(m.has_demand)
    lost = shortfall_sum[demand_nodes] * m.unit_value[demand_nodes, None]
    sector_loss = sector_onehot[:, demand_nodes] @ lost
    starts = np.array([ev["starts"] for ev in m.events]).reshape(len(m.events), s)
    return np.vstack([sector_loss.sum(axis=0)[None, :], sector_loss, peak, weeks_short, lost, starts])


def run(m, scenarios, seed):
    """Mean and standard error of every output, chunk statistics merged exactly as Chan et al."""
    rng = np.random.default_rng(seed)
    chunk = max(256, CHUNK_ELEMENTS // max(m.n, 1))
    count, mean, m2 = 0, None, None
    done = 0
    while done < scenarios:
        s = min(chunk, scenarios - done)
        out = simulate_chunk(m, s, rng)
        c_mean = out.mean(axis=1)
        c_m2 = ((out - c_mean[:, None]) ** 2).sum(axis=1)
        if mean is None:
            count, mean, m2 = s, c_mean, c_m2
        else:
            delta = c_mean - mean
            total = count + s
            mean = mean + delta * s / total
            m2 = m2 + c_m2 + delta ** 2 * count * s / total
            count = total
        done += s
    sd = np.sqrt(m2 / (count - 1)) if count > 1 else np.zeros_like(mean)
    return mean, sd / math.sqrt(count)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("-n", "--scenarios", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--policy")
    ap.add_argument("--stress")
    ap.add_argument("--out", help="write the JSON here instead of standard output")
    args = ap.parse_args()

    with open(args.file, encoding="utf-8") as f:
        doc = json.load(f)
    if args.policy:
        doc = apply_policy(doc, args.policy)
    model = Model(doc, args.stress)

    began, began_cpu = time.perf_counter(), time.process_time()
    mean, se = run(model, args.scenarios, args.seed)
    seconds = time.perf_counter() - began
    cpu_seconds = time.process_time() - began_cpu  # all of the process's threads (BLAS too)
    node_weeks = float(args.scenarios) * model.n * model.weeks
    result = {
        "format": "chokepoint-numpy-baseline/1",
        "model": args.file, "scenarios": args.scenarios, "seed": args.seed,
        "policy": args.policy, "stress_test": args.stress,
        "nodes": model.n, "weeks": model.weeks, "events": len(model.events),
        "metrics": {name: {"mean": float(mu), "se": float(e)} for name, mu, e in zip(model.metric_names(), mean, se)},
        "timing": {"seconds": seconds, "cpu_seconds": cpu_seconds, "node_weeks": node_weeks,
                   "node_weeks_per_s": node_weeks / seconds, "node_weeks_per_cpu_s": node_weeks / cpu_seconds,
                   "numpy": np.__version__},
    }
    text = json.dumps(result, indent=1) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    print(f"numpy: {args.file}: {args.scenarios} scenarios, {model.n} nodes x {model.weeks} weeks in {seconds:.2f} s: "
          f"{node_weeks / seconds / 1e6:.3g} M node-weeks/s", file=sys.stderr)


if __name__ == "__main__":
    main()
