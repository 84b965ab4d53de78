// Draws the trend charts of the nightly index (index.html) from the JSON in
// #chart-data: a model's statistic night by night, its confidence interval
// as a band, and a triangle on each night whose inputs changed, which opens
// that night's comparison when clicked. Runs offline: Chart.js is inlined
// before this script.
(function () {
  'use strict';

  const line = '#1b6ca8';
  const band = 'rgba(27, 108, 168, 0.18)';
  const marker = '#d1495b';
  const amount = new Intl.NumberFormat('en-US', {maximumSignificantDigits: 3});
  const percent = new Intl.NumberFormat('en-US', {style: 'percent', maximumSignificantDigits: 3});

  function trend(spec) {
    const format = (x) => (x === null ? 'n/a' : (spec.format === 'percent' ? percent : amount).format(x));
    const atMarkers = spec.labels.map(() => null);
    for (const m of spec.markers) atMarkers[m.night] = spec.value[m.night];
    const markerAt = (index) => spec.markers.find((m) => m.night === index);
    return {
      type: 'line',
      data: {
        labels: spec.labels,
        datasets: [
          {label: 'interval low', data: spec.lo, borderWidth: 0, pointRadius: 0, fill: false},
          {label: '95% interval', data: spec.hi, borderWidth: 0, pointRadius: 0, backgroundColor: band, fill: '-1'},
          {label: spec.title, data: spec.value, borderColor: line, backgroundColor: line, pointRadius: 2},
          {label: 'inputs changed', data: atMarkers, showLine: false, pointStyle: 'triangle', pointRadius: 8,
           pointHoverRadius: 10, borderColor: marker, backgroundColor: marker},
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: {mode: 'nearest', intersect: false},
        plugins: {
          legend: {labels: {boxWidth: 12, filter: (item) => item.datasetIndex !== 0}},
          tooltip: {
            filter: (item) => item.datasetIndex >= 2,
            callbacks: {
              label: (c) => {
                if (c.datasetIndex === 3) return `inputs changed: ${markerAt(c.dataIndex).what.join(', ')}`;
                const i = c.dataIndex;
                return `${spec.title}: ${format(spec.value[i])} (${format(spec.lo[i])} to ${format(spec.hi[i])})`;
              },
            },
          },
        },
        scales: {
          x: {title: {display: true, text: 'night (UTC)'}, ticks: {maxRotation: 60, autoSkip: true}},
          y: {title: {display: true, text: spec.format === 'percent' ? 'probability' : spec.unit},
              ticks: {callback: (v) => format(v)}},
        },
        onClick: (event, elements) => {
          const hit = elements.find((e) => e.datasetIndex === 3);
          const m = hit && markerAt(hit.index);
          if (m && m.href) window.location.href = m.href;
        },
      },
    };
  }

  const specs = JSON.parse(document.getElementById('chart-data').textContent).charts;
  const charts = [];
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const spec = specs[Number(canvas.dataset.chart)];
    if (spec.type === 'trend') charts.push(new Chart(canvas, trend(spec)));
  }
  // Printing changes the page width: redraw at the printed size.
  window.addEventListener('beforeprint', () => charts.forEach((c) => c.resize()));
  window.addEventListener('afterprint', () => charts.forEach((c) => c.resize()));
})();
