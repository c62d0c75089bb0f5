import * as assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { signingKey } from '../../../src/server/notify/config';
import type { ResolvedChannel } from '../../../src/server/notify/types';
import { RawStream } from '../server/sseReader';
import { eventually, NotifyServer, Receiver, WEBHOOK_SECRET, type ReceivedRequest } from './notifyFixture';

interface Delivery { id: string; channel: string; status: string; attempts: number; lastError: string | null }

/** Standard Webhooks verification as a receiver does it, written from the spec and independent of the sender's code. */
function verifySignature(request: ReceivedRequest, secret: string): boolean {
  const id = String(request.headers['webhook-id']);
  const timestamp = String(request.headers['webhook-timestamp']);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest();
  return String(request.headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [version, signature] = entry.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** The parts of Slack's Block Kit reference a message relies on: text fallback, known block types, field limits. */
function assertBlockKit(message: Record<string, unknown>): void {
  assert.equal(typeof message.text, 'string');
  const blocks = message.blocks as Record<string, unknown>[];
  assert.ok(Array.isArray(blocks) && blocks.length > 0 && blocks.length <= 50);
  for (const block of blocks) {
    assert.ok(['header', 'section', 'context', 'divider'].includes(String(block.type)), `unknown block ${String(block.type)}`);
    if (block.type === 'header') {
      const text = block.text as { type: string; text: string };
      assert.equal(text.type, 'plain_text');
      assert.ok(text.text.length <= 150);
    }
    if (block.type === 'section') {
      const text = block.text as { type: string; text: string };
      assert.ok(['mrkdwn', 'plain_text'].includes(text.type));
      assert.ok(text.text.length <= 3000);
    }
    if (block.type === 'context') assert.ok(Array.isArray(block.elements) && (block.elements as unknown[]).length <= 10);
  }
}

/** Teams workflow webhook: a message with one Adaptive Card attachment. */
function assertAdaptiveCardEnvelope(message: Record<string, unknown>): Record<string, unknown> {
  assert.equal(message.type, 'message');
  const attachments = message.attachments as Record<string, unknown>[];
  assert.equal(attachments.length, 1);
  assert.equal(attachments[0]!.contentType, 'application/vnd.microsoft.card.adaptive');
  const card = attachments[0]!.content as Record<string, unknown>;
  assert.equal(card.type, 'AdaptiveCard');
  assert.equal(card.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
  assert.match(String(card.version), /^1\.[0-6]$/);
  for (const element of card.body as Record<string, unknown>[]) {
    assert.ok(['TextBlock', 'FactSet'].includes(String(element.type)));
    if (element.type === 'FactSet') for (const fact of element.facts as { title: unknown; value: unknown }[]) assert.ok(typeof fact.title === 'string' && typeof fact.value === 'string');
  }
  return card;
}

describe('stakeholder delivery', function () {
  this.timeout(30_000);
  let slack: Receiver;
  let teams: Receiver;
  let hook: Receiver;
  let server: NotifyServer | undefined;

  beforeEach(async () => {
    [slack, teams, hook] = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start()]);
  });
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
    await Promise.all([slack.close(), teams.close(), hook.close()]);
  });

  const channels = (): ResolvedChannel[] => [
    { name: 'exec', type: 'slack', label: '#inc-exec', audience: 'executive', transport: { type: 'slack', webhookUrl: slack.url } },
    { name: 'team', type: 'teams', label: 'Teams: Payments', audience: 'technical', transport: { type: 'teams', webhookUrl: teams.url } },
    { name: 'status', type: 'webhook', label: 'status webhook', audience: 'external', transport: { type: 'webhook', url: hook.url, secret: signingKey(WEBHOOK_SECRET) } },
  ];

  async function declare(body: Record<string, unknown> = {}): Promise<string> {
    const response = await server!.request('POST', '/v1/incidents', { body: { title: 'Checkout <b>errors</b> & EU db-7 down', severity: 1, publicTitle: 'Checkout is slow', ...body } });
    assert.equal(response.status, 201, response.text);
    return (response.json as { id: string }).id;
  }

  async function deliveries(id: string): Promise<Delivery[]> {
    const response = await server!.request('GET', `/v1/incidents/${id}/deliveries`);
    assert.equal(response.status, 200, response.text);
    return (response.json as { deliveries: Delivery[] }).deliveries;
  }

  it('streams each delivery event to subscribers as it is recorded, with no other write to wake the stream', async () => {
    server = await NotifyServer.start({ channels: channels().filter((channel) => channel.name === 'status') });
    const stream = new RawStream(`${server.url}/v1/stream`, { authorization: `Bearer ${server.token}` });
    try {
      await stream.until((s) => s.status === 200, 'the stream to open');
      await declare();
      // The declare is the last write: only the delivery worker commits after it.
      await stream.until((s) => s.messages.some((m) => m.data.includes('"type":"delivery"') && m.data.includes('delivered to status webhook')), 'the delivery event on the stream', 5_000);
    } finally {
      await stream.close();
    }
  });

  it('sends each routed event once to Slack (Block Kit), Teams (Adaptive Card) and a signed webhook, and records it in the timeline', async () => {
    server = await NotifyServer.start({ channels: channels() });
    const id = await declare();
    const update = await server.request('POST', `/v1/incidents/${id}/events`, {
      body: { type: 'status_update', audience: 'external', conditions: 'Payments fail for some customers', actions: 'Failing over', needs: '' },
    });
    assert.equal(update.status, 201);

    await eventually(async () => {
      const all = await deliveries(id);
      assert.equal(all.length, 6); // 2 events × 3 channels
      assert.ok(all.every((d) => d.status === 'delivered'), JSON.stringify(all));
    });
    assert.equal(slack.requests.length, 2);
    assert.equal(teams.requests.length, 2);
    assert.equal(hook.requests.length, 2);
    for (const request of slack.requests) assertBlockKit(JSON.parse(request.body) as Record<string, unknown>);
    // Slack's mrkdwn control characters are escaped, never interpreted.
    assert.match(slack.requests[0]!.body, /&lt;b&gt;errors&lt;\/b&gt; &amp; EU/);
    for (const request of teams.requests) assertAdaptiveCardEnvelope(JSON.parse(request.body) as Record<string, unknown>);

    for (const request of hook.requests) {
      assert.ok(verifySignature(request, WEBHOOK_SECRET), 'the webhook signature verifies');
      assert.match(String(request.headers['webhook-id']), /^msg_EV-\d+\.status$/);
      // The external channel reads the public title, never the internal one.
      assert.doesNotMatch(request.body, /db-7/);
    }
    const payload = JSON.parse(hook.requests[1]!.body) as { type: string; data: { incident: { title: string }; event: { conditions: string } } };
    assert.equal(payload.type, 'incident.status_update');
    assert.equal(payload.data.incident.title, 'Checkout is slow');
    assert.equal(payload.data.event.conditions, 'Payments fail for some customers');
    assert.ok(!verifySignature({ ...hook.requests[0]!, body: hook.requests[0]!.body.replace('incident.', 'incident!') }, WEBHOOK_SECRET), 'a changed body fails');

    const incident = (await server.request('GET', `/v1/incidents/${id}`)).json as { timeline: { type: string; detail?: string }[] };
    const details = incident.timeline.filter((event) => event.type === 'delivery').map((event) => event.detail);
    assert.equal(details.length, 6);
    assert.ok(details.includes('delivered to #inc-exec'));
    // Nothing is sent twice once confirmed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(slack.requests.length + teams.requests.length + hook.requests.length, 6);
  });

  it('routes by severity and audience: an executive update at Sev 1 reaches the executive channel only', async () => {
    server = await NotifyServer.start({
      channels: channels(),
      routes: [
        { channels: ['exec'], severities: [0, 1], events: ['status_update'], audiences: ['executive'] },
        { channels: ['status'], severities: [0, 1, 2], events: ['status_update'], audiences: ['external'] },
      ],
    });
    const id = await declare();
    const preview = await server.request('GET', `/v1/incidents/${id}/routes?audience=executive`);
    assert.deepEqual((preview.json as { channels: { name: string }[] }).channels.map((c) => c.name), ['exec']);
    await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'status_update', audience: 'executive', conditions: 'c', actions: 'a', needs: 'n' } });
    await eventually(async () => assert.equal((await deliveries(id)).filter((d) => d.status === 'delivered').length, 1));
    assert.equal(slack.requests.length, 1);
    assert.equal(hook.requests.length + teams.requests.length, 0);
  });

  it('retries after a 500 and after a 429, waiting at least its Retry-After', async () => {
    server = await NotifyServer.start({ channels: channels().slice(0, 1), routes: [{ channels: ['exec'], severities: [1], events: ['declared'], audiences: [] }] });
    slack.responder = (_request, n) => (n === 1 ? { status: 500 } : n === 2 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 });
    const id = await declare();
    await eventually(async () => assert.equal((await deliveries(id))[0]?.status, 'delivered'));
    const [delivery] = await deliveries(id);
    assert.equal(delivery!.attempts, 3);
    assert.equal(slack.requests.length, 3);
    const waited = slack.requests[2]!.at - slack.requests[1]!.at;
    assert.ok(waited >= 950, `waited ${waited} ms after Retry-After: 1`);
  });

  it('makes a dead letter after N tries, shows it, and sends it again on retry', async () => {
    server = await NotifyServer.start({ channels: channels().slice(0, 1), routes: [{ channels: ['exec'], severities: [1], events: ['declared'], audiences: [] }], delivery: { maxAttempts: 3 } });
    slack.responder = () => ({ status: 503 });
    const id = await declare();
    await eventually(async () => assert.equal((await deliveries(id))[0]?.status, 'dead'));
    const [dead] = await deliveries(id);
    assert.equal(dead!.attempts, 3);
    assert.equal(dead!.lastError, '503 from Slack');
    assert.equal(slack.requests.length, 3);
    const timeline = ((await server.request('GET', `/v1/incidents/${id}`)).json as { timeline: { type: string; outcome?: string; detail?: string }[] }).timeline;
    const entry = timeline.find((event) => event.type === 'delivery');
    assert.equal(entry?.outcome, 'dead_letter');
    assert.equal(entry?.detail, 'failed: 503 from Slack after 3 tries (#inc-exec)');

    const notDead = await server.request('POST', `/v1/incidents/${id}/deliveries/nope/retry`);
    assert.equal(notDead.status, 404);
    slack.responder = () => ({ status: 200 });
    const retried = await server.request('POST', `/v1/incidents/${id}/deliveries/${dead!.id}/retry`);
    assert.equal(retried.status, 202, retried.text);
    await eventually(async () => assert.equal((await deliveries(id))[0]?.status, 'delivered'));
    assert.equal(slack.requests.length, 4);
    const again = await server.request('POST', `/v1/incidents/${id}/deliveries/${dead!.id}/retry`);
    assert.equal(again.status, 409);
  });

  it('gives up at once on a 404 ("failed: 404 from Teams")', async () => {
    server = await NotifyServer.start({ channels: channels().slice(1, 2), routes: [{ channels: ['team'], severities: [1], events: ['declared'], audiences: [] }] });
    teams.responder = () => ({ status: 404 });
    const id = await declare();
    await eventually(async () => assert.equal((await deliveries(id))[0]?.status, 'dead'));
    assert.equal(teams.requests.length, 1);
    const timeline = ((await server.request('GET', `/v1/incidents/${id}`)).json as { timeline: { type: string; detail?: string }[] }).timeline;
    assert.equal(timeline.find((event) => event.type === 'delivery')?.detail, 'failed: 404 from Teams (Teams: Payments)');
  });

  it('never puts a webhook URL (a secret) in an error', async () => {
    const secretUrl = 'http://127.0.0.1:1/services/T000/B000/very-secret-token';
    server = await NotifyServer.start({
      channels: [{ name: 'exec', type: 'slack', label: '#inc-exec', audience: 'executive', transport: { type: 'slack', webhookUrl: secretUrl } }],
      routes: [{ channels: ['exec'], severities: [1], events: ['declared'], audiences: [] }],
      delivery: { maxAttempts: 2 },
    });
    const id = await declare();
    await eventually(async () => assert.equal((await deliveries(id))[0]?.status, 'dead'));
    const everything = JSON.stringify([await deliveries(id), (await server.request('GET', `/v1/incidents/${id}`)).json]);
    assert.doesNotMatch(everything, /very-secret-token/);
    assert.match(everything, /no answer from Slack/);
  });
});
