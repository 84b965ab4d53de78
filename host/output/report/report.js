// Draws the charts of a chokepoint report from the JSON in #chart-data and
// makes tables sortable. Runs offline: Chart.js is inlined before this script.
(function () {
  'use strict';

  const palette = ['#1b6ca8', '#d1495b', '#edae49', '#00798c', '#6a4c93', '#8a9a5b', '#e07a5f', '#3d405b',
                   '#2a9d8f', '#b56576'];
  const color = (i) => palette[i % palette.length];
  const translucent = (hex, alpha) => {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  };

  // The same rules as the tables (host/io/number_format.cc): thousands
  // separators from 1,000, three significant digits below.
  function amount(x) {
    if (x === null || !Number.isFinite(x)) return 'n/a';
    if (x === 0) return '0';
    const a = Math.abs(x);
    if (a >= 1e15) return x.toPrecision(3);
    if (a >= 1000) return Math.round(x).toLocaleString('en-US');
    if (a >= 0.001) return String(Number(x.toPrecision(3)));
    return x.toExponential(2);
  }
  const percent = (p) => (p === null || !Number.isFinite(p) ? 'n/a' : `${Number((p * 100).toPrecision(3))}%`);
  function years(y) {
    if (!Number.isFinite(y)) return 'n/a';
    if (y < 10) return `${Number(y.toPrecision(2))} y`;
    return `${Math.round(y).toLocaleString('en-US')} y`;
  }

  const powerOfTen = (v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

  const base = () => ({
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: {legend: {labels: {boxWidth: 12}}},
  });
  const axisTitle = (text) => ({display: true, text});

  const pct = (a) => a.map((v) => (v === null ? null : v * 100));

  // The median, 90th and 99th percentile of a weekly shortfall ratio as
  // nested bands, darkest at the median.
  function fanBands(spec, suffix) {
    const band = (label, data, fill, alpha) => ({
      label: label + suffix, data: pct(data), fill, borderColor: translucent(color(0), Math.min(1, alpha + 0.3)),
      backgroundColor: translucent(color(0), alpha), borderWidth: 1, pointRadius: 0,
    });
    return [band('99th percentile', spec.q99, '+1', 0.15), band('90th percentile', spec.q90, '+1', 0.3),
            band('median', spec.q50, 'origin', 0.55)];
  }
  function fanOptions() {
    const options = base();
    options.plugins.tooltip = {mode: 'index', intersect: false,
                               callbacks: {label: (c) => `${c.dataset.label}: ${percent(c.raw / 100)}`}};
    options.scales = {
      x: {title: axisTitle('week'), ticks: {maxTicksLimit: 14}},
      y: {title: axisTitle('weekly shortfall, % of demand'), beginAtZero: true, suggestedMax: 5},
    };
    return options;
  }

  const builders = {
    histogram(spec) {
      const options = base();
      options.plugins.legend.display = false;
      options.plugins.tooltip = {callbacks: {label: (c) => `P = ${percent(c.raw / 100)}`}};
      options.scales = {
        x: {title: axisTitle(`loss, ${spec.unit} (log-spaced bins)`), ticks: {maxRotation: 60, autoSkip: true}},
        y: {title: axisTitle('% of scenarios'), beginAtZero: true},
      };
      return {
        type: 'bar',
        data: {
          labels: spec.bins.map((b) => `${amount(b.lo)}–${amount(b.hi)}`),
          datasets: [{data: spec.bins.map((b) => b.p * 100), backgroundColor: color(0), barPercentage: 1,
                      categoryPercentage: 1}],
        },
        options,
      };
    },

    exceedance(spec) {
      const horizonYears = spec.horizon_weeks / 52;
      const options = base();
      options.plugins.tooltip = {
        callbacks: {
          label: (c) => `${c.dataset.label}: P(loss > ${amount(c.raw.x)}) = ${percent(c.raw.y)}, ` +
                        `once in ${years(horizonYears / c.raw.y)}`,
        },
      };
      const yRange = {min: spec.p_min, max: 1};
      options.scales = {
        x: {type: 'logarithmic', title: axisTitle(`loss x, ${spec.unit}`), ticks: {callback: (v) => amount(v)}},
        y: Object.assign({type: 'logarithmic', title: axisTitle(`P(loss > x) over ${spec.horizon_weeks} weeks`),
                          ticks: {callback: (v) => (powerOfTen(v) ? percent(v) : '')}}, yRange),
        period: Object.assign({type: 'logarithmic', position: 'right', grid: {drawOnChartArea: false},
                               title: axisTitle('return period'),
                               ticks: {callback: (v) => (powerOfTen(v) ? years(horizonYears / v) : '')}},
                              yRange),
      };
      const datasets = spec.series.map((s, i) => ({
        label: s.label,
        data: s.points.map(([x, y]) => ({x, y})),
        borderColor: color(i),
        backgroundColor: color(i),
        borderWidth: 1.5,
        pointRadius: s.points.length < 2 ? 3 : 0,  // a single point has no line to show it
        stepped: 'after',
        yAxisID: 'y',
      }));
      if (spec.band) {
        // The epistemic band: the spread across assumption draws, shaded
        // between its P5 and P95 curves, apart from the estimates above.
        const shade = translucent('#6a4c93', 0.2);
        const line = (label, points, extra) => Object.assign(
            {label, data: points.map(([x, y]) => ({x, y})), borderColor: '#6a4c93', backgroundColor: shade,
             borderWidth: 1, pointRadius: 0, stepped: 'after', yAxisID: 'y'}, extra);
        datasets.push(line(`${spec.band.label}: P95`, spec.band.p95, {fill: '+2'}));
        datasets.push(line(`${spec.band.label}: median`, spec.band.p50, {borderDash: [4, 3], fill: false}));
        datasets.push(line(`${spec.band.label}: P5`, spec.band.p5, {fill: false}));
      }
      return {type: 'line', data: {datasets}, options};
    },

    fan(spec) {
      const options = fanOptions();
      return {type: 'line', data: {labels: spec.q50.map((_, t) => t), datasets: fanBands(spec, '')}, options};
    },

    // The percentiles among the scenarios short that week, with the share
    // of scenarios short on a second axis: how badly, and how often.
    fan_short(spec) {
      const options = fanOptions();
      options.scales.y.title = axisTitle('shortfall when short, % of demand');
      options.scales.share = {position: 'right', beginAtZero: true, grid: {drawOnChartArea: false},
                              title: axisTitle('scenarios short that week, %')};
      const datasets = fanBands(spec, ' when short');
      datasets.push({label: 'share of scenarios short', data: pct(spec.p_short), yAxisID: 'share', fill: false,
                     borderColor: color(1), backgroundColor: color(1), borderWidth: 1.5, borderDash: [4, 3],
                     pointRadius: 0});
      return {type: 'line', data: {labels: spec.q50.map((_, t) => t), datasets}, options};
    },

    bars(spec) {
      const options = base();
      options.indexAxis = 'y';
      options.plugins.legend.display = false;
      const show = spec.format === 'percent' ? percent : amount;
      options.plugins.tooltip = {callbacks: {label: (c) => show(c.raw)}};
      // Every bar labelled: the figure is as tall as its rows need.
      options.scales = {x: {title: axisTitle(spec.axis), beginAtZero: true, ticks: {callback: (v) => show(v)}},
                        y: {ticks: {autoSkip: false}}};
      return {
        type: 'bar',
        data: {labels: spec.labels, datasets: [{data: spec.values, backgroundColor: color(0)}]},
        options,
      };
    },

    // Values with their intervals, one row per label: per series a marker at
    // the value and a bar over the interval, labelled with its kind.
    intervals(spec) {
      const options = base();
      options.indexAxis = 'y';
      options.plugins.tooltip = {
        callbacks: {
          label: (c) => (Array.isArray(c.raw) ? `${c.dataset.label}: ${amount(c.raw[0])} to ${amount(c.raw[1])}`
                                               : `${c.dataset.label}: ${amount(c.raw)}`),
        },
      };
      options.scales = {x: {title: axisTitle(spec.axis), ticks: {callback: (v) => amount(v)}},
                        y: {ticks: {autoSkip: false}}};
      const datasets = [];
      spec.series.forEach((s, i) => {
        datasets.push({type: 'line', label: s.label, data: s.values, showLine: false, pointRadius: 5,
                       pointStyle: 'rectRot', borderColor: i === 0 ? '#222' : color(i), backgroundColor: i === 0 ? '#222' : color(i)});
        datasets.push({type: 'bar', label: s.ci_label, data: s.intervals, backgroundColor: translucent(color(i), 0.35),
                       borderColor: color(i), borderWidth: 1, barPercentage: 0.5});
      });
      return {type: 'bar', data: {labels: spec.labels, datasets}, options};
    },

    weekly_loss(spec) {
      const options = base();
      options.plugins.tooltip = {mode: 'index', intersect: false,
                                 callbacks: {label: (c) => `${c.dataset.label}: ${amount(c.raw)}`,
                                             footer: (items) => `regime: ${spec.regime[items[0].dataIndex]}`}};
      options.scales = {
        x: {stacked: true, title: axisTitle('week'), ticks: {maxTicksLimit: 14}},
        y: {stacked: true, title: axisTitle(`loss per week, ${spec.unit}`), ticks: {callback: (v) => amount(v)}},
      };
      return {
        type: 'bar',
        data: {
          labels: spec.regime.map((_, t) => t),
          datasets: spec.sectors.map((s, i) => ({label: s, data: spec.loss[i], backgroundColor: color(i),
                                                 barPercentage: 1, categoryPercentage: 1})),
        },
        options,
      };
    },

    events(spec) {
      const options = base();
      options.indexAxis = 'y';
      options.plugins.tooltip = {
        callbacks: {label: (c) => `${c.dataset.label}: weeks ${c.raw[0]}–${c.raw[1] - 1}`},
      };
      options.scales = {x: {min: 0, max: spec.weeks, title: axisTitle('week')}};
      return {
        type: 'bar',
        data: {
          labels: spec.labels,
          datasets: [
            {label: 'active', data: spec.active, backgroundColor: color(1), grouped: false},
            {label: 'recovering', data: spec.recovery, backgroundColor: translucent(color(1), 0.35), grouped: false},
          ],
        },
        options,
      };
    },
  };

  function drawCharts() {
    const specs = JSON.parse(document.getElementById('chart-data').textContent).charts;
    const charts = [];
    for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
      const spec = specs[Number(canvas.dataset.chart)];
      charts.push(new Chart(canvas, builders[spec.type](spec)));
    }
    // Printing changes the page width: redraw at the printed size.
    window.addEventListener('beforeprint', () => charts.forEach((c) => c.resize()));
    window.addEventListener('afterprint', () => charts.forEach((c) => c.resize()));
  }

  function sortBy(table, column, header) {
    const body = table.tBodies[0];
    const ascending = header.getAttribute('aria-sort') !== 'ascending';
    for (const th of table.tHead.rows[0].cells) th.removeAttribute('aria-sort');
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const numeric = header.classList.contains('num');
    const key = (row) => row.cells[column].dataset.sort;
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === '' || kb === '') return (ka === '') - (kb === '');  // n/a last either way
      const order = numeric ? Number(ka) - Number(kb) : ka.localeCompare(kb);
      return ascending ? order : -order;
    });
    for (const row of rows) body.appendChild(row);
  }

  function makeTablesSortable() {
    for (const table of document.querySelectorAll('table.sortable')) {
      Array.from(table.tHead.rows[0].cells).forEach((th, column) => {
        th.tabIndex = 0;
        th.addEventListener('click', () => sortBy(table, column, th));
        th.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            sortBy(table, column, th);
          }
        });
      });
    }
  }

  // Folded tables open on paper, where nobody can click them open.
  function unfoldForPrint() {
    const unfold = () => document.querySelectorAll('details').forEach((d) => { d.open = true; });
    if (document.documentElement.hasAttribute('data-print')) unfold();
    window.addEventListener('beforeprint', unfold);
  }

  unfoldForPrint();
  drawCharts();
  makeTablesSortable();
})();
