/* Device view: one metric over a range, drawn by uPlot: raw readings up to 6 h, rollups with min/max bands beyond,
   threshold lines from the alarm rules, excursions shaded, gaps as gaps; CSV of the visible range; live readings. */
'use strict';
(function (HF, C) {
  const { h, icon, badge } = HF;
  const PAGE = 10000, MAX_RAW = 50000;

  async function rawSamples(id, metric, from, to) {
    let out = [], cursor = null;
    do {
      const r = await HF.api('/devices/' + encodeURIComponent(id) + '/readings?metric=' + encodeURIComponent(metric) +
        '&from=' + from + '&to=' + to + '&limit=' + PAGE + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      out = out.concat(r.readings);
      cursor = r.next;
    } while (cursor && out.length < MAX_RAW);
    return out;
  }

  function overlay(state) {
    return {
      hooks: {
        drawClear: [(u) => {
          const ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
          ctx.save();
          ctx.fillStyle = 'rgba(201,42,42,0.12)';
          for (const e of state.excursions) {
            const x0 = u.valToPos(e.from, 'x', true), x1 = u.valToPos(e.to, 'x', true);
            ctx.fillRect(x0, top, Math.max(x1 - x0, 2), height);
          }
          ctx.restore();
        }],
        draw: [(u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#c92a2a';
          ctx.fillStyle = '#c92a2a';
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.font = (11 * devicePixelRatio) + 'px system-ui, sans-serif';
          for (const t of state.limits) {
            const y = u.valToPos(t.value, 'y', true);
            if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) { continue; }
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            const label = (t.kind === 'ABOVE' ? 'alarm above ' : 'alarm below ') + t.value;
            ctx.fillText(label, u.bbox.left + u.bbox.width - ctx.measureText(label).width - 6 * devicePixelRatio, y - 5 * devicePixelRatio);
          }
          ctx.restore();
        }]
      }
    };
  }

  HF.pages.device = async function (main, args) {
    const id = args[0];
    const enc = encodeURIComponent(id);
    const [device, rulesJson] = await Promise.all([HF.api('/devices/' + enc), HF.api('/alarm-rules?device=' + enc)]);
    const metrics = C.numericMetrics(device.latest);
    const state = { preset: '1h', metric: metrics[0], limits: [], excursions: [], plot: null, res: null, from: 0, to: 0, data: null };
    const metricSel = h('select', { id: 'metric', 'aria-label': 'Metric' }, ...metrics.map((m) => h('option', { value: m }, m)));
    const presets = ['1h', '24h', '7d', '30d', 'custom'];
    const labels = { '1h': 'Last hour', '24h': 'Day', '7d': 'Week', '30d': '30 days', custom: 'Custom' };
    const segs = presets.map((p) => h('button', { type: 'button', class: 'seg' + (p === state.preset ? ' active' : ''), 'data-range': p, onclick: () => pick(p) }, labels[p]));
    const fromIn = h('input', { type: 'datetime-local', id: 'custom-from', 'aria-label': 'From' });
    const toIn = h('input', { type: 'datetime-local', id: 'custom-to', 'aria-label': 'To' });
    const custom = h('div', { class: 'row', id: 'custom-range', hidden: true }, h('div', {}, h('label', { for: 'custom-from' }, 'From'), fromIn),
      h('div', {}, h('label', { for: 'custom-to' }, 'To'), toIn), h('button', { type: 'button', class: 'primary', onclick: () => load() }, 'Apply'));
    const csv = h('a', { id: 'csv', class: 'button-link', download: true }, h('button', { type: 'button', class: 'small' }, 'Download CSV of the visible range'));
    const chartBox = h('div', { class: 'chart-box', id: 'chart' });
    const note = h('p', { class: 'muted', id: 'chart-note' }, '');
    const kv = h('div', { class: 'kv', id: 'latest' });
    const head = h('div', { class: 'page-head' });
    main.append(head,
      h('section', { class: 'card' }, h('h3', {}, 'Newest reading'), kv),
      h('section', { class: 'card' },
        h('div', { class: 'card-head' }, h('div', { class: 'row' }, h('div', {}, h('label', { for: 'metric' }, 'Metric'), metricSel), h('div', {}, h('label', {}, 'Range'), h('div', {}, ...segs))), csv),
        custom, chartBox, note,
        h('div', { class: 'legend-note' }, h('span', {}, h('span', { class: 'swatch sw-line' }), 'value (mean per bucket for long ranges)'),
          h('span', {}, h('span', { class: 'swatch sw-band' }), 'min–max band'), h('span', {}, h('span', { class: 'swatch sw-thr' }), 'alarm threshold'),
          h('span', {}, h('span', { class: 'swatch sw-exc' }), 'excursion'), h('span', {}, h('span', { class: 'swatch sw-gap' }), 'gap: no line'))));

    function renderHead(d) {
      const st = C.deviceState(d, HF.alarms, Date.now(), 5 * 60000);
      head.replaceChildren(h('div', {}, h('h1', { class: 'mono' }, d.id), h('p', {}, 'Gateway ', h('span', { class: 'mono' }, d.gateway || 'direct'),
        ' · last reading ', C.ago(d.lastSeen, Date.now()), ' · ', d.readings, ' readings')), h('div', { id: 'device-state' }, badge(st)));
      kv.replaceChildren(...Object.entries(d.latest || {}).filter(([k]) => k !== 'source')
        .sort(([a], [b]) => (a === 'temperature' ? -1 : b === 'temperature' ? 1 : a.localeCompare(b))).map(([k, v]) =>
        h('div', {}, h('b', {}, typeof v === 'number' ? HF.fmtNum(v, Number.isInteger(v) ? 0 : 2) : String(v)), h('span', {}, k))));
    }
    renderHead(device);

    function pick(p) {
      state.preset = p;
      for (const s of segs) { s.classList.toggle('active', s.dataset.range === p); }
      custom.hidden = p !== 'custom';
      if (p === 'custom') {
        const now = Date.now();
        const iso = (ms) => new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 16);
        if (!fromIn.value) { fromIn.value = iso(now - 2 * C.DAY); toIn.value = iso(now); }
        return;
      }
      load();
    }
    metricSel.addEventListener('change', () => { state.metric = metricSel.value; load(); });

    function setCsv(from, to) {
      csv.href = 'api/devices/' + enc + '/readings.csv?metric=' + encodeURIComponent(state.metric) + '&from=' + Math.floor(from) + '&to=' + Math.ceil(to);
      csv.setAttribute('download', id + '_' + state.metric + '.csv');
    }

    async function load() {
      if (!state.metric) { note.textContent = 'This device has no numeric metric to chart.'; return; }
      const r = C.range(state.preset, Date.now(), new Date(fromIn.value).getTime(), new Date(toIn.value).getTime());
      const res = C.resolution(r.from, r.to);
      Object.assign(state, r, { res });
      state.limits = C.thresholds(rulesJson.rules, id, state.metric);
      let data, series;
      const line = { label: state.metric, stroke: '#0b7285', width: 2, spanGaps: false, points: { show: false } };
      if (res.kind === 'raw') {
        const samples = await rawSamples(id, state.metric, r.from, r.to);
        data = C.rawSeries(samples, C.gapThreshold(samples.map((s) => s.timestamp), 60000));
        series = [{}, line];
        state.excursions = C.excursions(data[0], data[1], data[1], state.limits);
        note.textContent = samples.length + ' readings' + (samples.length >= MAX_RAW ? ' (the first ' + MAX_RAW + ')' : '') + ', raw.';
      } else {
        const s = await HF.api('/devices/' + enc + '/stats?metric=' + encodeURIComponent(state.metric) + '&from=' + r.from + '&to=' + r.to + '&bucket=' + res.kind);
        data = C.bucketSeries(s.buckets, r.from, r.to, res.bucketMs);
        series = [{}, Object.assign(line, { label: state.metric + ' (mean)' }),
          { label: 'min', stroke: 'rgba(11,114,133,0.35)', width: 1, spanGaps: false, points: { show: false } },
          { label: 'max', stroke: 'rgba(11,114,133,0.35)', width: 1, spanGaps: false, points: { show: false } }];
        state.excursions = C.excursions(data[0], data[3], data[2], state.limits);
        note.textContent = s.buckets.length + ' ' + res.kind + ' buckets from the rollups, with min/max bands.';
      }
      state.data = data;
      draw(series, data);
      setCsv(r.from, r.to);
    }

    function draw(series, data) {
      if (state.plot) { state.plot.destroy(); }
      const width = Math.max(chartBox.clientWidth, 280);
      const ys = data.slice(1).flat().filter((v) => v != null).concat(state.limits.map((l) => l.value));
      const lo = ys.length ? Math.min(...ys) : 0, hi = ys.length ? Math.max(...ys) : 1, pad = Math.max((hi - lo) * 0.08, 0.5);
      const opts = {
        width, height: width < 600 ? 260 : 340, series,
        scales: { x: { time: true, min: state.from / 1000, max: state.to / 1000 }, y: { range: [lo - pad, hi + pad] } },
        axes: [{ stroke: '#5f6f7e', grid: { stroke: '#eef1f4' } }, { stroke: '#5f6f7e', grid: { stroke: '#eef1f4' } }],
        bands: series.length === 4 ? [{ series: [3, 2], fill: 'rgba(11,114,133,0.16)' }] : [],
        cursor: { drag: { x: true, y: false } },
        hooks: { setScale: [(u, key) => { if (key === 'x') { setCsv(u.scales.x.min * 1000, u.scales.x.max * 1000); } }] },
        plugins: [overlay(state)]
      };
      state.plot = new uPlot(opts, data, chartBox);
    }

    HF.listeners.add((type, data) => {
      if (type === 'reading' && data.device === id) {
        renderHead(Object.assign(device, data, { readings: (device.readings || 0) + (data.added || 0) }));
        const v = data.latest && data.latest[state.metric];
        if (state.res && state.res.kind === 'raw' && state.preset !== 'custom' && typeof v === 'number' && state.plot) {
          const now = Date.now();
          state.to = now;
          state.from = now - (C.range(state.preset, now).to - C.range(state.preset, now).from);
          state.data[0].push(data.lastTimestamp / 1000);
          state.data[1].push(v);
          state.plot.setScale('x', { min: state.from / 1000, max: state.to / 1000 });
          state.plot.setData(state.data, false);
          state.plot.setScale('x', { min: state.from / 1000, max: state.to / 1000 });
          chartBox.dataset.points = String(state.data[1].filter((x) => x != null).length);
          chartBox.dataset.lastValue = String(v);
        }
      }
    });
    window.addEventListener('resize', () => { if (state.plot) { state.plot.setSize({ width: Math.max(chartBox.clientWidth, 280), height: chartBox.clientWidth < 600 ? 260 : 340 }); } });
    await load();
    chartBox.dataset.points = String(state.data ? state.data[1].filter((x) => x != null).length : 0);
  };
}(window.HF, window.HFChart));
