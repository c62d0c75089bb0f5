import * as assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { eventually, NotifyServer } from './notifyFixture';

describe('email delivery', function () {
  this.timeout(30_000);

  it('sends the update over SMTP (with login) to every recipient, once', async () => {
    const mails: { from: string; to: string[]; data: string; user: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'desk' && auth.password === 'smtp-secret') callback(null, { user: auth.username });
        else callback(new Error('bad login'));
      },
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
            user: String(session.user),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    const server = await NotifyServer.start({
      channels: [
        {
          name: 'leadership',
          type: 'email',
          label: 'leadership@',
          audience: 'executive',
          transport: { type: 'email', from: 'incidents@example.com', to: ['cto@example.com', 'vp@example.com'], smtp: { host: '127.0.0.1', port, secure: false, user: 'desk', password: 'smtp-secret' } },
        },
      ],
      routes: [{ channels: ['leadership'], severities: [0], events: ['declared'], audiences: [] }],
    });
    try {
      const declared = await server.request('POST', '/v1/incidents', { body: { title: 'Everything is down', severity: 0 } });
      const id = (declared.json as { id: string }).id;
      await eventually(async () => {
        const list = (await server.request('GET', `/v1/incidents/${id}/deliveries`)).json as { deliveries: { status: string }[] };
        assert.equal(list.deliveries[0]?.status, 'delivered');
      });
      assert.equal(mails.length, 1);
      assert.equal(mails[0]!.from, 'incidents@example.com');
      assert.deepEqual(mails[0]!.to, ['cto@example.com', 'vp@example.com']);
      assert.equal(mails[0]!.user, 'desk');
      // Encoded-word subject (the · is not ASCII): the words are there, underscores for spaces.
      assert.match(mails[0]!.data, /Subject: =\?UTF-8\?Q\?=5BIncident_declared=5D_INC-\d+/);
      assert.match(mails[0]!.data, /Everything_is_down/);
      assert.match(mails[0]!.data, /\r\nSeverity: Sev 0\r\n/);
      assert.match(mails[0]!.data, /Message-ID: <EV-\d+\.leadership@incident-desk>/i);
    } finally {
      await server.dispose();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
