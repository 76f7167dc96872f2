'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const J = require('../../main/resources/io/holdfast/backend/dashboard/impl/web/jobs.js');

const requested = { jobId: 7, kind: 'uninstall', phase: 'requested', status: 'REQUESTED', progress: 0, updatedAt: 1000, done: false };
const completed = { jobId: 7, kind: 'uninstall', phase: 'uninstall', status: 'COMPLETED', progress: 100, updatedAt: 1050, done: true };

test('the POST answer that arrives after the COMPLETED event does not take the job back to REQUESTED', () => {
  assert.equal(J.newer(completed, requested), completed);
});

test('events in order replace what is known', () => {
  assert.equal(J.newer(undefined, requested), requested);
  assert.equal(J.newer(requested, completed), completed);
  const inProgress = { ...completed, status: 'IN_PROGRESS', progress: 0, done: false, updatedAt: 1020 };
  assert.equal(J.newer(inProgress, completed), completed);
  assert.equal(J.newer(completed, inProgress), completed);
});

test('in the same millisecond the finished view wins, and anything beats REQUESTED', () => {
  const done = { ...completed, updatedAt: 1000 };
  const inProgress = { ...completed, status: 'IN_PROGRESS', done: false, updatedAt: 1000 };
  assert.equal(J.newer(done, requested), done);
  assert.equal(J.newer(inProgress, requested), inProgress);
  assert.equal(J.newer(requested, inProgress), inProgress);
  assert.equal(J.newer(inProgress, done), done);
});
