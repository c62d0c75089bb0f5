import * as assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../../../src/server/config/loader';
import { resolveNotify } from '../../../src/server/notify/config';
import { channelsFor } from '../../../src/server/notify/routing';
import { WEBHOOK_SECRET } from './notifyFixture';

const FILE = '/etc/incident-desk/config.yaml';

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected the config to be refused');
}

const GOOD = `notify:
  channels:
    - name: exec
      type: slack
      label: "#inc-exec"
      audience: executive
      webhook_url: { env: SLACK_EXEC }
    - name: team
      type: teams
      audience: technical
      webhook_url: { env: TEAMS_TEAM }
    - name: status
      type: webhook
      audience: external
      url: https://status.example.com/hook
      secret: { env: HOOK_SECRET }
    - name: mail
      type: email
      audience: executive
      smtp: { host: smtp.example.com, port: 465, user: desk, password: { env: SMTP_PASSWORD } }
      from: incidents@example.com
      to: [cto@example.com]
status_page:
  access: public
  title: Example status
`;

describe('notify: config section', () => {
  it('reads channels, defaults the routes from the loop-in column, and resolves secrets from the environment', () => {
    const config = parseConfig(GOOD, FILE);
    assert.equal(config.notify.channels.length, 4);
    assert.deepEqual(config.status_page, { access: 'public', title: 'Example status' });
    const env = { SLACK_EXEC: 'https://hooks.slack.com/services/T/B/x', TEAMS_TEAM: 'https://example.powerautomate.com/x', HOOK_SECRET: WEBHOOK_SECRET, SMTP_PASSWORD: 'pw' };
    const notify = resolveNotify(config.notify, env);
    const names = (severity: 0 | 1 | 2 | 3 | 4, event: 'declared' | 'status_update' | 'resolved', audience?: 'executive' | 'technical' | 'external') =>
      channelsFor(notify.routing, { event, severity, ...(audience ? { audience } : {}) }).map((channel) => channel.name);
    // Sev 0–1: leadership and the team; Sev 2: the team; Sev 3–4: on-call only.
    assert.deepEqual(names(1, 'declared'), ['exec', 'team', 'mail']);
    assert.deepEqual(names(2, 'declared'), ['team']);
    assert.deepEqual(names(3, 'declared'), []);
    // Status updates go by their audience; external channels get external updates and the resolution only.
    assert.deepEqual(names(1, 'status_update', 'executive'), ['exec', 'mail']);
    assert.deepEqual(names(2, 'status_update', 'external'), ['status']);
    assert.deepEqual(names(2, 'resolved'), ['team', 'status']);
    // The routing table the store and the API see carries no secret.
    assert.doesNotMatch(JSON.stringify(notify.routing), /hooks\.slack|powerautomate|whsec_|"pw"/);
  });

  it('reports every mistake at its line and column', () => {
    const problems = problemsOf(`notify:
  channels:
    - name: exec
      type: slak
      audience: executive
    - name: hook
      type: webhook
      audience: everyone
      url: ftp://x
      secret: whsec_literal
    - name: slack2
      type: slack
      audience: technical
      webhook_url: https://hooks.slack.com/services/literal
      to: [x@example.com]
  routes:
    - channels: [exec, nowhere]
      severities: [1, 7]
      events: [declared, paged]
  delivery: { max_attempts: 0 }
`);
    const expect = [
      `${FILE}:4:13: notify.channels[0].type must be one of slack, teams, webhook, email.`,
      `${FILE}:8:17: notify.channels[1].audience must be one of executive, technical, external.`,
      `${FILE}:9:12: notify.channels[1].url must be an http:// or https:// URL.`,
      `${FILE}:10:15: notify.channels[1].secret must not be the secret itself`,
      `${FILE}:11:7: notify.channels[2]: 'to' is not a setting of a slack channel`,
      `${FILE}:14:20: notify.channels[2].webhook_url must not be the secret itself`,
      `${FILE}:17:24: notify.routes[0].channels: 'nowhere' is not a channel in notify.channels.`,
      `${FILE}:18:23: notify.routes[0].severities: '7' is not one of 0, 1, 2, 3, 4.`,
      `${FILE}:19:26: notify.routes[0].events: 'paged' is not one of declared, severity_changed, status_update, resolved.`,
      `${FILE}:20:29: notify.delivery.max_attempts must be a whole number from 1 to 100.`,
    ];
    assert.equal(problems.length, expect.length, problems.join('\n'));
    for (const line of expect) assert.ok(problems.some((problem) => problem.startsWith(line)), `missing: ${line}\n got:\n${problems.join('\n')}`);
  });

  it('refuses a webhook signing secret that is not whsec_ + base64, naming the channel and never the value', () => {
    const config = parseConfig(GOOD, FILE);
    assert.throws(
      () => resolveNotify(config.notify, { SLACK_EXEC: 'https://x', TEAMS_TEAM: 'https://y', HOOK_SECRET: 'hunter2-plain', SMTP_PASSWORD: 'pw' }),
      (error: Error) => /notify channel status: the signing secret must be whsec_/.test(error.message) && !error.message.includes('hunter2'),
    );
  });

  it('refuses an unknown status_page access', () => {
    assert.ok(problemsOf('status_page:\n  access: open\n').some((p) => p.startsWith(`${FILE}:2:11: status_page.access must be public or viewer.`)));
  });
});
