import * as vscode from 'vscode';
import type { Incident, IncidentWithTimeline, NewEvent } from '../../core/incidents/model';
import { formatDuration } from '../../core/incidents/duration';
import { CommandIds } from '../commandIds';
import type { CommandManager } from '../platform/commandManager';
import { Disposable } from '../platform/dispose';
import type { Secrets } from '../platform/secrets';
import type { Settings } from '../platform/settings';
import type { IncidentRecorder, IncidentSource, UserName } from '../shared/incidentServices';
import type { RunbookCatalog } from '../shared/runbookCatalog';
import { createBackend } from './backendFactory';
import { addNoteCommand } from './commands/addNote';
import { assignRoleCommand } from './commands/assignRole';
import { checkInCommand } from './commands/checkIn';
import { connectPagerDutyCommand, refreshCommand, retryConnectionCommand, setPagerDutyTokenCommand, setServerTokenCommand } from './commands/connection';
import { declareCommand } from './commands/declare';
import { openAlertRunbookLinkCommand, openAlertSourceCommand } from './commands/openAlertLink';
import { openFittingRunbookCommand } from './commands/openFittingRunbook';
import { runFittingRunbookCommand } from './commands/runFittingRunbook';
import { openIncidentCommand, openInBackendCommand } from './commands/openIncident';
import { postStatusUpdateCommand } from './commands/postStatusUpdate';
import { resolveCommand } from './commands/resolve';
import { retryDeliveryCommand, retryFailedDeliveriesCommand } from './commands/retryDelivery';
import { setSeverityCommand } from './commands/setSeverity';
import { setStatusCommand } from './commands/setStatus';
import { startLocalServerCommand } from './commands/startLocalServer';
import { pickIncident, type IncidentCommandContext } from './commands/support';
import { stopWorkingCommand, workOnIncidentCommand } from './commands/workOnIncident';
import { CurrentIncident } from './currentIncident';
import { DeadLetters } from './deadLetters';
import type { IncidentSlos } from '../slo/incidentSlos';
import { IncidentDocumentProvider } from './incidentDocument';
import { IncidentsModel, type ConnectionState } from './incidentsModel';
import { IncidentsTreeProvider } from './incidentsTreeProvider';
import { PolicyWatcher } from './policyWatcher';
import { IncidentsStatusBar } from './statusBar';
import type { IncidentTreeNode } from './treeNodes';

export interface IncidentsFeatureDeps {
  context: vscode.ExtensionContext;
  commands: CommandManager;
  log: vscode.LogOutputChannel;
  settings: Settings;
  secrets: Secrets;
  userName: UserName;
  runbooks: RunbookCatalog;
  /** The SLOs of an incident's services, once the SLO feature attaches. */
  slos: IncidentSlos;
}

/** What the integration tests observe: the real model and tree provider. */
export interface IncidentsTestApi {
  readonly ready: Promise<void>;
  readonly tree: IncidentsTreeProvider;
  state(): ConnectionState;
  pendingActions(): number;
  incidents(): Incident[];
  treeMessage(): string | undefined;
  selection(): readonly IncidentTreeNode[];
  onDidChange: vscode.Event<void>;
}

/** The Incidents view, its commands, the status bar and the policy, wired together. */
export class IncidentsFeature extends Disposable {
  readonly recorder: IncidentRecorder;
  readonly source: IncidentSource;
  readonly testApi: IncidentsTestApi;
  /** The name this window acts under: the desk token's name once the server said it, else the configured one. */
  readonly userName: UserName;

