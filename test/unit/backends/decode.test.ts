import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackendError } from '../../../src/backends/backend';
import { decodeEvent, decodeIncident, decodeIncidentWithTimeline, MAX_ID_LENGTH } from '../../../src/backends/decode';
import { DeskBackend } from '../../../src/backends/desk/deskBackend';
import { describeEvent } from '../../../src/core/incidents/describe';
import { renderIncidentMarkdown } from '../../../src/core/incidents/renderIncident';
import { mergeTimeline, renderTimelineBlock } from '../../../src/core/retrospectives/timeline';
import { IncidentBuilder } from '../../support/builders';

const base = { incidentId: 'INC-1', at: '2026-11-01T10:00:00.000Z', author: 'bob' };
const incident = (timeline: unknown[]) => ({ ...new IncidentBuilder().id('INC-1').build(), timeline });

function badResponse(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof BackendError && error.kind === 'bad_response' && message.test(error.message));
}

describe('event decoder', () => {
  it('skips and reports a note without text instead of letting it crash the retrospective merge', () => {
    const decoded = decodeIncidentWithTimeline(
      incident([
        { ...base, id: 'e1', type: 'declared', severity: 1, title: 'Checkout down' },
        { ...base, id: 'e2', type: 'note' },
        { ...base, id: 'e3', type: 'note', text: 'Replica lag is 40 s' },
      ]),
      'incident',
    );
    assert.deepEqual(decoded.timeline.map((e) => e.id), ['e1', 'e3']);
    assert.equal(decoded.skippedEvents?.length, 1);
    assert.equal(decoded.skippedEvents?.[0]?.index, 1);
    assert.match(decoded.skippedEvents?.[0]?.problem ?? '', /timeline\[1\]\.text is not a string/);
    const entries = mergeTimeline({ incident: decoded, executions: [], commits: [] });
    assert.deepEqual(entries.map((e) => e.text), ['Declared Sev 1: Checkout down (bob)', 'Note (bob): Replica lag is 40 s']);
    assert.match(renderIncidentMarkdown(decoded), /1 timeline event from the backend could not be read/);
  });

  it('checks the fields of every event type', () => {
    const bad: [string, Record<string, unknown>, RegExp][] = [
      ['declared without a title', { type: 'declared', severity: 1 }, /title/],
      ['a severity change to Sev 9', { type: 'severity_changed', from: 1, to: 9 }, /\.to has an unexpected value/],
      ['a status change to "done"', { type: 'status_changed', from: 'investigating', to: 'done' }, /\.to/],
      ['a role that does not exist', { type: 'role_assigned', role: 'ceo', assignee: 'x' }, /\.role/],
      ['a status update for the press', { type: 'status_update', audience: 'press', conditions: 'c', actions: 'a', needs: 'n' }, /audience/],
      ['a status update without needs', { type: 'status_update', audience: 'executive', conditions: 'c', actions: 'a' }, /needs/],
      ['a step with a text exit code', { type: 'runbook_step', runbook: 'r', step: 's', command: 'c', exitCode: '0', durationMs: 1 }, /exitCode/],
      ['a step with a negative duration', { type: 'runbook_step', runbook: 'r', step: 's', command: 'c', exitCode: 0, durationMs: -1 }, /durationMs/],
      ['a step with a numeric runId', { type: 'runbook_step', runId: 7, runbook: 'r', step: 's', command: 'c', exitCode: 0, durationMs: 1 }, /runId/],
      ['an event whose type is not text', { type: 42 }, /\.type/],
    ];
    for (const [name, fields, message] of bad) {
      badResponse(() => decodeEvent({ ...base, id: 'e', ...fields }, 'event'), message);
      const decoded = decodeIncidentWithTimeline(incident([{ ...base, id: 'e', ...fields }]), 'incident');
      assert.equal(decoded.skippedEvents?.length, 1, name);
    }
    const step = decodeEvent({ ...base, id: 'e', type: 'runbook_step', runbook: 'r', step: 's', command: 'c', exitCode: null, durationMs: 5, extra: 'x' }, 'event');
    assert.deepEqual(step, { ...base, id: 'e', type: 'runbook_step', runbook: 'r', step: 's', command: 'c', exitCode: null, durationMs: 5 }, 'only known fields are kept');
  });

  it('keeps an event of a type it does not know yet and shows it generically', () => {
    const decoded = decodeIncidentWithTimeline(
      incident([{ ...base, id: 'e1', type: 'alert_fired', name: 'HighLatency', source: 'grafana', value: 3.5, labels: { a: 1 } }]),
      'incident',
    );
    assert.equal(decoded.skippedEvents, undefined);
    const [event] = decoded.timeline;
    assert.ok(event?.type === 'unknown');
    assert.equal(event.originalType, 'alert_fired');
    assert.deepEqual(event.details, { name: 'HighLatency', source: 'grafana', value: '3.5' });
    assert.equal(describeEvent(event), 'alert_fired: name=HighLatency, source=grafana, value=3.5');
    assert.match(renderIncidentMarkdown(decoded), /\| alert\\_fired: name=HighLatency, source=grafana, value=3\\\.5 \|/);
    const block = renderTimelineBlock(mergeTimeline({ incident: decoded, executions: [], commits: [] }));
    assert.match(block, /· incident · alert\\_fired: name=HighLatency, source=grafana, value=3\.5 \(bob\)/);
  });

  it('rejects ids longer than the bound with a clear bad_response', () => {
    const long = 'X'.repeat(MAX_ID_LENGTH + 1);
    badResponse(() => decodeIncident({ ...new IncidentBuilder().build(), id: long }, 'incident'), /incident\.id is longer than 200 characters \(201\)/);
    badResponse(() => decodeIncident({ ...new IncidentBuilder().build(), id: '' }, 'incident'), /incident\.id is empty/);
    assert.equal(decodeIncident({ ...new IncidentBuilder().build(), id: 'X'.repeat(MAX_ID_LENGTH) }, 'incident').id.length, MAX_ID_LENGTH);
    badResponse(() => decodeEvent({ ...base, id: long, type: 'check_in' }, 'event'), /event\.id is longer than 200/);
    badResponse(() => decodeEvent({ ...base, incidentId: long, id: 'e', type: 'check_in' }, 'event'), /event\.incidentId is longer than 200/);
    const decoded = decodeIncidentWithTimeline(incident([{ ...base, id: long, type: 'check_in' }, { ...base, id: 'ok', type: 'check_in' }]), 'incident');
    assert.deepEqual(decoded.timeline.map((e) => e.id), ['ok']);
  });

  it('DeskBackend.get returns an incident whose timeline holds a bad event, with the event listed as skipped', async () => {
    const body = JSON.stringify(incident([{ ...base, id: 'e1', type: 'note' }, { ...base, id: 'e2', type: 'resolved' }]));
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const backend = new DeskBackend({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't', retry: { retries: 0 } });
      const loaded = await backend.get('INC-1');
      assert.deepEqual(loaded.timeline.map((e) => e.type), ['resolved']);
      assert.deepEqual(loaded.skippedEvents?.map((s) => s.index), [0]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('desk change stream with a bad event', () => {
  it('delivers the change without the event and keeps the stream (no reconnect loop re-sending it)', async () => {
    let connections = 0;
    const good = { ...base, id: 'e2', type: 'note', text: 'fine' };
    const server = http.createServer((_request, response) => {
      connections += 1;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`id: 1\ndata: ${JSON.stringify({ incidentId: 'INC-1', event: { ...base, id: 'e1', type: 'note' } })}\n\n`);
      response.write(`id: 2\ndata: ${JSON.stringify({ incidentId: 'INC-1', event: good })}\n\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const changes: { incidentId: string; event?: unknown }[] = [];
    const backend = new DeskBackend({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't', stream: { reconnectBaseMs: 10, reconnectMaxMs: 20 } });
    const subscription = backend.subscribe((change) => changes.push(change));
    try {
      for (let i = 0; i < 100 && changes.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(changes.map((c) => c.event === undefined), [true, false]);
      assert.deepEqual(changes[1]?.event, good);
      assert.equal(connections, 1);
    } finally {
      subscription.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
