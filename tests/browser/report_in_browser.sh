#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium opens a report of a
# small demo study (with an uncertainty folder) at 1,280 px with every network
# request made to fail; every chart must be drawn (a canvas with a Chart.js
# chart and non-blank pixels), nothing may be logged as an error or warning,
# or blocked, nothing may be wider than the window, every in-page link must
# resolve, every number the summary cites must equal the one in its file, and
# the weekly-shortfall fan charts must be there and none of them flat at zero
# (the demo's shortfalls are rare: the charts among scenarios short that week).
# Then prints the report to PDF. Saves a screenshot, the report and the PDF.
#   tests/browser/report_in_browser.sh CHOKEPOINT_BINARY ARTEFACT_DIR
set -euo pipefail
chokepoint=$1
artefacts=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artefacts"

# A baseline, a stress test and a policy: every kind of chart appears.
cd "$root"
model=scenarios/demo.json
"$chokepoint" run $model -n 4000 --seed 3 --out "$work/demo/baseline" --quiet >/dev/null
"$chokepoint" run $model -n 4000 --seed 3 --stress blockade_w10_26w --out "$work/demo/stress" --quiet >/dev/null
"$chokepoint" run $model -n 4000 --seed 3 --policy ecu_second_source --out "$work/demo/policy" --quiet >/dev/null
# The hand-written uncertainty.json of the tests, for this model.
mkdir -p "$work/demo/uncertainty"
sha=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["study"]["model_sha256"])' \
  "$work/demo/baseline/results.json")
sed "s/MODEL_SHA256/$sha/" tests/data/uncertainty/full.json >"$work/demo/uncertainty/uncertainty.json"
folders=("$work/demo/baseline" "$work/demo/stress" "$work/demo/policy" "$work/demo/uncertainty")
"$chokepoint" report "${folders[@]}" --out "$work/report.html" >/dev/null

# Charts drawn, no errors, nothing wider than 1,280 px, in-page links resolve
# (check_in_browser.sh, which prints the checker's verdict).
status=0
verdict=$("$here/check_in_browser.sh" "$work/report.html" 10 "$artefacts" report) || status=1
echo "$verdict"

# The PDF, printed by the program through the same browser.
"$chokepoint" report "${folders[@]}" --format pdf --out "$artefacts/report.pdf" >/dev/null

fan_charts=$(sed -n 's/^fan_charts=//p' <<<"$verdict")
flat_fan_charts=$(sed -n 's/^flat_fan_charts=//p' <<<"$verdict")
short_fan_charts=$(grep -c 'aria-label="Weekly shortfall among scenarios short that week' "$work/report.html" || true)
if ((fan_charts < 2 || short_fan_charts < 2)); then
  echo "FAIL: $fan_charts weekly-shortfall charts ($short_fan_charts among scenarios short that week)" >&2
  status=1
fi
if ((flat_fan_charts > 0)); then echo "FAIL: $flat_fan_charts weekly-shortfall charts are flat at zero" >&2; status=1; fi

summary_numbers=$(sed -n 's/^summary_numbers=//p' <<<"$verdict")
if ((summary_numbers < 10)); then echo "FAIL: the summary shows only $summary_numbers numbers" >&2; status=1; fi
# Each cited number against its file: "cited FILE#POINTER = VALUE shown as TEXT".
sed -n 's/^cited //p' <<<"$verdict" | python3 -c '
import json, math, sys
bad = 0
cited = 0
for line in sys.stdin:
    source, rest = line.rstrip("\n").split(" = ", 1)
    value = rest.split(" shown as ", 1)[0]
    path, pointer = source.split("#", 1)
    node = json.load(open(path))
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    cited += 1
    # The report reads files with Boost.JSON 1.81, whose number parsing is
    # within an ulp of correct rounding but not always correctly rounded.
    if not math.isclose(float(value), float(node), rel_tol=1e-15, abs_tol=0.0):
        bad += 1
        print(f"FAIL: the summary shows {value} for {source}, which holds {node}", file=sys.stderr)
print(f"summary numbers checked against their files: {cited}")
sys.exit(1 if bad or cited < 10 else 0)
' || status=1
pdf_pages=$(python3 -c 'import re, sys; print(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", open(sys.argv[1], "rb").read())))' \
  "$artefacts/report.pdf")
if [[ $(head -c 5 "$artefacts/report.pdf") != "%PDF-" ]] || ((pdf_pages < 2)); then
  echo "FAIL: no PDF of several pages ($pdf_pages pages)" >&2
  status=1
else
  echo "PDF: $artefacts/report.pdf, $pdf_pages pages"
fi
exit $status
