/* The dashboard's chart logic without the DOM: ranges, resolutions, gaps, bands, excursions, device states.
   Loaded by the page (window.HFChart) and by node's test runner (module.exports). */
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { root.HFChart = api; }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';
  const MINUTE = 60000, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
  const PRESETS = { '1h': HOUR, '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };

  /** [from, to) of a preset ending now, or of a custom pair (to after from, both given). */
  function range(preset, now, customFrom, customTo) {
    if (preset === 'custom') {
      if (!(Number.isFinite(customFrom) && Number.isFinite(customTo)) || customTo <= customFrom) {
        throw new Error('the custom range needs a start before its end');
      }
      return { from: customFrom, to: customTo };
    }
    const span = PRESETS[preset];
    if (!span) { throw new Error('unknown range ' + preset); }
    return { from: now - span, to: now };
  }

  /** Raw readings up to 6 h, minute rollups up to 3 days, hour rollups beyond (min/max bands from the rollups). */
  function resolution(from, to) {
    const span = to - from;
    if (span <= 6 * HOUR) { return { kind: 'raw', bucketMs: 0 }; }
    if (span <= 3 * DAY) { return { kind: 'minute', bucketMs: MINUTE }; }
    return { kind: 'hour', bucketMs: HOUR };
  }

  function median(values) {
    if (values.length === 0) { return NaN; }
    const s = values.slice().sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** The largest spacing that is not a gap: three times the median spacing, at least minGapMs. */
  function gapThreshold(ts, minGapMs) {
    const d = [];
    for (let i = 1; i < ts.length; i++) { d.push(ts[i] - ts[i - 1]); }
    const m = median(d);
    return Math.max(Number.isFinite(m) ? 3 * m : 0, minGapMs || 0);
  }

  /**
   * Raw samples [{timestamp, value}] in time order to uPlot columns [xs (s), ys]; where two neighbours are further
   * apart than maxGapMs a null point is put between them, so that the line breaks there (a gap drawn as a gap).
   */
  function rawSeries(samples, maxGapMs) {
    const xs = [], ys = [];
    for (let i = 0; i < samples.length; i++) {
      if (i > 0 && samples[i].timestamp - samples[i - 1].timestamp > maxGapMs) {
        xs.push((samples[i - 1].timestamp + samples[i].timestamp) / 2000);
        ys.push(null);
      }
      xs.push(samples[i].timestamp / 1000);
      ys.push(samples[i].value);
    }
    return [xs, ys];
  }

  /**
   * Rollup buckets [{start, count, min, max, avg}] to columns [xs, avg, min, max] over every bucket of [from, to):
   * a bucket without readings is null in every column (a gap, not a line across it).
   */
  function bucketSeries(buckets, from, to, bucketMs) {
    const byStart = new Map();
    for (const b of buckets) { byStart.set(b.start, b); }
    const xs = [], avg = [], min = [], max = [];
    for (let t = Math.floor(from / bucketMs) * bucketMs; t < to; t += bucketMs) {
      const b = byStart.get(t);
      xs.push(t / 1000);
      avg.push(b && b.count > 0 ? b.avg : null);
      min.push(b && b.count > 0 ? b.min : null);
      max.push(b && b.count > 0 ? b.max : null);
    }
    return [xs, avg, min, max];
  }

  /** Thresholds of a device's metric from its enabled ABOVE/BELOW rules. */
  function thresholds(rules, device, metric) {
    return rules.filter((r) => r.enabled && r.device === device && r.metric === metric &&
      (r.kind === 'ABOVE' || r.kind === 'BELOW')).map((r) => ({ kind: r.kind, value: r.threshold, id: r.id }));
  }

  /**
   * Periods [{from, to}] (seconds, as the x axis) where the drawn values are beyond a threshold: above an ABOVE or
   * below a BELOW; hi and lo are the columns compared (the max and min columns for rollups, the values for raw).
   */
  function excursions(xs, hi, lo, limits) {
    const above = limits.filter((l) => l.kind === 'ABOVE').map((l) => l.value);
    const below = limits.filter((l) => l.kind === 'BELOW').map((l) => l.value);
    const out = [];
    let start = null;
    for (let i = 0; i < xs.length; i++) {
      const h = hi[i], l = lo[i];
      const outside = h != null && l != null && (above.some((a) => h > a) || below.some((b) => l < b));
      if (outside && start === null) { start = xs[i]; }
      if (!outside && start !== null) { out.push({ from: start, to: xs[i] }); start = null; }
    }
    if (start !== null) { out.push({ from: start, to: xs[xs.length - 1] }); }
    return out;
  }

  /** online / silent / alarm of a device: an active alarm wins; silent when nothing arrived for silentMs. */
  function deviceState(device, activeAlarms, now, silentMs) {
    if (activeAlarms.some((a) => a.device === device.id && a.active)) { return 'alarm'; }
    return now - device.lastSeen > silentMs ? 'silent' : 'online';
  }

  /** The numeric metrics of a reading, sorted, the first one the primary (temperature first when there is one). */
  function numericMetrics(latest) {
    const skip = new Set(['seq', 'source', 'device', 'uptime']);
    const names = Object.keys(latest || {}).filter((k) => typeof latest[k] === 'number' && !skip.has(k)).sort();
    const t = names.indexOf('temperature');
    if (t > 0) { names.unshift(names.splice(t, 1)[0]); }
    return names;
  }

  /** "12 s", "5 min", "3 h", "2 d". */
  function span(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) { return s + ' s'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h'; }
    return Math.floor(s / 86400) + ' d';
  }

  /** "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
  function ago(ms, now) {
    return span(now - ms) + ' ago';
  }

  /**
   * A gateway's store backlog for the overview, from the API's {@code backlog} (what its BIRTH or its HOLDFAST-V1/STATUS
   * said), else a backlog metric of its BIRTH: {count, detail}, or null when it never reported one.
   */
  function backlog(gw, now) {
    const b = gw && gw.backlog;
    if (b && typeof b.messages === 'number') {
      const oldest = b.messages > 0 ? 'oldest ' + span(b.oldestAgeMs) : 'all confirmed';
      return { count: b.messages, detail: oldest + ', reported ' + ago(b.reportedAt, now) };
    }
    const birth = (gw && gw.birth) || {};
    for (const k of ['backlog_messages', 'backlog', 'holdfast.backlog', 'store.backlog', 'queue.size']) {
      if (birth[k] != null) { return { count: birth[k], detail: 'at BIRTH' }; }
    }
    return null;
  }

  return { range, resolution, gapThreshold, rawSeries, bucketSeries, thresholds, excursions, deviceState,
    numericMetrics, span, ago, backlog, MINUTE, HOUR, DAY };
}));
