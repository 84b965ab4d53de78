#!/usr/bin/env bash
# The nightly index in a real browser (check_in_browser.sh): three small
# nights of the demo model, the third with another seed, so that the trend
# charts have a change marker; all three charts must be drawn offline,
# without errors, and the marker's link must lead to the third night's
# comparison. Saves a screenshot.
#   tests/browser/nightly_index_in_browser.sh CHOKEPOINT_BINARY ARTEFACT_DIR
set -euo pipefail
chokepoint=$1
artefacts=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

config() {
  printf '{"format": "chokepoint-nightly/1", "seed": %s, "scenarios": 1000, "models": [{"file": "%s"}],
           "compare": {"metrics": ["loss_total"], "statistics": ["mean", "p_positive"],
                       "relative_threshold": 0.1, "confidence": 0.95}}' "$1" "$root/scenarios/demo.json"
}
config 1 >"$work/seed1.json"
config 2 >"$work/seed2.json"
for seed in 1 1 2; do
  "$root/scripts/nightly" --chokepoint "$chokepoint" --config "$work/seed$seed.json" --out "$work/nights" \
    >>"$work/nightly.log" 2>&1 || { cat "$work/nightly.log" >&2; echo "FAIL: scripts/nightly" >&2; exit 1; }
  sleep 1  # nights are named by the second they start
done

third=$(find "$work/nights" -mindepth 1 -maxdepth 1 -type d | sort | tail -n 1)
third=$(basename "$third")
if ! grep -q "<li><a href=\"$third/diff.md\">$third</a>: seed</li>" "$work/nights/index.html"; then
  echo "FAIL: no change marker linked to $third/diff.md in the index" >&2
  exit 1
fi
"$here/check_in_browser.sh" "$work/nights/index.html" 3 "$artefacts" nightly-index
