import * as assert from 'node:assert/strict';
import { SseParser } from '../../../src/backends/desk/sseParser';
import { RawStream } from './sseReader';
import { TestServer, SERVER_STORES } from './serverFixture';

// The HTTP API over each store: what a client sees must not depend on which one the server runs on.
for (const storeKind of SERVER_STORES) describe(`GET /v1/stream (${storeKind})`, () => {
  let server: TestServer;
  const streams: RawStream[] = [];

  beforeEach(async () => {
    server = await TestServer.start({ heartbeatMs: 50, store: storeKind });
  });

  afterEach(async () => {
    for (const stream of streams.splice(0)) await stream.close();
    await server.dispose();
  });

  function open(lastEventId?: number): RawStream {
    const headers: Record<string, string> = { authorization: `Bearer ${server.token}` };
    if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
    const stream = new RawStream(`${server.url}/v1/stream`, headers);
    streams.push(stream);
    return stream;
  }

  it('sends each change as an event with the sequence id and { incidentId, incident, event }', async () => {
    const stream = open();
    await stream.until((s) => s.raw.includes(': connected'), 'the connection');
    const id = await server.declare({ title: 'Streamed', severity: 1 });
    await server.request('PATCH', `/v1/incidents/${id}`, { body: { severity: 0, summary: 'now worse' } });
    await server.request('PATCH', `/v1/incidents/${id}`, { body: { title: 'Streamed, renamed' } });
    await stream.until((s) => s.messages.length >= 3, 'three changes');

    const payloads = stream.messages.map((m) => JSON.parse(m.data) as { incidentId: string; incident: { title: string; version: number }; event?: { type: string } });
    assert.deepEqual(payloads.map((p) => p.incidentId), [id, id, id]);
    assert.deepEqual(payloads.map((p) => p.event?.type), ['declared', 'severity_changed', undefined]);
    assert.equal(payloads[2]?.incident.title, 'Streamed, renamed', 'a change without a timeline event is still streamed');
    assert.deepEqual(payloads.map((p) => p.incident.version), [1, 2, 3]);
    const ids = stream.ids;
    assert.ok(ids.every((n, i) => i === 0 || n > (ids[i - 1] ?? 0)), `ids increase: ${ids.join(',')}`);
    assert.equal(stream.status, 200);
  });

  it('resumes after Last-Event-ID with no gap and no duplicate', async () => {
    const first = open();
    await first.until((s) => s.raw.includes(': connected'), 'the connection');
    const id = await server.declare();
    for (let i = 0; i < 5; i++) await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: `n${i}` } });
    await first.until((s) => s.messages.length >= 6, 'six changes');
    await first.close();
    const seen = first.ids;
    const resumeAfter = seen[2] ?? 0;

    // More changes while nobody listens.
    for (let i = 5; i < 8; i++) await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: `n${i}` } });

    const resumed = open(resumeAfter);
    await resumed.until((s) => s.messages.length >= 6, 'the replay');
    await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: 'live' } });
    await resumed.until((s) => s.messages.length >= 7, 'the live change after the replay');

    const texts = resumed.messages.map((m) => (JSON.parse(m.data) as { event: { text: string } }).event.text);
    assert.deepEqual(texts, ['n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'live']);
    const ids = resumed.ids;
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((n) => n > resumeAfter));
    assert.deepEqual(ids.slice(0, 3), seen.slice(3), 'picks up exactly where the first stream left off');
  });

  it('sends heartbeats as comments', async () => {
    const stream = open();
    await stream.until((s) => s.raw.includes(': heartbeat'), 'a heartbeat');
    assert.equal(stream.messages.length, 0, 'heartbeats are not events');
  });

  it('tells a fresh client its position so a drop before the first change loses nothing', async () => {
    await server.declare();
    const stream = open();
    await stream.until((s) => /\nid: \d+\n\n/.test(s.raw) || s.raw.startsWith('id:'), 'the position');
    const position = Number(/id: (\d+)/.exec(stream.raw)?.[1]);
    assert.ok(position >= 1);
    await stream.close();
    await server.declare({ title: 'after the drop' });
    const resumed = open(position);
    await resumed.until((s) => s.messages.length >= 1, 'the missed change');
    assert.equal((JSON.parse(resumed.messages[0]?.data ?? '{}') as { incident: { title: string } }).incident.title, 'after the drop');
  });

  it('answers a Last-Event-ID beyond the newest change with a reset event, then streams from the newest', async () => {
    const id = await server.declare();
    const ahead = open(1000);
    await ahead.until((s) => s.messages.some((m) => m.event === 'reset'), 'the reset event');
    const reset = ahead.messages.find((m) => m.event === 'reset');
    const latest = (await server.request('GET', `/v1/incidents/${id}`)).json as { timeline: { id: string }[] };
    const newest = Math.max(...latest.timeline.map((e) => Number(e.id.slice(3))));
    assert.equal(reset?.lastEventId, String(newest), 'the reset moves the client to the newest change');
    const data = JSON.parse(reset?.data ?? '{}') as { latestSeq: number; message: string };
    assert.equal(data.latestSeq, newest);
    assert.match(data.message, /reload/);

    await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: 'after the reset' } });
    await ahead.until((s) => s.messages.some((m) => m.event !== 'reset'), 'the next change');
    const next = ahead.messages.find((m) => m.event !== 'reset');
    assert.equal((JSON.parse(next?.data ?? '{}') as { event: { text: string } }).event.text, 'after the reset');
  });

  it('needs a token and a numeric Last-Event-ID', async () => {
    const anonymous = await server.request('GET', '/v1/stream', { token: null });
    assert.equal(anonymous.status, 401);
    const garbage = await server.request('GET', '/v1/stream', { headers: { 'last-event-id': 'abc' } });
    assert.equal(garbage.status, 400);
  });
});

describe('SseParser', () => {
  it('handles split chunks, CRLF, multi-line data, comments and id-only blocks', () => {
    const parser = new SseParser();
    const messages = [
      ...parser.push('retry: 2000\r\n: hello\r\n\r\nid: 4\n\nid: 5\ndata: {"a":'),
      ...parser.push('1}\ndata: x\r'),
      ...parser.push('\n\nevent: custom\ndata:y\n\n'),
    ];
    assert.deepEqual(messages, [
      { lastEventId: '5', event: 'message', data: '{"a":1}\nx' },
      { lastEventId: '5', event: 'custom', data: 'y' },
    ]);
    assert.equal(parser.retryMs, 2000);
  });
});
