/* Alarms (list, acknowledge with a comment), the rule editor, and the audit trail with its verification. */
'use strict';
(function (HF) {
  const { h, icon, badge } = HF;
  const dur = (s) => s < 120 ? s + ' s' : s < 7200 ? Math.round(s / 60) + ' min' : (s / 3600).toFixed(1) + ' h';

  HF.pages.alarms = async function (main) {
    const alarmBody = h('tbody', { id: 'alarm-rows' });
    const ruleBody = h('tbody', { id: 'rule-rows' });
    const stateSel = h('select', { id: 'alarm-filter', 'aria-label': 'Which alarms' }, h('option', { value: 'open' }, 'Needing attention'),
      h('option', { value: 'active' }, 'Active'), h('option', { value: 'all' }, 'All'));
    const f = {
      device: h('input', { id: 'rule-device', required: true, placeholder: 'device id' }),
      metric: h('input', { id: 'rule-metric', required: true, value: 'temperature' }),
      kind: h('select', { id: 'rule-kind' }, ...['ABOVE', 'BELOW', 'NO_DATA', 'GATEWAY_OFFLINE'].map((k) => h('option', { value: k }, k))),
      threshold: h('input', { id: 'rule-threshold', type: 'number', step: 'any', value: '8' }),
      hysteresis: h('input', { id: 'rule-hysteresis', type: 'number', step: 'any', min: '0', value: '0.5' }),
      durationSeconds: h('input', { id: 'rule-duration', type: 'number', min: '0', value: '300' }),
      enabled: h('select', { id: 'rule-enabled' }, h('option', { value: 'true' }, 'Enabled'), h('option', { value: 'false' }, 'Disabled'))
    };
    let editing = null;
    const saveBtn = h('button', { type: 'submit', class: 'primary', id: 'rule-save' }, 'Add rule');
    const cancelBtn = h('button', { type: 'button', hidden: true, onclick: () => edit(null) }, 'Cancel');
    const field = (label, el) => h('div', {}, h('label', { for: el.id }, label), el);
    const form = h('form', { class: 'form-grid', id: 'rule-form' }, field('Device', f.device), field('Metric', f.metric), field('Kind', f.kind),
      field('Threshold', f.threshold), field('Hysteresis', f.hysteresis), field('Duration (s)', f.durationSeconds), field('State', f.enabled),
      h('div', { class: 'row' }, saveBtn, cancelBtn));
    const operator = HF.can('operator');
    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Alarms'), h('p', {}, operator ? 'Acknowledge with a comment; every acknowledgement is in the audit trail.' : 'Your role can read alarms; acknowledging needs the operator role.')),
      h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, 'Alarms'), stateSel),
        h('div', { class: 'table-wrap' }, h('table', { class: 'responsive' }, h('thead', {}, h('tr', {}, h('th', {}, 'State'), h('th', {}, 'Device'), h('th', {}, 'Rule'),
          h('th', {}, 'Started'), h('th', { class: 'num' }, 'Excursion'), h('th', { class: 'num' }, 'Peak'), h('th', {}, 'Acknowledgement'))), alarmBody))),
      h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, 'Alarm rules')),
        h('div', { class: 'table-wrap' }, h('table', { class: 'responsive' }, h('thead', {}, h('tr', {}, h('th', {}, 'Device'), h('th', {}, 'Metric'), h('th', {}, 'Kind'),
          h('th', { class: 'num' }, 'Threshold'), h('th', { class: 'num' }, 'Hysteresis'), h('th', { class: 'num' }, 'Duration'), h('th', {}, 'State'), h('th', {}, ''))), ruleBody)),
        operator ? h('div', {}, h('h3', { id: 'rule-form-title', class: 'form-title' }, 'New rule'), form) : null));

    const drafts = new Map(); // comments being typed survive the live re-rendering of the list
    function renderAlarms() {
      const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.draft : null;
      const which = stateSel.value;
      const list = HF.alarms.filter((a) => which === 'all' || (which === 'active' ? a.active : (a.active || !a.ackAt)));
      alarmBody.replaceChildren(...(list.length ? list.map((a) => {
        let ack;
        if (a.ackAt) {
          ack = h('div', {}, badge('acked'), h('div', { class: 'muted' }, a.ackBy + ', ' + HF.fmtTime(a.ackAt) + ': “' + a.ackComment + '”'));
        } else if (operator) {
          const comment = h('input', { placeholder: 'What was done (required)', 'aria-label': 'Comment', class: 'ack-comment', required: true, 'data-draft': String(a.id) });
          comment.value = drafts.get(a.id) || '';
          comment.addEventListener('input', () => drafts.set(a.id, comment.value));
          ack = h('form', { class: 'inline-form', 'data-alarm': a.id, onsubmit: async (ev) => {
            ev.preventDefault();
            try {
              await HF.call('POST', 'api/alarms/' + a.id + '/ack', { comment: comment.value });
              drafts.delete(a.id);
              HF.toast('Alarm ' + a.id + ' acknowledged');
              HF.setAlarms((await HF.api('/alarms')).alarms || []);
              renderAlarms();
            } catch (e) { HF.toast(e.message, true); }
          } }, badge('unacked'), comment, h('button', { type: 'submit', class: 'small primary ack-button' }, 'Acknowledge'));
        } else { ack = badge('unacked'); }
        return h('tr', { 'data-alarm-row': a.id },
          h('td', { 'data-label': 'State' }, badge(a.active ? 'active' : 'ended')),
          h('td', { 'data-label': 'Device' }, h('a', { href: '#/device/' + encodeURIComponent(a.device), class: 'mono' }, a.device)),
          h('td', { 'data-label': 'Rule' }, a.metric + ' ' + a.kind),
          h('td', { 'data-label': 'Started' }, HF.fmtTime(a.startedAt)),
          h('td', { 'data-label': 'Excursion', class: 'num' }, dur(a.excursionSeconds)),
          h('td', { 'data-label': 'Peak', class: 'num' }, HF.fmtNum(a.peak)),
          h('td', { 'data-label': 'Acknowledgement' }, ack));
      }) : [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No alarm here.'))]));
      const again = focused && alarmBody.querySelector('input[data-draft="' + focused + '"]');
      if (again) { again.focus(); }
    }
    stateSel.addEventListener('change', renderAlarms);

    async function loadRules() {
      const rules = (await HF.api('/alarm-rules')).rules;
      ruleBody.replaceChildren(...(rules.length ? rules.map((r) => h('tr', {},
        h('td', { 'data-label': 'Device', class: 'mono' }, r.device), h('td', { 'data-label': 'Metric' }, r.metric), h('td', { 'data-label': 'Kind' }, r.kind),
        h('td', { 'data-label': 'Threshold', class: 'num' }, r.threshold), h('td', { 'data-label': 'Hysteresis', class: 'num' }, r.hysteresis),
        h('td', { 'data-label': 'Duration', class: 'num' }, dur(r.durationSeconds)),
        h('td', { 'data-label': 'State' }, badge(r.enabled ? 'online' : 'offline', r.enabled ? 'Enabled' : 'Disabled')),
        h('td', {}, operator ? h('div', { class: 'row' }, h('button', { type: 'button', class: 'small', onclick: () => edit(r) }, 'Edit'),
          h('button', { type: 'button', class: 'small danger', onclick: async () => {
            if (!window.confirm('Delete the rule ' + r.device + ' ' + r.metric + ' ' + r.kind + '?')) { return; }
            try { await HF.call('DELETE', 'api/alarm-rules/' + r.id); HF.toast('Rule deleted'); loadRules(); } catch (e) { HF.toast(e.message, true); }
          } }, 'Delete')) : null)))
        : [h('tr', {}, h('td', { colspan: 8, class: 'empty' }, 'No rule yet.'))]));
    }
    function edit(r) {
      editing = r;
      document.getElementById('rule-form-title').textContent = r ? 'Edit rule ' + r.id : 'New rule';
      saveBtn.textContent = r ? 'Save rule' : 'Add rule';
      cancelBtn.hidden = !r;
      if (r) { for (const k of Object.keys(f)) { f[k].value = String(r[k]); } }
    }
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = { device: f.device.value.trim(), metric: f.metric.value.trim(), kind: f.kind.value, threshold: Number(f.threshold.value),
        hysteresis: Number(f.hysteresis.value), durationSeconds: Number(f.durationSeconds.value), enabled: f.enabled.value === 'true' };
      try {
        if (editing) { await HF.call('PUT', 'api/alarm-rules/' + editing.id, body); } else { await HF.call('POST', 'api/alarm-rules', body); }
        HF.toast(editing ? 'Rule saved' : 'Rule added');
        edit(null);
        loadRules();
      } catch (e) { HF.toast(e.message, true); }
    });
    HF.listeners.add((type) => { if (type === 'alarms') { renderAlarms(); } });
    renderAlarms();
    await loadRules();
  };

  HF.pages.audit = async function (main) {
    const [verify, list] = await Promise.all([HF.api('/audit/verify'), HF.api('/audit?after=0&limit=10000')]);
    const entries = list.entries.slice().reverse();
    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Audit trail'), h('p', {}, entries.length + ' entries, newest first')),
      verify.ok ? h('div', { class: 'banner ok', id: 'audit-verify' }, icon('ok'), 'Chain verified: ' + verify.checked + ' entries, each linked to the one before by its SHA-256.')
        : h('div', { class: 'banner bad', id: 'audit-verify' }, icon('bad'), 'Chain broken: ' + verify.detail),
      h('section', { class: 'card' }, h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'audit' },
        h('thead', {}, h('tr', {}, h('th', { class: 'num' }, '#'), h('th', {}, 'Time'), h('th', {}, 'Actor'), h('th', {}, 'Action'), h('th', {}, 'Target'), h('th', {}, 'Detail'), h('th', {}, 'Hash'))),
        h('tbody', {}, ...entries.slice(0, 500).map((e) => h('tr', {},
          h('td', { 'data-label': '#', class: 'num' }, e.id), h('td', { 'data-label': 'Time' }, HF.fmtTime(e.ts)), h('td', { 'data-label': 'Actor' }, e.actor),
          h('td', { 'data-label': 'Action', class: 'mono' }, e.action), h('td', { 'data-label': 'Target', class: 'mono' }, e.target),
          h('td', { 'data-label': 'Detail' }, e.detail.length > 120 ? e.detail.slice(0, 117) + '…' : e.detail),
          h('td', { 'data-label': 'Hash', class: 'mono muted', title: e.hash }, e.hash.slice(0, 10) + '…'))))))));
  };
}(window.HF));
