import { parseArgs } from 'node:util';
import { ActionArgumentError } from '../../app/incidents/actionArguments';
import { IncidentActions, type ActorName } from '../../app/incidents/incidentActions';
import { BackendError, type IncidentBackend } from '../../backends/backend';
import { terminalSafe } from '../../core/text/terminalSafe';
import { backendFromCliOptions } from '../backendOptions';
import { UsageError, type CliCommand, type CliIo } from '../command';
import { declaredLine, eventLine, renderIncidentSummary, resolvedLine, roleLine, severityLine, statusLine } from './incidentOutput';
import { incidentUsage } from './incidentUsage';

const OPTIONS = {
  backend: { type: 'string' },
  url: { type: 'string' },
  json: { type: 'boolean', default: false },
  title: { type: 'string' },
  severity: { type: 'string' },
  service: { type: 'string', multiple: true },
  summary: { type: 'string' },
  audience: { type: 'string' },
  conditions: { type: 'string' },
  actions: { type: 'string' },
  needs: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse>['values'];
type ActionOption = 'title' | 'severity' | 'service' | 'summary' | 'audience' | 'conditions' | 'actions' | 'needs';

/** What an action answers with: printed as JSON for scripts, as one line (or `show`'s summary) for people. */
type Outcome = { json: unknown; text: string };

interface Action {
  /** The positionals after the action's name, e.g. ['ID', 'N']; a last `TEXT…` takes the rest. */
  positionals: readonly string[];
  /** The action's own options; any other one is a mistake worth saying. */
  options: readonly ActionOption[];
  writes: boolean;
  run(actions: IncidentActions, args: readonly string[], values: Values): Promise<Outcome>;
}

const ACTIONS: Record<string, Action> = {
  declare: {
    positionals: [],
    options: ['title', 'severity', 'service', 'summary'],
    writes: true,
    run: async (actions, _args, v) => {
      if (v.title === undefined) throw new UsageError('declare needs --title');
      if (v.severity === undefined) throw new UsageError('declare needs --severity');
      const incident = await actions.declare({ title: v.title, severity: v.severity, services: v.service ?? [], ...(v.summary === undefined ? {} : { summary: v.summary }) });
      return { json: incident, text: declaredLine(incident) };
    },
  },
  'check-in': {
    positionals: ['ID'],
    options: [],
    writes: true,
    run: async (actions, [id = '']) => {
      const event = await actions.checkIn(id);
      return { json: event, text: eventLine(event.incidentId, event) };
    },
  },
  severity: {
    positionals: ['ID', 'N'],
    options: [],
    writes: true,
    run: async (actions, [id = '', severity = '']) => {
      const incident = await actions.setSeverity(id, severity);
      return { json: incident, text: severityLine(incident) };
    },
  },
  status: {
    positionals: ['ID', 'S'],
    options: [],
    writes: true,
    run: async (actions, [id = '', status = '']) => {
      const incident = await actions.setStatus(id, status);
      return { json: incident, text: statusLine(incident) };
    },
  },
  role: {
    positionals: ['ID', 'ROLE', 'PERSON'],
    options: [],
    writes: true,
    run: async (actions, [id = '', role = '', person = '']) => {
      const incident = await actions.assignRole(id, role, person);
      return { json: incident, text: roleLine(incident, role.trim().toLowerCase(), person.trim()) };
    },
  },
  note: {
    positionals: ['ID', 'TEXT…'],
    options: [],
    writes: true,
    run: async (actions, [id = '', ...words]) => {
      const event = await actions.addNote(id, words.join(' '));
      return { json: event, text: eventLine(event.incidentId, event) };
    },
  },
  update: {
    positionals: ['ID'],
    options: ['audience', 'conditions', 'actions', 'needs'],
    writes: true,
    run: async (actions, [id = ''], v) => {
      if (v.audience === undefined) throw new UsageError('update needs --audience executive|technical|external');
      const event = await actions.postUpdate(id, { audience: v.audience, conditions: v.conditions, actions: v.actions, needs: v.needs });
      return { json: event, text: eventLine(event.incidentId, event) };
    },
  },
  resolve: {
    positionals: ['ID'],
    options: ['summary'],
    writes: true,
    run: async (actions, [id = ''], v) => {
      const incident = await actions.resolve(id, v.summary);
      return { json: incident, text: resolvedLine(incident) };
    },
  },
  show: {
    positionals: ['ID'],
    options: [],
    writes: false,
    run: async (actions, [id = '']) => {
      const incident = await actions.show(id);
      return { json: incident, text: renderIncidentSummary(incident, new Date()) };
    },
  },
};

function parse(args: string[]) {
  return parseArgs({ args, strict: true, allowPositionals: true, options: OPTIONS });
}

export const incidentCommand: CliCommand = {
  name: 'incident',
  summary: 'declare, update, resolve or show one incident (desk server or PagerDuty)',
  usage: incidentUsage,
  run: async (args, io) => {
    const parsed = parse(args);
    const [name, ...rest] = parsed.positionals;
    if (name === undefined) throw new UsageError(`missing action: ${Object.keys(ACTIONS).join(', ')}`);
    const action = ACTIONS[name];
    if (action === undefined) throw new UsageError(`unknown action '${name}'`);
    checkArguments(name, action, rest, parsed.values);

    const backend = backendFromCliOptions({ backend: parsed.values.backend, url: parsed.values.url }, io.env);
    const actions = new IncidentActions(backend, actorFor(backend, io, action.writes));
    try {
      const outcome = await action.run(actions, rest, parsed.values);
      io.stdout(parsed.values.json ? `${JSON.stringify(outcome.json, null, 2)}\n` : outcome.text);
      return 0;
    } catch (error) {
      if (error instanceof ActionArgumentError) throw new UsageError(error.message);
      if (!(error instanceof BackendError)) throw error;
      // The backend's words (a refusal names the token's scope) are remote text.
      io.stderr(`incident-desk incident ${name}: ${terminalSafe(error.message)}\n`);
      return 1;
    }
  },
};

/** Counts positionals and refuses another action's options, before any request. */
function checkArguments(name: string, action: Action, rest: readonly string[], values: Values): void {
  const variadic = action.positionals.at(-1)?.endsWith('…') ?? false;
  const wanted = action.positionals.length;
  if (rest.length < wanted) throw new UsageError(`${name} needs ${action.positionals.join(' ')}; missing ${action.positionals.slice(rest.length).join(' ')}`);
  if (!variadic && rest.length > wanted) throw new UsageError(`unexpected argument '${rest[wanted] ?? ''}'`);
  for (const option of Object.keys(values) as (keyof Values)[]) {
    const own = option === 'backend' || option === 'url' || option === 'json' || action.options.includes(option);
    if (!own && values[option] !== undefined) throw new UsageError(`--${option} does not apply to ${name}`);
  }
}

/**
 * The desk server names the actor from the token, so ask it (once, and only when an
 * action needs the name); PagerDuty's writes need PAGERDUTY_FROM, checked up front
 * so a missing one is a usage mistake rather than a half-sent request.
 */
function actorFor(backend: IncidentBackend, io: CliIo, writes: boolean): ActorName {
  const from = io.env.PAGERDUTY_FROM?.trim() ?? '';
  if (backend.kind === 'pagerduty') {
    if (writes && from === '') throw new UsageError('PagerDuty writes need the email of a PagerDuty user: set PAGERDUTY_FROM.');
    return () => Promise.resolve(from);
  }
  let name: Promise<string> | undefined;
  return () => (name ??= backend.whoAmI ? backend.whoAmI().then((me) => me.name) : Promise.resolve(''));
}
