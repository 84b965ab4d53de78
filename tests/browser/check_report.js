// Injected at the top of a copy of a report by report_in_browser.sh: records
// every error, warning and blocked request, then checks after the page has
// loaded that every chart canvas holds a drawn chart, that nothing is wider
// than the window, that in-page links resolve, that no weekly-shortfall fan
// chart is a flat line at zero, and lists the summary's cited numbers. The verdict goes into <pre id="browser-check"> for the test to
// read from the dumped DOM.
(function () {
  'use strict';
  const problems = [];
  const record = (kind, text) => problems.push(`${kind}: ${String(text).replace(/\s+/g, ' ').slice(0, 300)}`);
  for (const level of ['error', 'warn']) {
    const original = console[level].bind(console);
    console[level] = (...args) => {
      record(`console.${level}`, args.join(' '));
      original(...args);
    };
  }
  window.addEventListener('error', (e) => record('error', e.message || (e.target && e.target.outerHTML)), true);
  window.addEventListener('unhandledrejection', (e) => record('unhandled rejection', e.reason));
  document.addEventListener('securitypolicyviolation', (e) => record('blocked request', `${e.blockedURI} (${e.violatedDirective})`));

  function drawn(canvas) {
    if (canvas.width === 0 || canvas.height === 0) return false;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) {
      if (pixels[i] !== 0) return true;
    }
    return false;
  }

  // What a reader sees: nothing wider than the window, links that go
  // somewhere, and the summary's numbers (listed for the test to compare
  // with the files they cite).
  function layout() {
    const wide = Array.from(document.querySelectorAll('body *')).filter((e) => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && box.right > window.innerWidth + 0.5;
    });
    const links = Array.from(document.querySelectorAll('a[href^="#"]'));
    const broken = links.filter((a) => !document.getElementById(decodeURIComponent(a.hash.slice(1))));
    const figures = Array.from(document.querySelectorAll('ul.summary .figure'));
    return [`width=${window.innerWidth}`, `scroll_width=${document.documentElement.scrollWidth}`,
            `too_wide=${wide.length}`, `links=${links.length}`, `broken_links=${broken.length}`,
            `summary_numbers=${figures.length}`]
      .concat(wide.slice(0, 5).map((e) => `too wide: <${e.tagName.toLowerCase()} class="${e.className}">`),
              broken.map((a) => `broken link: ${a.getAttribute('href')}`),
              figures.filter((f) => f.dataset.source)
                .map((f) => `cited ${f.dataset.source} = ${f.dataset.value} shown as ${f.textContent}`));
  }

  // The weekly-shortfall charts (captions "Weekly shortfall ..."), and those
  // whose every series is zero or missing in every week: a flat line.
  function fanCharts(canvases) {
    const fans = canvases.filter((c) => (c.getAttribute('aria-label') || '').startsWith('Weekly shortfall'));
    const flat = fans.filter((c) => {
      const chart = typeof Chart === 'undefined' ? undefined : Chart.getChart(c);
      return !chart || !chart.data.datasets.some((d) => d.data.some((v) => v !== null && v > 0));
    });
    return [`fan_charts=${fans.length}`, `flat_fan_charts=${flat.length}`]
      .concat(flat.map((c) => `flat fan chart: ${c.getAttribute('aria-label')}`));
  }

  window.addEventListener('load', () => {
    const canvases = Array.from(document.querySelectorAll('canvas'));
    const blank = canvases.filter((c) => typeof Chart === 'undefined' || !Chart.getChart(c) || !drawn(c));
    const out = document.createElement('pre');
    out.id = 'browser-check';
    out.textContent = [`canvases=${canvases.length}`, `blank=${blank.length}`, `problems=${problems.length}`]
      .concat(layout(), fanCharts(canvases), blank.map((c) => `blank canvas: ${c.getAttribute('aria-label')}`),
              problems)
      .join('\n');
    document.body.appendChild(out);
  });
})();
