/* The dashboard's frame: DOM helpers (no innerHTML: data never becomes markup), the session, API calls with the CSRF
   token, the live event stream with its reconnect, and the router. Pages register in HF.pages. */
'use strict';
window.HF = (function () {
  const HF = { pages: {}, session: null, alarms: [], listeners: new Set() };
  const SVG = 'http://www.w3.org/2000/svg';
  const ICONS = {
    ok: 'M4 10.5l4 4 8-9',
    warn: 'M7 5v10M13 5v10',
    bad: 'M10 3l8 14H2L10 3zM10 8v4M10 14.5v.5',
    off: 'M5 5l10 10M15 5L5 15',
    info: 'M10 6v.5M10 9v5',
    up: 'M10 16V4M5 9l5-5 5 5',
    chip: 'M6 6h8v8H6zM8 3v3M12 3v3M8 14v3M12 14v3M3 8h3M3 12h3M14 8h3M14 12h3',
    gw: 'M3 12h14v5H3zM6 12V8M14 12V8M6 15h.5M9 15h.5M10 8a4 4 0 0 1 0 0M7 6a4.5 4.5 0 0 1 6 0M5 4a7 7 0 0 1 10 0'
  };

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) { continue; }
      if (k === 'class') { el.className = v; } else if (k.startsWith('on')) { el.addEventListener(k.slice(2), v); } else if (k === 'text') { el.textContent = v; } else { el.setAttribute(k, v === true ? '' : v); }
    }
    for (const c of children.flat()) {
      if (c == null || c === false) { continue; }
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function icon(name) {
    const s = document.createElementNS(SVG, 'svg');
    s.setAttribute('viewBox', '0 0 20 20');
    s.setAttribute('aria-hidden', 'true');
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', ICONS[name] || ICONS.info);
    p.setAttribute('fill', 'none');
    p.setAttribute('stroke', 'currentColor');
    p.setAttribute('stroke-width', '2');
    p.setAttribute('stroke-linecap', 'round');
    p.setAttribute('stroke-linejoin', 'round');
    s.append(p);
    return s;
  }

  const STATES = {
    online: ['ok', 'ok', 'Online'], silent: ['warn', 'warn', 'Silent'], alarm: ['bad', 'bad', 'In alarm'],
    offline: ['off', 'off', 'Offline'], active: ['bad', 'bad', 'Active'], ended: ['off', 'ok', 'Ended'],
    acked: ['info', 'ok', 'Acknowledged'], unacked: ['warn', 'warn', 'Not acknowledged'],
    COMPLETED: ['ok', 'ok', 'Completed'], FAILED: ['bad', 'bad', 'Failed'], IN_PROGRESS: ['info', 'up', 'In progress'],
    REQUESTED: ['info', 'up', 'Requested'], 'ALREADY DONE': ['ok', 'ok', 'Already installed'], CANCELLED: ['off', 'off', 'Cancelled'],
    ACTIVE: ['ok', 'ok', 'Active'], RESOLVED: ['warn', 'warn', 'Resolved'], INSTALLED: ['warn', 'warn', 'Installed']
  };
  function badge(state, text) {
    const [cls, ic, label] = STATES[state] || ['off', 'info', state];
    return h('span', { class: 'badge ' + cls, 'data-state': state }, icon(ic), text || label);
  }

  function toast(message, bad) {
    const t = document.getElementById('toast');
    t.textContent = message;
    t.className = 'toast' + (bad ? ' bad' : '');
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
  }

  async function call(method, path, body, raw) {
    const headers = {};
    if (method !== 'GET') { headers['X-CSRF-Token'] = HF.session.csrf; }
    if (body !== undefined && !raw) { headers['Content-Type'] = 'application/json'; }
    const r = await fetch(path, { method, headers, credentials: 'same-origin', body: raw ? body : (body === undefined ? undefined : JSON.stringify(body)) });
    if (r.status === 401) { window.location.replace('login'); throw new Error('signed out'); }
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!r.ok) { throw new Error((json && (json.detail || json.error)) || ('HTTP ' + r.status)); }
    return json;
  }
  const api = (path) => call('GET', 'api' + path);

  function fmtTime(ms) {
    if (ms == null) { return '—'; }
    const d = new Date(ms);
    return d.toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  function fmtNum(v, digits) {
    return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits == null ? 2 : digits) : '—';
  }

  /* live events: EventSource reconnects by itself; after an error the page also reloads what it shows */
  let source = null, wasDown = false;
  function setLive(on, text) {
    const el = document.getElementById('live');
    el.className = 'live ' + (on ? 'on' : 'off');
    document.getElementById('live-text').textContent = text;
  }
  function connect() {
    if (source) { source.close(); }
    source = new EventSource('events');
    source.addEventListener('hello', () => {
      setLive(true, 'Live');
      if (wasDown) { wasDown = false; route(); }
    });
    for (const type of ['reading', 'gateway', 'alarms', 'deploy']) {
      source.addEventListener(type, (ev) => {
        const data = JSON.parse(ev.data);
        if (type === 'alarms') { setAlarms(data.alarms || []); }
        for (const l of HF.listeners) { l(type, data); }
      });
    }
    source.onerror = () => {
      wasDown = true;
      setLive(false, 'Reconnecting…');
      if (source.readyState === EventSource.CLOSED) { setTimeout(connect, 3000); }
    };
  }
  function setAlarms(list) {
    HF.alarms = list;
    const open = list.filter((a) => a.active || !a.ackAt).length;
    const c = document.getElementById('alarm-count');
    c.textContent = open;
    c.hidden = open === 0;
  }

  function route() {
    const parts = (window.location.hash || '#/overview').slice(2).split('/').map(decodeURIComponent);
    const page = HF.pages[parts[0]] ? parts[0] : 'overview';
    for (const a of document.querySelectorAll('#nav a')) { a.classList.toggle('active', a.dataset.page === page); }
    HF.listeners.clear();
    const main = document.getElementById('main');
    main.replaceChildren();
    main.dataset.page = page;
    HF.pages[page](main, parts.slice(1)).catch((e) => {
      main.append(h('div', { class: 'banner bad' }, icon('bad'), 'This page could not be loaded: ' + e.message));
    });
  }

  async function start() {
    HF.session = await call('GET', 'session');
    document.getElementById('who').textContent = HF.session.actor + ' · ' + HF.session.role;
    for (const a of document.querySelectorAll('#nav a[data-role]')) { a.hidden = HF.session.role !== a.dataset.role; }
    document.getElementById('logout').addEventListener('click', async () => {
      await call('POST', 'logout', {});
      window.location.replace('login');
    });
    try { setAlarms((await api('/alarms')).alarms || []); } catch (e) { /* shown by the pages */ }
    window.addEventListener('hashchange', route);
    connect();
    route();
  }

  Object.assign(HF, { h, icon, badge, toast, call, api, fmtTime, fmtNum, setAlarms, start,
    can: (role) => ({ read: 1, operator: 2, admin: 3 })[HF.session.role] >= ({ read: 1, operator: 2, admin: 3 })[role] });
  document.addEventListener('DOMContentLoaded', () => { HF.start().catch((e) => toast(e.message, true)); });
  return HF;
}());
