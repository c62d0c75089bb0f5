import * as assert from 'node:assert/strict';
import { runSession, type RunSessionRequest } from '../../../src/app/runbooks/runSession';
import { StepCwdError } from '../../../src/app/runbooks/stepCwd';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import { REDACTED } from '../../../src/core/runbooks/runRecord';
import { sessionFakes } from '../../support/runSessionFakes';

const fence = '```';
const SECRET = 'hunter2-canary-value';

/** A runbook whose second step names the secret's value literally, which the records must still never hold. */
const RUNBOOK = parseRunbook(
  [
    '---',
    'title: Session runbook',
    'params:',
    '  API_KEY: { description: "api key", secret: true }',
    '  REGION: { default: us-east-1 }',
    '---',
    `${fence}sh { name=check }`,
    'test -n "$API_KEY" && echo "$REGION"',
    fence,
    `${fence}sh { name=leaky }`,
    `curl -H "X-Key: ${SECRET}" https://example.invalid/health`,
    fence,
    `${fence}sh { name=wipe }`,
    'rm -rf ./scratch',
    fence,
    `${fence}sh { name=last }`,
    'echo done',
    fence,
  ].join('\n'),
);

function request(overrides: Partial<RunSessionRequest> = {}): RunSessionRequest {
  return { parsed: RUNBOOK, mode: 'all', runbook: 'runbooks/session.md', assumeYes: false, ...overrides };
}

const params = { API_KEY: SECRET, REGION: 'eu-west-1' };