  constructor(deps: IncidentsFeatureDeps) {
    super();
    const { context, settings, secrets, log } = deps;
    const policy = this._register(new PolicyWatcher(log));
    const current = this._register(new CurrentIncident(context.workspaceState));
    const model = this._register(
      new IncidentsModel({
        storageDir: context.globalStorageUri.fsPath,
        setup: () => createBackend(settings, secrets),
        log,
        onRejected: (message) => void vscode.window.showErrorMessage(`Incident Desk: ${message}`),
        onWarning: (message) => void vscode.window.showWarningMessage(`Incident Desk: ${message}`),
      }),
    );
    const deadLetters = this._register(new DeadLetters(() => model.deliveryBackend, log));
    const tree = this._register(new IncidentsTreeProvider({ model, policy: () => policy.policy, runbooks: deps.runbooks, currentIncidentId: () => current.id, deadLetters, slos: deps.slos }));
    const view = this._register(vscode.window.createTreeView('incidentDesk.incidents', { treeDataProvider: tree, showCollapseAll: true }));
    this._register(new IncidentsStatusBar(model, current));
    // On our server the token decides who acts; roles offered as "me" and PagerDuty's From use the same name.
    this.userName = async () => model.signedInAs?.name ?? (await deps.userName());
    this._register(new IncidentDocumentProvider(model, deps.slos));
    this._register(policy.onDidChange(() => tree.refresh()));
    this._register(current.onDidChange(() => tree.refresh()));

    const updateChrome = () => {
      const state = model.state;
      void vscode.commands.executeCommand('setContext', 'incidentDesk.backendConfigured', state.kind !== 'unconfigured');
      void vscode.commands.executeCommand('setContext', 'incidentDesk.offline', state.kind === 'offline');
      view.message = viewMessage(state, model.queue.pending.length);
      view.badge = badgeFor(model.incidents());
      view.description = identityDescription(model);
    };
    this._register(model.onDidChange(updateChrome));
    // Ages and clocks move with time even when nothing changes on the server.
    const ticker = setInterval(() => tree.refreshTimes(), 30_000);
    this._register({ dispose: () => clearInterval(ticker) });

    this._register(settings.onDidChange((affects) => {
      if (affects('backend') || affects('server.url') || affects('pagerduty') || affects('pollIntervalSeconds')) void model.connect();
    }));
    this._register(secrets.onDidChange(() => void model.connect()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void model.connect()));

    const reveal = async (incidentId: string, options: { focus: boolean }) => {
      const incident = model.incident(incidentId);
      if (!incident) return;
      // A reveal that fails (the view is being disposed) must not fail the command that already succeeded.
      await Promise.resolve(view.reveal({ kind: 'incident', incident }, { select: true, focus: options.focus, expand: false })).catch((error: unknown) => log.warn(`could not reveal ${incidentId}: ${String(error)}`));
    };
    const ctx: IncidentCommandContext = { extension: context, model, policy: () => policy.policy, current, runbooks: deps.runbooks, userName: this.userName, settings, secrets, log, reveal, slos: deps.slos };
    for (const command of [
      refreshCommand(ctx),
      retryConnectionCommand(ctx),
      declareCommand(ctx),
      checkInCommand(ctx),
      checkInCommand(ctx, CommandIds.acknowledge),
      setSeverityCommand(ctx),
      setStatusCommand(ctx),
      resolveCommand(ctx),
      assignRoleCommand(ctx),
      addNoteCommand(ctx),
      postStatusUpdateCommand(ctx),
      openIncidentCommand(ctx),
      openInBackendCommand(ctx),
      workOnIncidentCommand(ctx),
      stopWorkingCommand(ctx),
      openFittingRunbookCommand(ctx),
      runFittingRunbookCommand(ctx),
      setServerTokenCommand(ctx),
      setPagerDutyTokenCommand(ctx),
      startLocalServerCommand(ctx),
      connectPagerDutyCommand(ctx),
      openAlertSourceCommand(ctx),
      openAlertRunbookLinkCommand(ctx),
      retryDeliveryCommand(deadLetters),
      retryFailedDeliveriesCommand(ctx, deadLetters),
    ]) {
      deps.commands.register(command);
    }

    this.recorder = {
      get currentIncidentId() {
        return current.id;
      },
      onDidChangeCurrentIncident: current.onDidChange,
      recordEvent: (incidentId: string, event: NewEvent) => model.perform({ kind: 'event', incidentId, event }),
    };
    this.source = {
      get: async (id: string): Promise<IncidentWithTimeline> => {
        const detail = await model.detail(id);
        if (!detail) throw new Error(`${id} is not available while the backend is unreachable.`);
        return detail;
      },
      pick: async (placeHolder: string) => pickIncident(model.incidents(), current.id, placeHolder, await model.recentlyResolved()),
    };
    const ready = (async () => {
      await policy.reload();
      await model.connect();
      updateChrome();
    })().catch((error: unknown) => log.error(`incidents: ${String(error)}`));
    this.testApi = {
      ready,
      tree,
      state: () => model.state,
      pendingActions: () => model.queue.pending.length,
      incidents: () => model.incidents(),
      treeMessage: () => view.message,
      selection: () => view.selection,
      onDidChange: model.onDidChange,
    };
  }
}

export function registerIncidentsFeature(deps: IncidentsFeatureDeps): IncidentsFeature {
  return new IncidentsFeature(deps);
}

function viewMessage(state: ConnectionState, waiting: number): string | undefined {
  const queued = waiting > 0 ? ` · ${waiting} action${waiting === 1 ? '' : 's'} waiting to be sent` : '';
  if (state.kind === 'offline') {
    const age = state.updatedAt ? `last updated ${formatDuration(Date.now() - state.updatedAt)} ago` : 'nothing cached yet';
    return `Offline — ${age}. Retrying automatically${queued}.`;
  }
  if (state.kind === 'connecting') return 'Connecting…';
  return queued ? queued.slice(3) : undefined;
}

/** "as maya.chen" beside the view title, so whoever reads the timeline later is no surprise. */
function identityDescription(model: IncidentsModel): string | undefined {
  const me = model.state.kind === 'unconfigured' ? undefined : model.signedInAs;
  if (!me) return undefined;
  return me.scope && me.scope !== 'responder' ? `as ${me.name} (${me.scope})` : `as ${me.name}`;
}

function badgeFor(incidents: readonly Incident[]): vscode.ViewBadge | undefined {
  const urgent = incidents.filter((i) => i.severity <= 1).length;
  return urgent > 0 ? { value: urgent, tooltip: `${urgent} Sev 0–1 incident(s)` } : undefined;
}
