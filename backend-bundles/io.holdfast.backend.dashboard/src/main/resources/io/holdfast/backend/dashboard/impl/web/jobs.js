/* Deployment jobs without the DOM: which of two views of one job is the newer.
   Loaded by the page (window.HFJobs) and by node's test runner (module.exports). */
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { root.HFJobs = api; }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /* A job reaches the page twice: in the answer to the POST that requested it (status REQUESTED) and in the live
     events the gateway's notifications cause. A small uninstall is done in a few milliseconds, so its COMPLETED event
     can come before the POST's answer; the answer must not take the job back to REQUESTED. The later updatedAt wins;
     at the same millisecond a finished view beats an unfinished one, and anything beats REQUESTED. */
  function rank(j) {
    return [j.updatedAt || 0, j.done ? 1 : 0, j.status === 'REQUESTED' ? 0 : 1];
  }

  function newer(known, offered) {
    if (!known) { return offered; }
    const a = rank(known), b = rank(offered);
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) { return a[i] > b[i] ? known : offered; }
    }
    return offered;
  }

  return { newer };
}));
