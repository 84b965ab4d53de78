#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium opens a report of a
# small demo study with every network request made to fail; every chart must
# be drawn (a canvas with a Chart.js chart and non-blank pixels) and nothing
# may be logged as an error or warning, or blocked. Saves a screenshot.
#   tests/browser/report_in_browser.sh CHOKEPOINT_BINARY ARTEFACT_DIR
set -euo pipefail
chokepoint=$1
artefacts=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  echo "FAIL: Chromium is not installed (scripts/install-deps --test installs it)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artefacts"

# A baseline, a stress test and a policy: every kind of chart appears.
cd "$root"
model=scenarios/demo.json
"$chokepoint" run $model -n 4000 --seed 3 --out "$work/demo/baseline" --quiet >/dev/null
"$chokepoint" run $model -n 4000 --seed 3 --stress blockade_w10_26w --out "$work/demo/stress" --quiet >/dev/null
"$chokepoint" run $model -n 4000 --seed 3 --policy ecu_second_source --out "$work/demo/policy" --quiet >/dev/null
"$chokepoint" report "$work/demo/baseline" "$work/demo/stress" "$work/demo/policy" --out "$work/report.html" >/dev/null

# A copy with the checker as the first script of <head>.
{
  sed -n '1,/<head>/p' "$work/report.html"
  printf '<script>\n'
  cat "$here/check_report.js"
  printf '</script>\n'
  sed '1,/<head>/d' "$work/report.html"
} >"$work/checked.html"

offline=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
         --disable-component-update --disable-sync --disable-extensions
         --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=http://127.0.0.1:9 --proxy-bypass-list="<-loopback>")

"$browser" "${offline[@]}" --user-data-dir="$work/profile-dom" --virtual-time-budget=10000 \
  --dump-dom "file://$work/checked.html" >"$work/dom.html" 2>"$work/chromium-dom.log" || {
  cat "$work/chromium-dom.log" >&2
  echo "FAIL: Chromium could not load the report" >&2
  exit 1
}
verdict=$(sed -n '/<pre id="browser-check">canvases=/,/<\/pre>/p' "$work/dom.html" | sed 's/<[^>]*>//g')
if [[ -z $verdict ]]; then
  echo "FAIL: the checker left no verdict (did the page load?)" >&2
  exit 1
fi
echo "$verdict"

"$browser" "${offline[@]}" --user-data-dir="$work/profile-shot" --virtual-time-budget=10000 --hide-scrollbars \
  --window-size=1366,2200 --screenshot="$artefacts/report.png" "file://$work/report.html" \
  >"$work/chromium-shot.log" 2>&1 || { cat "$work/chromium-shot.log" >&2; echo "FAIL: no screenshot" >&2; exit 1; }
cp "$work/report.html" "$artefacts/report.html"
echo "screenshot: $artefacts/report.png"

canvases=$(sed -n 's/^canvases=//p' <<<"$verdict")
blank=$(sed -n 's/^blank=//p' <<<"$verdict")
problems=$(sed -n 's/^problems=//p' <<<"$verdict")
status=0
if ((canvases < 10)); then echo "FAIL: only $canvases charts in the report" >&2; status=1; fi
if ((blank > 0)); then echo "FAIL: $blank charts not drawn" >&2; status=1; fi
if ((problems > 0)); then echo "FAIL: $problems errors, warnings or blocked requests" >&2; status=1; fi
if [[ ! -s $artefacts/report.png ]]; then echo "FAIL: empty screenshot" >&2; status=1; fi
exit $status
