/* Overview: counts, gateways and devices with their state, last reading, RSSI and backlog; search and filter. */
'use strict';
(function (HF, C) {
  const { h, icon, badge } = HF;
  const SILENT_MS = 5 * 60000;

  /** The backlog cell: the count and, below it, the age of the oldest and of the report; or "not reported". */
  function backlogCell(g, now) {
    const b = C.backlog(g, now);
    return h('td', { 'data-label': 'Backlog', class: 'num', 'data-backlog': g.clientId },
      b == null ? 'not reported' : h('span', {}, String(b.count), h('div', { class: 'hint' }, b.detail)));
  }

  HF.pages.overview = async function (main) {
    const [gw, dv] = await Promise.all([HF.api('/gateways'), HF.api('/devices')]);
    const gateways = gw.gateways, devices = new Map(dv.devices.map((d) => [d.id, d]));
    const search = h('input', { id: 'search', type: 'search', placeholder: 'Search device or gateway…', 'aria-label': 'Search' });
    const filter = h('select', { id: 'state-filter', 'aria-label': 'State' },
      h('option', { value: '' }, 'All states'), h('option', { value: 'online' }, 'Online'),
      h('option', { value: 'silent' }, 'Silent'), h('option', { value: 'alarm' }, 'In alarm'));
    const tiles = h('div', { class: 'tiles', id: 'counts' });
    const gwBody = h('tbody');
    const dvBody = h('tbody', { id: 'device-rows' });
    main.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Overview'), h('p', { id: 'updated' }, '')),
      tiles,
      h('section', { class: 'card' },
        h('div', { class: 'card-head' }, h('h2', {}, 'Gateways')),
        h('div', { class: 'table-wrap' }, h('table', { class: 'responsive' },
          h('thead', {}, h('tr', {}, h('th', {}, 'State'), h('th', {}, 'Gateway'), h('th', {}, 'Account'),
            h('th', {}, 'Last event'), h('th', {}, 'Since'), h('th', { class: 'num' }, 'Devices'), h('th', { class: 'num' }, 'Backlog'))),
          gwBody))),
      h('section', { class: 'card' },
        h('div', { class: 'card-head' }, h('h2', {}, 'Devices'), h('div', { class: 'row' }, search, filter)),
        h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'devices' },
          h('thead', {}, h('tr', {}, h('th', {}, 'State'), h('th', {}, 'Device'), h('th', {}, 'Gateway'),
            h('th', { class: 'num' }, 'Last reading'), h('th', {}, 'Received'), h('th', { class: 'num' }, 'RSSI'), h('th', { class: 'num' }, 'Readings'))),
          dvBody))));

    function tile(cls, ic, num, label, id) {
      return h('div', { class: 'tile ' + cls, id }, h('div', { class: 'ico' }, icon(ic)),
        h('div', {}, h('div', { class: 'num' }, num), h('div', { class: 'lbl' }, label)));
    }

    function render(flashId) {
      const now = Date.now();
      const list = [...devices.values()].sort((a, b) => a.id.localeCompare(b.id));
      const states = new Map(list.map((d) => [d.id, C.deviceState(d, HF.alarms, now, SILENT_MS)]));
      const count = (s) => [...states.values()].filter((x) => x === s).length;
      tiles.replaceChildren(
        tile('neutral', 'gw', gateways.filter((g) => g.online).length + ' / ' + gateways.length, 'Gateways online', 'count-gateways'),
        tile('neutral', 'chip', list.length, 'Devices', 'count-devices'),
        tile('ok', 'ok', count('online'), 'Online', 'count-online'),
        tile('warn', 'warn', count('silent'), 'Silent > 5 min', 'count-silent'),
        tile('bad', 'bad', count('alarm'), 'In alarm', 'count-alarm'));
      gwBody.replaceChildren(...(gateways.length ? gateways.map((g) => {
        const n = list.filter((d) => d.gateway === g.clientId).length;
        return h('tr', {},
          h('td', { 'data-label': 'State' }, badge(g.online ? 'online' : 'offline')),
          h('td', { 'data-label': 'Gateway', class: 'mono' }, g.clientId),
          h('td', { 'data-label': 'Account' }, g.account),
          h('td', { 'data-label': 'Last event' }, g.lastEvent),
          h('td', { 'data-label': 'Since' }, C.ago(g.lastChange, now)),
          h('td', { 'data-label': 'Devices', class: 'num' }, n),
          backlogCell(g, now));
      }) : [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No gateway has sent a BIRTH yet.'))]));
      const q = search.value.trim().toLowerCase(), f = filter.value;
      const shown = list.filter((d) => (!f || states.get(d.id) === f) &&
        (!q || d.id.toLowerCase().includes(q) || (d.gateway || '').toLowerCase().includes(q)));
      dvBody.replaceChildren(...(shown.length ? shown.map((d) => {
        const metric = C.numericMetrics(d.latest)[0];
        const rssi = d.latest && (d.latest.rssi != null ? d.latest.rssi : d.latest['rssi.dbm']);
        return h('tr', { 'data-device': d.id, class: d.id === flashId ? 'flash' : null },
          h('td', { 'data-label': 'State' }, badge(states.get(d.id))),
          h('td', { 'data-label': 'Device' }, h('a', { href: '#/device/' + encodeURIComponent(d.id), class: 'mono' }, d.id)),
          h('td', { 'data-label': 'Gateway', class: 'mono' }, d.gateway || 'direct'),
          h('td', { 'data-label': 'Last reading', class: 'num last-value' }, metric ? metric + ' ' + HF.fmtNum(d.latest[metric]) : '—'),
          h('td', { 'data-label': 'Received' }, C.ago(d.lastSeen, now)),
          h('td', { 'data-label': 'RSSI', class: 'num' }, rssi == null ? '—' : rssi + ' dBm'),
          h('td', { 'data-label': 'Readings', class: 'num' }, d.readings));
      }) : [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, devices.size ? 'No device matches.' : 'No device has sent a reading yet.'))]));
      document.getElementById('updated').textContent = 'Updated ' + new Date(now).toLocaleTimeString();
    }
    search.addEventListener('input', () => render());
    filter.addEventListener('change', () => render());
    HF.listeners.add(async (type, data) => {
      if (type === 'reading') {
        const d = devices.get(data.device) || { id: data.device, firstSeen: data.lastSeen };
        devices.set(data.device, Object.assign(d, { gateway: data.gateway, lastSeen: data.lastSeen, lastTimestamp: data.lastTimestamp, lastSeq: data.lastSeq, readings: (d.readings || 0) + (data.added || 0), latest: data.latest }));
        render(data.device);
      } else if (type === 'gateway') {
        const i = gateways.findIndex((g) => g.clientId === data.clientId);
        if (i >= 0) { gateways[i] = data; } else { gateways.push(data); }
        render();
      } else if (type === 'alarms') {
        render();
      }
    });
    render();
  };
}(window.HF, window.HFChart));
