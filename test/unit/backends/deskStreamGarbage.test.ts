import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionStatus, IncidentChange } from '../../../src/backends/backend';
import { followStream } from '../../../src/backends/desk/deskStream';

/** An SSE endpoint on loopback that sends what the test gives it, and counts connections. */
async function sseServer(messages: string[]): Promise<{ url: string; connections: string[]; close(): Promise<void> }> {
  const connections: string[] = [];
  const server = http.createServer((request, response) => {
    connections.push(String(request.headers['last-event-id'] ?? ''));
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const message of messages) response.write(message);
    // Held open, as the real stream is; heartbeats keep it alive.
    const beat = setInterval(() => response.write(': heartbeat\n\n'), 50);
    request.on('close', () => clearInterval(beat));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/stream`,
    connections,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the change stream with messages it cannot read', () => {
  it('steps past a message that is not JSON or lacks incidentId, asks for a reload, and does not reconnect', async () => {
    const server = await sseServer([
      'id: 1\ndata: {not json\n\n',
      'id: 2\ndata: {"incident": {}}\n\n',
      'id: 3\ndata: {"incidentId": "INC-7"}\n\n',
    ]);
    const changes: IncidentChange[] = [];
    const statuses: ConnectionStatus[] = [];
    const subscription = followStream({ url: server.url, headers: {}, secrets: [], reconnectBaseMs: 5, reconnectMaxMs: 10 }, (c) => changes.push(c), (s) => statuses.push(s));
    try {
      await waitFor(() => changes.length === 1, 'the readable change');
      assert.deepEqual(changes, [{ incidentId: 'INC-7', cursor: '3' }]);
      const resets = statuses.filter((s) => s.state === 'reset').map((s) => (s.state === 'reset' ? s.reason : ''));
      assert.equal(resets.length, 2);
      assert.match(resets[0] ?? '', /not JSON \(change 1\); reloading/);
      assert.match(resets[1] ?? '', /lacks incidentId \(change 2\); reloading/);
      // Give a reconnect loop time to show itself.
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(server.connections, [''], 'one connection, never re-reading the bad messages');
      assert.equal(statuses.some((s) => s.state === 'reconnecting'), false);
    } finally {
      subscription.dispose();
      await server.close();
    }
  });
});
