// Injected at the top of a copy of a report by report_in_browser.sh: records
// every error, warning and blocked request, then checks after the page has
// loaded that every chart canvas holds a drawn chart. The verdict goes into
// <pre id="browser-check"> for the test to read from the dumped DOM.
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

  window.addEventListener('load', () => {
    const canvases = Array.from(document.querySelectorAll('canvas'));
    const blank = canvases.filter((c) => typeof Chart === 'undefined' || !Chart.getChart(c) || !drawn(c));
    const out = document.createElement('pre');
    out.id = 'browser-check';
    out.textContent = [`canvases=${canvases.length}`, `blank=${blank.length}`, `problems=${problems.length}`]
      .concat(blank.map((c) => `blank canvas: ${c.getAttribute('aria-label')}`), problems)
      .join('\n');
    document.body.appendChild(out);
  });
})();
