import * as assert from 'node:assert/strict';
import type { Incident, IncidentWithTimeline } from '../../../src/core/incidents/model';
import { createToken } from '../../../src/server/index';
import { spawnServer, stopProcess, type ServerProcess } from './cliProcess';
import { call } from './rawCall';
import { createEmptyDatabase, splitPassword, sql } from './postgresFixture';
import { RawStream } from './sseReader';

describe('several replicas on one PostgreSQL database (three real `serve` processes)', function () {
  this.timeout(120_000);
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let replicas: ServerProcess[] = [];
  let token: string;
  const streams: RawStream[] = [];

  beforeEach(async () => {
    const database = await createEmptyDatabase();
    drop = database.drop;
    databaseUrl = database.url;
    token = await createToken({ database: { connectionString: database.url } }, { name: 'alice' });
    const { url, password } = splitPassword(database.url);
    // The first replica migrates; the others start on the migrated database at the same time.
    replicas = await Promise.all([0, 1, 2].map(() => spawnServer({ databaseUrl: url, password })));
  });

  afterEach(async () => {
    for (const stream of streams.splice(0)) await stream.close();
    await Promise.all(replicas.map((replica) => stopProcess(replica)));
    replicas = [];
    await drop();
  });

  function stream(replica: ServerProcess, lastEventId?: number): RawStream {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
    const opened = new RawStream(`${replica.url}/v1/stream`, headers);
    streams.push(opened);
    return opened;
  }

  function at(index: number): ServerProcess {
    const replica = replicas[index];
    if (!replica) throw new Error(`no replica ${index}`);
    return replica;
  }

  async function declare(replica: ServerProcess, title: string): Promise<Incident> {
    const reply = await call(replica.url, token, 'POST', '/v1/incidents', { title, severity: 2 });
    assert.equal(reply?.status, 201, reply?.body);
    return JSON.parse(reply?.body ?? '{}') as Incident;
  }

  it('a write on replica A reaches an SSE subscriber on replica C within a second', async () => {
    const onC = stream(at(2));
    await onC.until((s) => s.raw.includes('id: 0\n'), 'the stream to open and replay');
    const incident = await declare(at(0), 'Written on A');
    const acknowledged = Date.now();
    await onC.until((s) => s.messages.some((m) => m.data.includes(incident.id)), 'the change on C', 1000);
    const message = onC.messages.find((m) => m.data.includes(incident.id));
    assert.equal(message?.lastEventId, '1');
    assert.ok(Date.now() - acknowledged < 1000);
  });

  it('Last-Event-ID resumes on another replica with no gap and no duplicate while writes go on', async () => {
    const first = stream(at(0));
    for (let i = 0; i < 5; i++) await declare(at(i % 3), `before ${i}`);
    await first.until((s) => s.ids.includes(5), 'five changes on A');
    await first.close();
    const resumeFrom = Math.max(...first.ids.filter((id) => id > 0));
    // Writes keep landing on all replicas while the client is away and while it reconnects.
    const writing = (async () => {
      for (let i = 0; i < 15; i++) await declare(at(i % 3), `during ${i}`);
    })();
    const resumed = stream(at(2), resumeFrom);
    await writing;
    await resumed.until((s) => s.ids.includes(20), 'every change up to 20 on C');
    const changeIds = resumed.messages.filter((m) => m.data !== '').map((m) => Number(m.lastEventId));
    assert.deepEqual(changeIds, Array.from({ length: 15 }, (_, i) => resumeFrom + 1 + i));
  });

  it('a replica whose LISTEN connection is cut reconnects and backfills what was committed meanwhile', async () => {
    const onC = stream(at(2));
    await onC.until((s) => s.raw.includes('id: 0\n'), 'the stream to open and replay');
    const cut = await sql<{ cut: boolean }>(
      databaseUrl,
      "SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = 'incident-desk-listen' AND datname = current_database()",
    );
    assert.equal(cut.length, 3, 'each replica holds one LISTEN connection');
    // Committed while every replica is deaf: only the backfill after reconnecting can deliver it.
    const during = await declare(at(0), 'During the gap');
    await onC.until((s) => s.messages.some((m) => m.data.includes(during.id)), 'the change committed during the gap');
    const after = await declare(at(1), 'After the gap');
    await onC.until((s) => s.messages.some((m) => m.data.includes(after.id)), 'the change after reconnecting');
    assert.deepEqual(onC.ids, [1, 2]);
    assert.match(at(2).stderr(), /LISTEN connection lost/);
  });

  it('20 clients over three replicas, one killed -9 midway: every acknowledged write is stored, none twice', async () => {
    const target = await declare(at(0), 'Busy incident');
    const acknowledged = new Set<string>();
    let killedAt = -1;
    let writes = 0;
    const alive = (index: number): boolean => index !== killedAt;
    const client = async (c: number): Promise<void> => {
      for (let i = 0; i < 15; i++) {
        const key = `c${c}-w${i}`;
        // A write whose reply was lost is sent again with the same key to another replica:
        // it was either stored (and replays) or not (and is stored now), never twice.
        for (let attempt = 0; attempt < 6; attempt++) {
          const index = (c + i + attempt) % 3;
          if (!alive(index)) continue;
          const reply = await call(at(index).url, token, 'POST', `/v1/incidents/${target.id}/events`, { type: 'note', text: key }, { 'idempotency-key': key });
          if (reply?.status === 201) {
            acknowledged.add(key);
            break;
          }
          assert.ok(reply === undefined || reply.status === 503, `unexpected ${reply?.status} ${reply?.body}`);
        }
        if (++writes === 100) {
          killedAt = 1;
          at(1).child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, c) => client(c)));
    assert.equal(killedAt, 1);
    assert.equal((await at(1).exited).signal, 'SIGKILL');
    const reply = await call(at(2).url, token, 'GET', `/v1/incidents/${target.id}`);
    const notes = (JSON.parse(reply?.body ?? '{}') as IncidentWithTimeline).timeline.flatMap((e) => (e.type === 'note' ? [e.text] : []));
    assert.equal(new Set(notes).size, notes.length, 'no write stored twice');
    for (const key of acknowledged) assert.ok(notes.includes(key), `acknowledged ${key} is stored`);
    assert.equal(acknowledged.size, 300, 'every client got every write acknowledged by a live replica');
  });

  it('50 concurrent PATCHes with one If-Match spread over the replicas: exactly one wins', async () => {
    const incident = await declare(at(0), 'Contended');
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(at(i % 3).url, token, 'PATCH', `/v1/incidents/${incident.id}`, { summary: `writer ${i}` }, { 'if-match': '"1"' }),
      ),
    );
    const statuses = replies.map((r) => r?.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 412).length, 49, statuses.join(','));
    const stored = JSON.parse((await call(at(2).url, token, 'GET', `/v1/incidents/${incident.id}`))?.body ?? '{}') as Incident;
    assert.equal(stored.version, 2);
  });

  it('one Idempotency-Key posted to all three replicas at once makes one incident and one event', async () => {
    const replies = await Promise.all(
      [0, 1, 2].map((index) => call(at(index).url, token, 'POST', '/v1/incidents', { title: 'Once', severity: 1 }, { 'idempotency-key': 'the-one' })),
    );
    assert.deepEqual(replies.map((r) => r?.status), [201, 201, 201]);
    assert.equal(new Set(replies.map((r) => (JSON.parse(r?.body ?? '{}') as Incident).id)).size, 1);
    const events = JSON.parse((await call(at(0).url, token, 'GET', '/v1/events'))?.body ?? '{}') as { events: unknown[] };
    assert.equal(events.events.length, 1);
    const incidents = JSON.parse((await call(at(1).url, token, 'GET', '/v1/incidents'))?.body ?? '{}') as { incidents: unknown[] };
    assert.equal(incidents.incidents.length, 1);
  });
});
