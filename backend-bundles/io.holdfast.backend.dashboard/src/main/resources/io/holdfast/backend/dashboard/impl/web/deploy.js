/* Remote deployment: upload a .dp, send DEPLOY-V2 download + install to a gateway, follow its progress live, list the
   gateway's packages and bundles, uninstall. Admin role. */
'use strict';
(function (HF) {
  const { h, icon, badge } = HF;

  HF.pages.deploy = async function (main) {
    const [gw, pk, jb] = await Promise.all([HF.api('/gateways'), HF.call('GET', 'deploy/packages'), HF.call('GET', 'deploy/jobs')]);
    const gateways = gw.gateways;
    const gwSel = h('select', { id: 'gateway' }, ...gateways.map((g) => h('option', { value: g.clientId }, g.clientId + (g.online ? ' (online)' : ' (offline)'))));
    const file = h('input', { type: 'file', id: 'dp-file', accept: '.dp' });
    const pkgBody = h('tbody', { id: 'package-rows' });
    const jobBody = h('tbody', { id: 'job-rows' });
    const gwPkgs = h('div', { id: 'gateway-packages' }, h('p', { class: 'muted' }, 'Choose a gateway and press Refresh.'));
    const jobs = new Map(jb.jobs.map((j) => [j.jobId, j]));
    main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Remote deployment'),
      h('p', {}, jb.connected ? 'Requests go to the gateway over MQTT (DEPLOY-V2); every request is audited.' : '')),
      ...(jb.connected ? [] : [h('div', { class: 'banner warn' }, icon('warn'), 'The backend is not connected to the MQTT broker: requests cannot be sent now.')]),
      h('div', { class: 'grid2' },
        h('section', { class: 'card' }, h('h2', {}, '1. Upload a package'),
          h('div', { class: 'row' }, h('div', { class: 'grow' }, h('label', { for: 'dp-file' }, 'Deployment package (.dp)'), file),
            h('button', { type: 'button', class: 'primary', id: 'upload', onclick: upload }, 'Upload')),
          h('p', { class: 'hint' }, 'The backend keeps it in its data directory and serves it to gateways with its SHA-256, which they verify.')),
        h('section', { class: 'card' }, h('h2', {}, '2. Choose the gateway'),
          gateways.length ? h('div', { class: 'row' }, h('div', { class: 'grow' }, h('label', { for: 'gateway' }, 'Gateway'), gwSel),
            h('button', { type: 'button', id: 'refresh-gateway', onclick: listGateway }, 'Refresh packages')) : h('p', { class: 'muted' }, 'No gateway known yet.'))),
      h('section', { class: 'card' }, h('h2', {}, '3. Install'), h('div', { class: 'table-wrap' }, h('table', { class: 'responsive' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Package'), h('th', {}, 'Version'), h('th', { class: 'num' }, 'Size'), h('th', {}, 'SHA-256'), h('th', {}, 'Uploaded'), h('th', {}, ''))), pkgBody))),
      h('section', { class: 'card' }, h('h2', {}, 'Jobs'), h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'jobs' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Job'), h('th', {}, 'Gateway'), h('th', {}, 'Package'), h('th', {}, 'Step'), h('th', {}, 'Progress'), h('th', {}, 'State'), h('th', {}, 'By'))), jobBody))),
      h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, 'On the gateway')), gwPkgs));

    function renderPackages(list) {
      pkgBody.replaceChildren(...(list.length ? list.map((p) => h('tr', { 'data-package': p.id },
        h('td', { 'data-label': 'Package', class: 'mono' }, p.name), h('td', { 'data-label': 'Version' }, p.version),
        h('td', { 'data-label': 'Size', class: 'num' }, (p.size / 1024).toFixed(1) + ' KiB'),
        h('td', { 'data-label': 'SHA-256', class: 'mono muted', title: p.sha256 }, p.sha256.slice(0, 12) + '…'),
        h('td', { 'data-label': 'Uploaded' }, HF.fmtTime(p.uploadedAt)),
        h('td', {}, h('button', { type: 'button', class: 'small primary install', disabled: !gateways.length, onclick: () => install(p) }, 'Install on gateway'))))
        : [h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No package uploaded yet.'))]));
    }
    function renderJobs() {
      const list = [...jobs.values()].sort((a, b) => b.startedAt - a.startedAt);
      jobBody.replaceChildren(...(list.length ? list.map((j) => h('tr', { 'data-job': j.jobId, 'data-status': j.status, 'data-phase': j.phase },
        h('td', { 'data-label': 'Job', class: 'mono' }, j.jobId), h('td', { 'data-label': 'Gateway', class: 'mono' }, j.gateway),
        h('td', { 'data-label': 'Package', class: 'mono' }, j.name + (j.version ? ' ' + j.version : '')),
        h('td', { 'data-label': 'Step' }, j.kind === 'uninstall' ? 'uninstall' : j.phase),
        h('td', { 'data-label': 'Progress' }, h('progress', { max: 100, value: j.progress }), ' ' + j.progress + ' %'),
        h('td', { 'data-label': 'State' }, badge(j.status, j.status === 'COMPLETED' && !j.done ? 'Downloaded, installing' : null), j.message ? h('div', { class: 'muted' }, j.message) : null),
        h('td', { 'data-label': 'By' }, j.requestedBy)))
        : [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No deployment yet.'))]));
    }

    async function upload() {
      if (!file.files.length) { HF.toast('Choose a .dp file first', true); return; }
      try {
        const p = await HF.call('POST', 'deploy/packages', file.files[0], true);
        HF.toast('Uploaded ' + p.file);
        renderPackages((await HF.call('GET', 'deploy/packages')).packages);
      } catch (e) { HF.toast(e.message, true); }
    }
    async function install(p) {
      try {
        const j = await HF.call('POST', 'deploy/gateways/' + encodeURIComponent(gwSel.value) + '/install', { packageId: p.id });
        jobs.set(j.jobId, HFJobs.newer(jobs.get(j.jobId), j));
        renderJobs();
      } catch (e) { HF.toast(e.message, true); }
    }
    async function uninstall(name) {
      if (!window.confirm('Uninstall ' + name + ' from ' + gwSel.value + '?')) { return; }
      try {
        const j = await HF.call('POST', 'deploy/gateways/' + encodeURIComponent(gwSel.value) + '/uninstall', { name });
        jobs.set(j.jobId, HFJobs.newer(jobs.get(j.jobId), j));
        renderJobs();
      } catch (e) { HF.toast(e.message, true); }
    }
    async function listGateway() {
      gwPkgs.replaceChildren(h('p', { class: 'muted' }, 'Asking ' + gwSel.value + '…'));
      try {
        const base = 'deploy/gateways/' + encodeURIComponent(gwSel.value);
        const [p, b] = await Promise.all([HF.call('GET', base + '/packages'), HF.call('GET', base + '/bundles')]);
        gwPkgs.replaceChildren(h('h3', {}, 'Packages'), h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'gw-packages' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Package'), h('th', {}, 'Version'), h('th', {}, 'Bundles'), h('th', {}, ''))),
          h('tbody', {}, ...(p.packages.length ? p.packages.map((x) => h('tr', { 'data-gw-package': x.name },
            h('td', { 'data-label': 'Package', class: 'mono' }, x.name), h('td', { 'data-label': 'Version' }, x.version),
            h('td', { 'data-label': 'Bundles' }, (x.bundles || []).map((bb) => bb.name + ' ' + bb.version).join(', ')),
            h('td', {}, h('button', { type: 'button', class: 'small danger', onclick: () => uninstall(x.name) }, 'Uninstall'))))
            : [h('tr', {}, h('td', { colspan: 4, class: 'empty' }, 'No deployment package installed.'))])))),
        h('h3', {}, 'Bundles (' + b.bundles.length + ')'), h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'gw-bundles' },
          h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Id'), h('th', {}, 'Bundle'), h('th', {}, 'Version'), h('th', {}, 'State'))),
          h('tbody', {}, ...b.bundles.map((x) => h('tr', {}, h('td', { 'data-label': 'Id', class: 'num' }, x.id), h('td', { 'data-label': 'Bundle', class: 'mono' }, x.name),
            h('td', { 'data-label': 'Version' }, x.version), h('td', { 'data-label': 'State' }, badge(x.state))))))));
      } catch (e) {
        gwPkgs.replaceChildren(h('div', { class: 'banner bad' }, icon('bad'), e.message));
      }
    }
    HF.listeners.add((type, data) => {
      if (type === 'deploy') {
        jobs.set(data.jobId, HFJobs.newer(jobs.get(data.jobId), data));
        renderJobs();
        if (data.done && data.status !== 'FAILED' && gwSel.value === data.gateway) { listGateway(); }
      }
    });
    renderPackages(pk.packages);
    renderJobs();
  };
}(window.HF));