describe('run session (in-memory ports)', () => {
  it('runs every step in order, hands params to the executor as environment and records each run once', async () => {
    const fakes = sessionFakes({ params });
    const outcome = await runSession(request(), fakes.ports);
    assert.equal(outcome.status, 'completed');
    assert.deepEqual(fakes.executor.executed.map((e) => e.step), ['check', 'leaky', 'wipe', 'last']);
    assert.equal(fakes.executor.executed[0]?.context.env.API_KEY, SECRET, 'the secret reaches the step');
    assert.deepEqual(fakes.asker.asked, ['plan', 'step wipe'], 'one question for the run, one for the destructive step');
    assert.deepEqual(
      fakes.sink.records.map((r) => [r.runbook, r.step, r.stepIndex, r.exitCode, r.user, r.runId]),
      [
        ['runbooks/session.md', 'check', 0, 0, 'maya', 'run-1'],
        ['runbooks/session.md', 'leaky', 1, 0, 'maya', 'run-2'],
        ['runbooks/session.md', 'wipe', 2, 0, 'maya', 'run-3'],
        ['runbooks/session.md', 'last', 3, 0, 'maya', 'run-4'],
      ],
    );
    assert.deepEqual(outcome.runs.map((r) => r.record), fakes.sink.records, 'the outcome carries the records as written');
  });

  it('masks secret values in every record and every timeline event', async () => {
    const fakes = sessionFakes({ params, incidentId: 'INC-7' });
    await runSession(request(), fakes.ports);
    assert.equal(fakes.sink.records.length, 4);
    assert.equal(fakes.incident.posted.length, 4);
    const written = JSON.stringify([fakes.sink.records, fakes.incident.posted]);
    assert.ok(!written.includes(SECRET), 'no record or event holds the secret value');
    assert.equal(fakes.sink.records[1]?.command, `curl -H "X-Key: ${REDACTED}" https://example.invalid/health`);
    assert.equal(fakes.sink.records[0]?.command, 'test -n "$API_KEY" && echo "$REGION"', 'the step text is kept, not its expansion');
  });

  it('posts each record to the current incident as a runbook_step event with the same run id', async () => {
    const fakes = sessionFakes({ params, incidentId: 'INC-7' });
    await runSession(request({ mode: 'step', stepIndex: 0 }), fakes.ports);
    assert.equal(fakes.sink.records[0]?.incidentId, 'INC-7');
    assert.deepEqual(fakes.incident.posted, [
      {
        incidentId: 'INC-7',
        event: { type: 'runbook_step', runId: 'run-1', author: 'maya', runbook: 'runbooks/session.md', step: 'check', exitCode: 0, durationMs: 1200, command: 'test -n "$API_KEY" && echo "$REGION"' },
      },
    ]);

    const alone = sessionFakes({ params });
    await runSession(request({ mode: 'step', stepIndex: 0 }), alone.ports);
    assert.equal(alone.sink.records[0]?.incidentId, undefined, 'without a current incident the record names none');
    assert.deepEqual(alone.incident.posted, []);
  });

  it('runs nothing when the run is not confirmed', async () => {
    const fakes = sessionFakes({ params, asker: { plan: false } });
    const outcome = await runSession(request(), fakes.ports);
    assert.equal(outcome.status, 'declined-plan');
    assert.deepEqual(fakes.executor.executed, []);
    assert.deepEqual(fakes.sink.records, []);
  });

  it('stops before a destructive step that is not confirmed; earlier steps ran, later ones do not', async () => {
    const fakes = sessionFakes({ params, asker: { steps: { wipe: false } } });
    const outcome = await runSession(request(), fakes.ports);
    assert.equal(outcome.status, 'declined-step');
    assert.ok(outcome.status === 'declined-step' && outcome.position === 2);
    assert.deepEqual(fakes.executor.executed.map((e) => e.step), ['check', 'leaky']);
    assert.deepEqual(fakes.sink.records.map((r) => r.step), ['check', 'leaky']);
  });

  it('stops Run all at the first step that fails, recording it and running nothing after it', async () => {
    const fakes = sessionFakes({ params, exitCodes: { leaky: 3 } });
    const outcome = await runSession(request(), fakes.ports);
    assert.equal(outcome.status, 'stopped');
    assert.ok(outcome.status === 'stopped' && outcome.stoppedAt.step.name === 'leaky' && outcome.position === 1);
    assert.deepEqual(fakes.executor.executed.map((e) => e.step), ['check', 'leaky']);
    assert.deepEqual(fakes.sink.records.map((r) => [r.step, r.exitCode]), [['check', 0], ['leaky', 3]]);
  });

  it('a single failing step is failed, not stopped', async () => {
    const fakes = sessionFakes({ params, exitCodes: { check: 1 } });
    assert.equal((await runSession(request({ mode: 'step', stepIndex: 0 }), fakes.ports)).status, 'failed');
  });

  it('after an unknown exit code asks whether to go on, and stops when told no', async () => {
    const stop = sessionFakes({ params, exitCodes: { check: null } });
    const stopped = await runSession(request(), stop.ports);
    assert.equal(stopped.status, 'stopped');
    assert.deepEqual(stop.asker.asked, ['plan', 'unknown check']);
    assert.equal(stop.sink.records[0]?.exitCode, null, 'recorded as unknown, never as success');

    const go = sessionFakes({ params, exitCodes: { check: null }, asker: { continueAfterUnknown: true } });
    assert.equal((await runSession(request(), go.ports)).status, 'completed');
    const last = sessionFakes({ params, exitCodes: { last: null } });
    assert.equal((await runSession(request(), last.ports)).status, 'unknown', 'an unknown last step ends the run as unknown');
  });

  it('with nobody to ask, refuses up front when a step must ask first, and runs everything with assumeYes', async () => {
    const refused = sessionFakes({ params, asker: { interactive: false } });
    const outcome = await runSession(request(), refused.ports);
    assert.equal(outcome.status, 'needs-confirmation');
    assert.ok(outcome.status === 'needs-confirmation' && outcome.steps.map((s) => s.name).join() === 'wipe');
    assert.deepEqual(refused.executor.executed, []);

    const yes = sessionFakes({ params, asker: { interactive: false } });
    assert.equal((await runSession(request({ assumeYes: true }), yes.ports)).status, 'completed');
    assert.deepEqual(yes.asker.asked, [], 'assumeYes asks nothing');
  });

  it('runs nothing when params are missing or cancelled', async () => {
    const cancelled = sessionFakes({ params: undefined });
    const outcome = await runSession(request(), cancelled.ports);
    assert.equal(outcome.status, 'missing-params');
    assert.deepEqual(cancelled.executor.executed, []);
  });

  it('refuses a run with a step whose folder is outside the repository before the first step runs', async () => {
    const fakes = sessionFakes({
      params,
      folders: {
        folderFor: async (step) => {
          if (step.name === 'leaky') throw new StepCwdError('outside the repository; refusing to run it.');
          return '/repo';
        },
      },
    });
    const outcome = await runSession(request(), fakes.ports);
    assert.equal(outcome.status, 'refused');
    assert.ok(outcome.status === 'refused' && /^Step 'leaky': outside the repository/.test(outcome.message));
    assert.deepEqual(fakes.executor.executed.map((e) => e.step), [], 'not even the steps before it');
  });

  it('refuses a step that cannot run (not a shell step, or no such step) before asking anything', async () => {
    const fakes = sessionFakes({ params });
    const outcome = await runSession(request({ mode: 'step', stepIndex: 42 }), fakes.ports);
    assert.equal(outcome.status, 'refused');
    assert.deepEqual(fakes.asker.asked, []);
  });
});
