import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkArgs, incidentArg, oneOf, optional, optionsArg, stringArg, stringMapArg } from '../../../src/editor/platform/commandArgs';
import { commandHandler, defineCommand, type CommandHost } from '../../../src/editor/platform/commandCenter';
import { errorText } from '../../../src/editor/platform/errorText';

/** A host that records what the user would have been told. */
function recordingHost(trusted = true) {
  const told: string[] = [];
  const host: CommandHost = {
    isTrusted: () => trusted,
    refuseUntrusted: (action) => told.push(`untrusted: ${action}`),
    refuseArguments: (title, problem) => told.push(`refused ${title}: ${problem}`),
    reportFailure: (title, error) => told.push(`failed ${title}: ${errorText(error)}`),
  };
  return { host, told };
}

describe('the command wrapper', () => {
  describe('incident arguments', () => {
    it('takes an id, a tree row, { incidentId } or nothing', () => {
      assert.deepEqual(incidentArg(' INC-7 '), { ok: true, value: 'INC-7' });
      assert.deepEqual(incidentArg({ kind: 'incident', incident: { id: 'INC-8', title: 'x' } }), { ok: true, value: 'INC-8' });
      assert.deepEqual(incidentArg({ kind: 'resolved', incident: { id: 'INC-9' } }), { ok: true, value: 'INC-9' });
      assert.deepEqual(incidentArg({ incidentId: 'INC-10' }), { ok: true, value: 'INC-10' });
      assert.deepEqual(incidentArg(undefined), { ok: true, value: undefined });
    });

    it('refuses anything else, saying what it got', () => {
      for (const [value, said] of [
        [42, /number 42/],
        [['INC-1'], /a list/],
        [{ kind: 'section', incidentId: 7 }, /an object/],
        ['', /not an incident id/],
        ['INC-1\u001b]0;pwned\u0007', /not an incident id/],
        ['x'.repeat(5000), /5000-character text/],
      ] as const) {
        const checked = incidentArg(value);
        assert.equal(checked.ok, false, `accepted ${JSON.stringify(value).slice(0, 40)}`);
        assert.match(!checked.ok ? checked.problem : '', said);
      }
    });
  });

  it('checks each named option, ignores unknown ones and names the bad one', () => {
    const options = optionsArg<{ title?: string; severity?: 0 | 1 | 2 | 3 | 4; params?: Record<string, string> }>({
      title: optional(stringArg),
      severity: optional(oneOf([0, 1, 2, 3, 4] as const, 'a severity')),
      params: optional(stringMapArg),
    });
    assert.deepEqual(options(undefined), { ok: true, value: {} });
    assert.deepEqual(options({ title: 'T', severity: 2, later: true }), { ok: true, value: { title: 'T', severity: 2 } });
    assert.deepEqual(options({ severity: 7 }), { ok: false, problem: 'severity: expected a severity (0, 1, 2, 3, 4), not number 7' });
    assert.deepEqual(options({ params: { A: 1 } }), { ok: false, problem: 'params: A: expected a text, not number 1' });
    assert.equal(options('T').ok, false);
    const map = stringMapArg(JSON.parse('{"__proto__": "x"}'));
    assert.ok(map.ok && Object.hasOwn(map.value, '__proto__') && Object.getPrototypeOf(map.value) === Object.prototype);
  });

  it('numbers the position of a bad argument and ignores positions past the declared ones', () => {
    assert.deepEqual(checkArgs([incidentArg, optional(stringArg)], ['INC-1', 5]), { ok: false, problem: 'argument 2: expected a text, not number 5' });
    assert.deepEqual(checkArgs([incidentArg], ['INC-1', [{ selection: true }]]), { ok: true, value: ['INC-1'] });
  });

  it('runs the command with the checked values', async () => {
    const { host, told } = recordingHost();
    const seen: unknown[] = [];
    const command = defineCommand({ id: 'incidentDesk.addNote', title: 'Add Note', args: [incidentArg, optional(stringArg)] }, (id, text) => {
      seen.push(id, text);
      return 'sent';
    });
    assert.equal(await commandHandler(command, host)({ incident: { id: 'INC-3' } }, 'a note'), 'sent');
    assert.deepEqual(seen, ['INC-3', 'a note']);
    assert.deepEqual(told, []);
  });

  it('refuses bad arguments before anything runs, and says so once', async () => {
    const { host, told } = recordingHost();
    let ran = false;
    const command = defineCommand({ id: 'incidentDesk.setSeverity', title: 'Set Severity', args: [incidentArg, optional(oneOf([0, 1, 2, 3, 4] as const, 'a severity'))] }, () => {
      ran = true;
    });
    assert.equal(await commandHandler(command, host)('INC-1', 9), undefined);
    assert.equal(ran, false);
    assert.deepEqual(told, ['refused Set Severity: argument 2: expected a severity (0, 1, 2, 3, 4), not number 9']);
  });

  it('reports every failure one way and resolves instead of rejecting', async () => {
    const { host, told } = recordingHost();
    const command = defineCommand({ id: 'incidentDesk.declare', title: 'Declare Incident', args: [] }, async () => {
      throw new Error('the server said 503');
    });
    assert.equal(await commandHandler(command, host)(), undefined);
    const thrower = defineCommand({ id: 'incidentDesk.checkIn', title: 'Check In', args: [] }, () => {
      throw 'a bare string';
    });
    assert.equal(await commandHandler(thrower, host)(), undefined);
    assert.deepEqual(told, ['failed Declare Incident: the server said 503', 'failed Check In: a bare string']);
  });

  it('refuses a command that needs trust in an untrusted workspace before checking or running anything', async () => {
    const { host, told } = recordingHost(false);
    let ran = false;
    const command = defineCommand({ id: 'incidentDesk.startLocalServer', title: 'Start Local Server', args: [stringArg], trust: { action: 'Starting the local incident server', refused: false } }, () => {
      ran = true;
      return true;
    });
    assert.equal(await commandHandler(command, host)(), false);
    assert.equal(ran, false);
    assert.deepEqual(told, ['untrusted: Starting the local incident server']);
    // A command without `trust` (reading incidents, say) runs in an untrusted workspace.
    const reader = defineCommand({ id: 'incidentDesk.openIncident', title: 'Open Incident', args: [incidentArg] }, (id) => id);
    assert.equal(await commandHandler(reader, host)('INC-2'), 'INC-2');
  });

  it('turns any thrown value into text the same way', () => {
    assert.equal(errorText(new Error('boom')), 'boom');
    assert.equal(errorText(new TypeError('')), 'TypeError');
    assert.equal(errorText('plain'), 'plain');
    assert.equal(errorText({ status: 500 }), '{"status":500}');
  });

  it('is the only way the editor registers a command, and every run command keeps its trust check', () => {
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []));
    const sources = [...files(path.join(root, 'src/editor')), path.join(root, 'src/extension.ts')];
    const registering = sources.filter((file) => fs.readFileSync(file, 'utf8').includes('registerCommand(')).map((file) => path.relative(root, file));
    assert.deepEqual(registering, ['src/editor/platform/commandManager.ts']);
    const sayTrust = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
    for (const file of ['src/editor/retrospectives/writeRetrospective.ts', 'src/editor/retrospectives/refreshTimeline.ts', 'src/editor/retrospectives/submitRetrospective.ts', 'src/editor/retrospectives/syncFollowUps.ts', 'src/editor/incidents/commands/startLocalServer.ts', 'src/editor/incidents/commands/runFittingRunbook.ts']) {
      assert.match(sayTrust(file), /trust: \{ action: /, `${file} declares its trust check`);
    }
    assert.match(sayTrust('src/editor/runbooks/runbookRunner.ts'), /requireWorkspaceTrust\('Running runbook steps'\)/);
  });
});
