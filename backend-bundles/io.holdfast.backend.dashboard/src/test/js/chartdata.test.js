'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const C = require('../../main/resources/io/holdfast/backend/dashboard/impl/web/chartdata.js');

const H = 3600000;

test('presets end now and custom ranges must be ordered', () => {
  assert.deepEqual(C.range('1h', 10 * H), { from: 9 * H, to: 10 * H });
  assert.deepEqual(C.range('7d', 200 * H), { from: 32 * H, to: 200 * H });
  assert.deepEqual(C.range('custom', 0, 5, 9), { from: 5, to: 9 });
  assert.throws(() => C.range('custom', 0, 9, 5), /start before its end/);
  assert.throws(() => C.range('custom', 0, NaN, 5));
  assert.throws(() => C.range('2y', 0));
});

test('raw up to 6 h, minute rollups up to 3 days, hour rollups beyond', () => {
  assert.equal(C.resolution(0, 6 * H).kind, 'raw');
  assert.equal(C.resolution(0, 6 * H + 1).kind, 'minute');
  assert.equal(C.resolution(0, 72 * H).kind, 'minute');
  assert.deepEqual(C.resolution(0, 72 * H + 1), { kind: 'hour', bucketMs: H });
});

test('a silence longer than three median spacings breaks the line with a null', () => {
  const s = [0, 1000, 2000, 3000, 20000, 21000].map((t, i) => ({ timestamp: t, value: i }));
  const limit = C.gapThreshold(s.map((x) => x.timestamp), 0);
  assert.equal(limit, 3000);
  const [xs, ys] = C.rawSeries(s, limit);
  assert.deepEqual(xs, [0, 1, 2, 3, 11.5, 20, 21]);
  assert.deepEqual(ys, [0, 1, 2, 3, null, 4, 5]);
  // evenly spaced samples: no null at all
  assert.ok(!C.rawSeries(s.slice(0, 4), limit)[1].includes(null));
  // the floor wins over a tiny median
  assert.equal(C.gapThreshold([0, 10, 20], 5000), 5000);
});

test('every bucket of the range is a point; empty buckets are nulls in every column', () => {
  const b = [{ start: 0, count: 2, min: 1, max: 3, avg: 2 }, { start: 2 * H, count: 1, min: 5, max: 5, avg: 5 }];
  const [xs, avg, min, max] = C.bucketSeries(b, 0, 3 * H, H);
  assert.deepEqual(xs, [0, 3600, 7200]);
  assert.deepEqual(avg, [2, null, 5]);
  assert.deepEqual(min, [1, null, 5]);
  assert.deepEqual(max, [3, null, 5]);
});

test('excursions are the periods beyond an ABOVE or below a BELOW threshold', () => {
  const rules = [
    { id: 1, device: 'd', metric: 'temperature', kind: 'ABOVE', threshold: 8, enabled: true },
    { id: 2, device: 'd', metric: 'temperature', kind: 'BELOW', threshold: 2, enabled: true },
    { id: 3, device: 'd', metric: 'temperature', kind: 'ABOVE', threshold: 5, enabled: false },
    { id: 4, device: 'e', metric: 'temperature', kind: 'ABOVE', threshold: 5, enabled: true },
    { id: 5, device: 'd', metric: 'temperature', kind: 'NO_DATA', threshold: 0, enabled: true }
  ];
  const limits = C.thresholds(rules, 'd', 'temperature');
  assert.deepEqual(limits.map((l) => l.id), [1, 2]);
  const xs = [0, 1, 2, 3, 4, 5, 6];
  const v = [5, 9, 9, 5, null, 1, 1];
  assert.deepEqual(C.excursions(xs, v, v, limits), [{ from: 1, to: 3 }, { from: 5, to: 6 }]);
  // bands: the max column crosses ABOVE, the min column stays inside
  assert.deepEqual(C.excursions([0, 1], [7, 8.5], [3, 3], limits), [{ from: 1, to: 1 }]);
});

test('an active alarm wins over silence; silence after silentMs', () => {
  const d = { id: 'a', lastSeen: 1000 };
  assert.equal(C.deviceState(d, [], 2000, 5000), 'online');
  assert.equal(C.deviceState(d, [], 7001, 5000), 'silent');
  assert.equal(C.deviceState(d, [{ device: 'a', active: false }], 2000, 5000), 'online');
  assert.equal(C.deviceState(d, [{ device: 'a', active: true }], 7001, 5000), 'alarm');
  assert.equal(C.deviceState(d, [{ device: 'b', active: true }], 2000, 5000), 'online');
});

test('numeric metrics, temperature first, identity fields left out', () => {
  assert.deepEqual(C.numericMetrics({ seq: 1, rssi: -60, temperature: 4.2, humidity: 40, source: 'x', ok: true }),
    ['temperature', 'humidity', 'rssi']);
  assert.deepEqual(C.numericMetrics(null), []);
});

test('ages in words', () => {
  assert.equal(C.ago(0, 5000), '5 s ago');
  assert.equal(C.ago(0, 125000), '2 min ago');
  assert.equal(C.ago(0, 2 * H + 1), '2 h ago');
  assert.equal(C.ago(0, 50 * H), '2 d ago');
});

test('a gateway backlog: the count, the age of the oldest and of the report; not reported without one', () => {
  const now = 10 * H;
  assert.deepEqual(C.backlog({ backlog: { messages: 1234, oldestAgeMs: 5 * 60000 + 1, reportedAt: now - 12000 } }, now),
    { count: 1234, detail: 'oldest 5 min, reported 12 s ago' });
  assert.deepEqual(C.backlog({ backlog: { messages: 0, oldestAgeMs: 0, reportedAt: now - 2 * H } }, now),
    { count: 0, detail: 'all confirmed, reported 2 h ago' });
  assert.deepEqual(C.backlog({ backlog: null, birth: { backlog_messages: 7 } }, now), { count: 7, detail: 'at BIRTH' });
  assert.equal(C.backlog({ backlog: null, birth: { display_name: 'x' } }, now), null);
  assert.equal(C.backlog({}, now), null);
  assert.equal(C.span(36 * H), '1 d');
  assert.equal(C.ago(now - 59000, now), '59 s ago');
});
