#!/usr/bin/env bash
# One page in a real browser: headless Chromium opens a copy of PAGE with
# check_report.js as the first script of <head> and every network request
# made to fail; the page must draw at least MIN_CHARTS charts (a canvas with
# a Chart.js chart and non-blank pixels), every one of its charts, log no
# error or warning, make no blocked request, be no wider than a 1,280 px
# window and have no in-page link that leads nowhere. Prints the checker's
# verdict (callers read more of it). Saves ARTEFACTS/NAME.png and
# ARTEFACTS/NAME.html.
#   tests/browser/check_in_browser.sh PAGE MIN_CHARTS ARTEFACTS NAME
set -euo pipefail
page=$1
min_charts=$2
artefacts=$3
name=$4
here=$(cd "$(dirname "$0")" && pwd)

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  echo "FAIL: Chromium is not installed (scripts/install-deps --test installs it)" >&2
  exit 1
fi

work=$(mktemp -d)
# The copy sits next to the page, so that its relative links still resolve.
checked=$(dirname "$page")/.checked-$(basename "$page")
trap 'rm -rf "$work" "$checked"' EXIT
mkdir -p "$artefacts"
{
  sed -n '1,/<head>/p' "$page"
  printf '<script>\n'
  cat "$here/check_report.js"
  printf '</script>\n'
  sed '1,/<head>/d' "$page"
} >"$checked"

offline=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
         --disable-component-update --disable-sync --disable-extensions
         --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=http://127.0.0.1:9 --proxy-bypass-list="<-loopback>")

"$browser" "${offline[@]}" --user-data-dir="$work/profile-dom" --virtual-time-budget=10000 --window-size=1280,900 \
  --dump-dom "file://$checked" >"$work/dom.html" 2>"$work/chromium-dom.log" || {
  cat "$work/chromium-dom.log" >&2
  echo "FAIL: Chromium could not load $page" >&2
  exit 1
}
verdict=$(sed -n '/<pre id="browser-check">canvases=/,/<\/pre>/p' "$work/dom.html" | sed 's/<[^>]*>//g')
if [[ -z $verdict ]]; then
  echo "FAIL: the checker left no verdict (did the page load?)" >&2
  exit 1
fi
echo "$verdict"

"$browser" "${offline[@]}" --user-data-dir="$work/profile-shot" --virtual-time-budget=10000 --hide-scrollbars \
  --window-size=1280,2400 --screenshot="$artefacts/$name.png" "file://$page" \
  >"$work/chromium-shot.log" 2>&1 || { cat "$work/chromium-shot.log" >&2; echo "FAIL: no screenshot" >&2; exit 1; }
cp "$page" "$artefacts/$name.html"
echo "screenshot: $artefacts/$name.png"

canvases=$(sed -n 's/^canvases=//p' <<<"$verdict")
blank=$(sed -n 's/^blank=//p' <<<"$verdict")
problems=$(sed -n 's/^problems=//p' <<<"$verdict")
status=0
if ((canvases < min_charts)); then echo "FAIL: only $canvases charts in $page" >&2; status=1; fi
if ((blank > 0)); then echo "FAIL: $blank charts not drawn" >&2; status=1; fi
if ((problems > 0)); then echo "FAIL: $problems errors, warnings or blocked requests" >&2; status=1; fi
if [[ ! -s $artefacts/$name.png ]]; then echo "FAIL: empty screenshot" >&2; status=1; fi
width=$(sed -n 's/^width=//p' <<<"$verdict")
scroll_width=$(sed -n 's/^scroll_width=//p' <<<"$verdict")
too_wide=$(sed -n 's/^too_wide=//p' <<<"$verdict")
broken_links=$(sed -n 's/^broken_links=//p' <<<"$verdict")
if ((width != 1280)); then echo "FAIL: the window is $width px wide, not 1,280" >&2; status=1; fi
if ((scroll_width > width || too_wide > 0)); then
  echo "FAIL: $page scrolls sideways at $width px ($scroll_width px wide, $too_wide elements too wide)" >&2
  status=1
fi
if ((broken_links > 0)); then echo "FAIL: $broken_links links lead nowhere" >&2; status=1; fi
exit $status
