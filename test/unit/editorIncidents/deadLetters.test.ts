import * as assert from 'node:assert/strict';
import { deadLetterRow } from '../../../src/editor/incidents/deadLetterRow';
import { deliveryArg } from '../../../src/editor/incidents/deliveryArg';

describe('dead letters in the editor', () => {
  describe('the argument of Retry Delivery', () => {
    it('takes a dead-letter row or { incidentId, deliveryId } and keeps only those two', () => {
      const row = { kind: 'deadLetter', incidentId: ' INC-4 ', deliveryId: 'EV-9.exec', row: { label: 'failed' } };
      assert.deepEqual(deliveryArg(row), { ok: true, value: { incidentId: 'INC-4', deliveryId: 'EV-9.exec' } });
      assert.deepEqual(deliveryArg({ incidentId: 'INC-4', deliveryId: 'EV-1.team' }), { ok: true, value: { incidentId: 'INC-4', deliveryId: 'EV-1.team' } });
    });

    it('refuses nothing, a bare id, a list, missing ids, control characters and oversized ids', () => {
      for (const bad of [undefined, null, 'EV-1.exec', ['INC-4', 'EV-1.exec'], { incidentId: 'INC-4' }, { deliveryId: 'EV-1.exec' }, { incidentId: 'INC-4', deliveryId: 'EV-1\n.exec' }, { incidentId: 'x'.repeat(10_000), deliveryId: 'EV-1.exec' }, { incidentId: 'INC-4', deliveryId: '  ' }, { incidentId: 4, deliveryId: 'EV-1.exec' }]) {
        const checked = deliveryArg(bad);
        assert.equal(checked.ok, false, `refuses ${JSON.stringify(bad)}`);
        assert.ok(!checked.ok && /dead-letter row/.test(checked.problem), 'says it wanted a dead-letter row');
      }
    });
  });

  describe('a dead-letter row', () => {
    it('says what failed and how often: "failed: 404 from Teams · 5 tries"', () => {
      const row = deadLetterRow({ channel: 'team', attempts: 5, lastError: '404 from Teams', eventId: 'EV-3', createdAt: '2026-12-01T10:00:00Z' });
      assert.equal(row.label, 'failed: 404 from Teams · 5 tries');
      assert.equal(row.description, 'team');
      assert.match(row.tooltip, /EV-3 to team/);
      assert.equal(deadLetterRow({ channel: 'x', attempts: 1, lastError: null, eventId: 'EV-1', createdAt: '' }).label, 'failed: no answer · 1 try');
    });

    it('strips escape sequences, controls and bidi overrides from what the server sent', () => {
      const row = deadLetterRow({ channel: 'ex\u001b]0;pwned\u0007ec\u202e', attempts: 2, lastError: '500 from\r\n\u001b[2JSlack', eventId: 'EV-1', createdAt: '' });
      for (const text of [row.label, row.description, row.tooltip]) assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u202e]/);
      assert.equal(row.description, 'exec');
      assert.equal(row.label, 'failed: 500 from Slack · 2 tries');
      assert.ok(deadLetterRow({ channel: 'c', attempts: 1, lastError: 'e'.repeat(1000), eventId: 'EV-1', createdAt: '' }).label.length < 200, 'bounded');
    });
  });
});
