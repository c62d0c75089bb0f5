import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { NotifyServer } from './notifyFixture';

const PLANTED = 'PLANTED-internal-note-7f3a: db-7 password rotated by mallory';
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      })
      .on('error', reject);
  });
}

describe('public status page', function () {
  this.timeout(30_000);
  let server: NotifyServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  async function seed(): Promise<{ open: string; quiet: string; done: string }> {
    const declare = async (body: Record<string, unknown>): Promise<string> => {
      const response = await server!.request('POST', '/v1/incidents', { body: { services: ['billing-db'], roles: { commander: 'carol-commander' }, ...body } });
      assert.equal(response.status, 201, response.text);
      return (response.json as { id: string }).id;
    };
    const event = async (id: string, body: Record<string, unknown>): Promise<void> => {
      const response = await server!.request('POST', `/v1/incidents/${id}/events`, { body });
      assert.equal(response.status, 201, response.text);
    };
    const open = await declare({ title: `Internal: ${PLANTED}`, severity: 1, publicTitle: HOSTILE });
    await event(open, { type: 'note', text: PLANTED });
    await event(open, { type: 'status_update', audience: 'executive', conditions: `exec ${PLANTED}`, actions: 'x', needs: 'y' });
    await event(open, { type: 'status_update', audience: 'external', conditions: 'Some payments fail', actions: 'We are failing over', needs: '' });
    // No public title and no external update: stays off the page.
    const quiet = await declare({ title: 'Quiet internal Sev 4', severity: 4 });
    const done = await declare({ title: 'internal title of the resolved one', severity: 2 });
    await event(done, { type: 'status_update', audience: 'external', conditions: 'Logins are slow', actions: 'Investigating', needs: '' });
    const resolve = await server!.request('PATCH', `/v1/incidents/${done}`, { body: { status: 'resolved' } });
    assert.equal(resolve.status, 200);
    await event(done, { type: 'status_update', audience: 'external', conditions: 'All clear: logins are back to normal', actions: '', needs: '' });
    return { open, quiet, done };
  }

  it('shows external updates and public titles only, escapes every value, and sends a strict CSP', async () => {
    server = await NotifyServer.start({ channels: [], statusPage: { access: 'public', title: 'Example status' } });
    const { open, quiet, done } = await seed();
    const page = await get(`${server.url}/status`);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src|unsafe-inline/);
    assert.doesNotMatch(page.text, /<script/i);
    assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'), 'the hostile public title is text');
    assert.ok(page.text.includes('Some payments fail'));
    assert.ok(page.text.includes('All clear: logins are back to normal'));
    assert.ok(page.text.includes('Service disruption (Sev 2)'), 'no public title: Service disruption and the severity');
    for (const secret of ['PLANTED-internal-note-7f3a', 'carol-commander', 'billing-db', 'internal title', 'Quiet internal', 'alice']) {
      assert.ok(!page.text.includes(secret), `${secret} must not be on the page`);
    }
    assert.ok(page.text.indexOf(open) < page.text.indexOf('Past 90 days') && page.text.indexOf(done) > page.text.indexOf('Past 90 days'));
    assert.ok(!page.text.includes(`id="${quiet}"`));

    const feed = await get(`${server.url}/status/feed.atom`);
    assert.equal(feed.status, 200);
    assert.match(String(feed.headers['content-type']), /^application\/atom\+xml/);
    assert.match(feed.text, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.equal((feed.text.match(/<entry>/g) ?? []).length, 3);
    assert.ok(feed.text.includes('All clear: logins are back to normal'));
    assert.ok(!feed.text.includes('<script>'));
    for (const secret of ['PLANTED-internal-note-7f3a', 'carol-commander', 'billing-db', 'internal title']) assert.ok(!feed.text.includes(secret), secret);
  });

  it('behind a login: HTTP Basic with a token as the password, nothing without it', async () => {
    server = await NotifyServer.start({ channels: [] });
    const denied = await get(`${server.url}/status`);
    assert.equal(denied.status, 401);
    assert.match(String(denied.headers['www-authenticate']), /^Basic /);
    const wrong = await get(`${server.url}/status/feed.atom`, { authorization: `Basic ${Buffer.from('x:not-a-token').toString('base64')}` });
    assert.equal(wrong.status, 401);
    const allowed = await get(`${server.url}/status`, { authorization: `Basic ${Buffer.from(`viewer:${server.token}`).toString('base64')}` });
    assert.equal(allowed.status, 200);
    assert.match(allowed.text, /All systems operational/);
    // A token in the URL is never a way in.
    assert.equal((await get(`${server.url}/status?token=${server.token}`)).status, 401);
  });
});
