#!/usr/bin/env bash
# The HTML report in a real browser (check_in_browser.sh): a report of a
# small demo study must draw every chart offline, without errors. Saves a
# screenshot.
#   tests/browser/report_in_browser.sh CHOKEPOINT_BINARY ARTEFACT_DIR
set -euo pipefail
chokepoint=$1
artefacts=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A baseline, a stress test and a policy: every kind of chart appears.
cd "$root"
model=scenarios/demo.json
"$chokepoint" run $model -n 4000 --seed 3 --out "$work/demo/baseline" --quiet >/dev/null
"$chokepoint" run $model -n 4000 --seed 3 --stress blockade_w10_26w --out "$work/demo/stress" --quiet >/dev/null
"$chokepoint" run $model -n 4000 --seed 3 --policy ecu_second_source --out "$work/demo/policy" --quiet >/dev/null
"$chokepoint" report "$work/demo/baseline" "$work/demo/stress" "$work/demo/policy" --out "$work/report.html" >/dev/null

"$here/check_in_browser.sh" "$work/report.html" 10 "$artefacts" report
