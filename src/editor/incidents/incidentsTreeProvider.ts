import * as vscode from 'vscode';
import { alertOrigin, alertRows } from '../../core/incidents/alertRows';
import { incidentClocks, missingRoles, needsAttention, type IncidentClock } from '../../core/incidents/clocks';
import { describeEvent, latestStatusUpdate, roleName } from '../../core/incidents/describe';
import { incidentRow } from '../../core/incidents/incidentRow';
import { SINGLE_ROLES, type EventType, type Incident, type IncidentWithTimeline, type TimelineEvent } from '../../core/incidents/model';
import { levelOf, type SeverityPolicy } from '../../core/incidents/policy';
import { sameResolvedView, type ResolvedListing } from '../../core/incidents/recentlyResolved';
import { alertTreeItem } from '../alerts/alertItems';
import { CommandIds } from '../commandIds';
import { deadLetterRow } from './deadLetterRow';
import type { DeadLetters } from './deadLetters';
import { Disposable } from '../platform/dispose';
import type { RunbookCatalog } from '../shared/runbookCatalog';
import { fittingRunbooks } from './fittingRunbooks';
import type { SloStatus } from '../../core/slo/budget';
import type { IncidentSlos } from '../slo/incidentSlos';
import { sloSectionDescription, sloSectionLeaves } from './sloSection';
import type { IncidentsModel } from './incidentsModel';
import { plainHover } from './plainHover';
import { RESOLVED_GROUP, resolvedChildren, resolvedGroupItem, resolvedItem } from './resolvedGroup';
import type { IncidentTreeNode } from './treeNodes';

const RECENT_EVENTS = 8;
/** How many fitting runbooks the incident's hover names (the section lists all). */
const HOVER_RUNBOOKS = 3;
/** The mark on an incident row a monitor's alert group opened. */
export const ALERT_TAG = 'from alert';

export interface TreeContext {
  model: IncidentsModel;
  policy: () => SeverityPolicy;
  runbooks: RunbookCatalog;
  currentIncidentId: () => string | undefined;
  /** Our server's dead letters per incident; shown as a "Deliveries" group when there are any. */
  deadLetters?: DeadLetters;
  /** The SLOs of an incident's services (a section when there are any). */
  slos?: IncidentSlos;
  now?: () => Date;
}

/**
 * Maps the incidents model to tree items. Items have stable ids, so a refresh keeps
 * what the user expanded, and refreshing never reveals or focuses anything.
 */
export class IncidentsTreeProvider extends Disposable implements vscode.TreeDataProvider<IncidentTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<IncidentTreeNode | IncidentTreeNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /**
   * The incident and resolved rows last handed to VS Code, by id: the same objects each
   * time, so the clock tick can redraw just them (VS Code knows elements by identity).
   */
  private readonly rows = new Map<string, Extract<IncidentTreeNode, { kind: 'incident' | 'resolved' }>>();

  constructor(private readonly ctx: TreeContext) {
    super();
    this._register(ctx.model.onDidChange(() => this.changed.fire(undefined)));
    this._register(ctx.runbooks.onDidChange(() => this.changed.fire(undefined)));
    if (ctx.deadLetters) this._register(ctx.deadLetters.onDidChange(() => this.changed.fire(undefined)));
    if (ctx.slos) this._register(ctx.slos.onDidChange(() => this.changed.fire(undefined)));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /**
   * Ages and clocks move with time: redraws the incident and resolved rows (and what is
   * under them), not the whole tree. A whole-tree redraw makes VS Code forget every row
   * for a moment, and a click on a row's inline action then loses its incident.
   */
  refreshTimes(): void {
    const shown: IncidentTreeNode[] = [];
    for (const [key, row] of this.rows) {
      const still = row.kind === 'incident' ? this.ctx.model.incident(row.incident.id) !== undefined : this.lastListed(row.incident.id);
      if (still) shown.push(row);
      else this.rows.delete(key);
    }
    const offlineAge = this.ctx.model.lastResolvedListing?.state === 'cached' ? [RESOLVED_GROUP] : [];
    if (shown.length + offlineAge.length > 0) this.changed.fire([...shown, ...offlineAge]);
  }

  /** The same node object for the same row, carrying the newest data. */
  private row<K extends 'incident' | 'resolved'>(kind: K, incident: Incident): Extract<IncidentTreeNode, { kind: K }> {
    const key = `${kind}:${incident.id}`;
    const known = this.rows.get(key);
    if (known?.kind === kind) {
      known.incident = incident;
      return known as Extract<IncidentTreeNode, { kind: K }>;
    }
    const node = { kind, incident } as Extract<IncidentTreeNode, { kind: K }>;
    this.rows.set(key, node);
    return node;
  }

  private lastListed(id: string): boolean {
    const listing = this.ctx.model.lastResolvedListing;
    return listing !== undefined && listing.state !== 'unavailable' && listing.incidents.some((incident) => incident.id === id);
  }

  private get now(): Date {
    return this.ctx.now?.() ?? new Date();
  }

  async getChildren(node?: IncidentTreeNode): Promise<IncidentTreeNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'severity':
        return this.ctx.model.incidents().filter((i) => i.severity === node.severity).map((incident) => this.row('incident', incident));
      case 'incident':
        // The latest update and clocks need the timeline: fetch it (cached by version) first.
        await this.detailOrUndefined(node.incident.id);
        // Not awaited: the group appears when the server has answered and there is a dead letter.
        // Offline, the last answer stands: asking an unreachable server on every redraw only fills the log.
        if (this.ctx.model.state.kind === 'online') this.ctx.deadLetters?.refreshSoon(node.incident.id, this.ctx.model.cachedDetail(node.incident.id)?.timeline.filter((event) => event.type === 'delivery').length ?? 0);
        return this.incidentSections(node.incident);
      case 'section':
        return this.sectionChildren(node);
      case 'resolvedGroup':
        return this.resolvedGroupChildren();
      case 'resolved':
      case 'leaf':
      case 'alert':
      case 'deadLetter':
        return [];
    }
  }

  /** What `TreeView.reveal` walks up. Leaves are never revealed, so they need no parent. */
  getParent(node: IncidentTreeNode): IncidentTreeNode | undefined {
    switch (node.kind) {
      case 'incident':
        return this.severityGroups().find((group) => group.kind === 'severity' && group.severity === node.incident.severity);
      case 'section': {
        const incident = this.ctx.model.incident(node.incidentId);
        return incident && this.row('incident', incident);
      }
      case 'resolved':
        return RESOLVED_GROUP;
      case 'severity':
      case 'resolvedGroup':
      case 'leaf':
      case 'alert':
      case 'deadLetter':
        return undefined;
    }
  }

  getTreeItem(node: IncidentTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'severity': {
        const level = levelOf(this.ctx.policy(), node.severity);
        const item = new vscode.TreeItem(`Sev ${node.severity} · ${level.name}`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `severity:${node.severity}`;
        item.description = `${node.count}`;
        item.tooltip = `${level.trigger}\nResponse: ${level.response}`;
        item.iconPath = severityIcon(node.severity);
        item.contextValue = 'severityGroup';
        return item;
      }
      case 'incident':
        return this.incidentItem(node.incident);
      case 'resolvedGroup':
        return resolvedGroupItem(this.ctx.model.lastResolvedListing, this.now);
      case 'resolved':
        return resolvedItem(node.incident, this.now);
      case 'section': {
        const labels = { roles: 'Roles', clocks: 'Clocks', alerts: 'Alerts', deliveries: 'Deliveries', slos: 'SLOs', runbooks: 'Runbooks that fit', events: 'Recent events' };
        // An alert-opened incident's alerts are what a responder reads first, so they start expanded.
        const expanded = node.section === 'roles' || node.section === 'clocks' || node.section === 'alerts' || node.section === 'deliveries';
        const item = new vscode.TreeItem(labels[node.section], expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `incident:${node.incidentId}/${node.section}`;
        item.contextValue = `section.${node.section}`;
        const incident = this.ctx.model.incident(node.incidentId);
        if (node.section === 'alerts' && incident) item.description = alertCount(this.withAlerts(incident));
        if (node.section === 'deliveries') item.description = `${this.ctx.deadLetters?.cached(node.incidentId).length ?? 0} failed`;
        if (node.section === 'slos' && incident) item.description = sloSectionDescription(this.slosOf(incident));
        return item;
      }
      case 'alert':
        return alertTreeItem(node.row);
      case 'deadLetter': {
        const item = new vscode.TreeItem(node.row.label, vscode.TreeItemCollapsibleState.None);
        item.id = `incident:${node.incidentId}/deliveries/${node.deliveryId}`;
        item.description = node.row.description;
        item.tooltip = node.row.tooltip;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.contextValue = 'deadLetter';
        return item;
      }
      case 'leaf': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.description;
        if (node.tooltip) item.tooltip = node.tooltip;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
        if (node.open) item.command = { title: 'Open', command: node.open.command, arguments: node.open.args };
        item.contextValue = 'leaf';
        return item;
      }
    }
  }

  /**
   * The severity groups, then "Recently resolved" once a backend is configured (before
   * that the welcome view explains how to connect, and it shows only on an empty tree).
   * With no active incident the tree is not empty, so a row offers Declare in place of
   * the welcome view's button.
   */
  private roots(): IncidentTreeNode[] {
    const state = this.ctx.model.state.kind;
    if (state === 'unconfigured') return this.severityGroups();
    const groups = this.severityGroups();
    if (groups.length === 0 && state === 'online') {
      groups.push({ kind: 'leaf', id: 'noActiveIncidents', label: 'No active incidents', description: 'Declare Incident…', icon: 'pass', open: { command: CommandIds.declare, args: [] } });
    }
    return [...groups, RESOLVED_GROUP];
  }

  /**
   * Once the group has been drawn, a redraw answers with what it showed and asks the
   * server behind it, redrawing again only when the answer looks different: a redraw
   * then never waits on the network, and rows stay put under the user's pointer.
   */
  private async resolvedGroupChildren(): Promise<IncidentTreeNode[]> {
    const shown = this.ctx.model.lastResolvedListing;
    const answer = this.ctx.model.resolvedListing();
    const redrawIfChanged = (listing: ResolvedListing): void => {
      if (!sameResolvedView(shown, listing, this.now)) this.changed.fire(RESOLVED_GROUP);
    };
    if (shown !== undefined && shown.state !== 'unavailable') {
      void answer.then(redrawIfChanged);
      return this.stableRows(resolvedChildren(shown, this.activeIds()));
    }
    const listing = await answer;
    redrawIfChanged(listing);
    return this.stableRows(resolvedChildren(listing, this.activeIds()));
  }

  private slosOf(incident: Incident): SloStatus[] {
    return this.ctx.slos?.forServices(incident.services) ?? [];
  }

  private stableRows(nodes: IncidentTreeNode[]): IncidentTreeNode[] {
    return nodes.map((node) => (node.kind === 'resolved' ? this.row('resolved', node.incident) : node));
  }

  private activeIds(): Set<string> {
    return new Set(this.ctx.model.incidents().map((incident) => incident.id));
  }

  private severityGroups(): IncidentTreeNode[] {
    const counts = new Map<number, number>();
    for (const incident of this.ctx.model.incidents()) counts.set(incident.severity, (counts.get(incident.severity) ?? 0) + 1);
    return [...counts.entries()].sort(([a], [b]) => a - b).map(([severity, count]) => ({ kind: 'severity', severity: severity as Incident['severity'], count }));
  }

  private incidentItem(incident: Incident): vscode.TreeItem {
    const timeline = this.ctx.model.cachedDetail(incident.id)?.timeline ?? [];
    const attention = needsAttention(incident, timeline, this.ctx.policy(), this.now);
    const current = this.ctx.currentIncidentId() === incident.id;
    const row = incidentRow(incident, { now: this.now, current, attention });
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `incident:${incident.id}`;
    // A monitor opened it: said before the flags and title, which a narrow sidebar cuts first.
    const origin = alertOrigin(incident);
    item.description = origin ? `${ALERT_TAG} · ${row.description}` : row.description;
    item.iconPath = severityIcon(incident.severity);
    // `.runbook`: a runbook fits, so the row offers its play button (Run Fitting Runbook).
    const fitting = fittingRunbooks(this.ctx.runbooks.all(), this.withAlerts(incident));
    item.contextValue = `incident.active${fitting.length > 0 ? '.runbook' : ''}${incident.htmlUrl ? '.link' : ''}`;
    const fits = fitting.slice(0, HOVER_RUNBOOKS).map(({ runbook, reasons }) => (reasons.length > 0 ? `Runbook that fits: ${runbook.title} (${reasons.join(', ')})` : `Runbook that fits: ${runbook.title}`));
    item.tooltip = plainHover([...row.hover, ...(origin ? [origin] : []), ...fits]);
    item.accessibilityInformation = { label: origin ? `${row.accessibilityLabel}, ${origin.toLowerCase()}` : row.accessibilityLabel };
    return item;
  }

  private incidentSections(incident: Incident): IncidentTreeNode[] {
    const sections: IncidentTreeNode[] = [
      { kind: 'section', incidentId: incident.id, section: 'roles' },
      { kind: 'section', incidentId: incident.id, section: 'clocks' },
    ];
    const detail = this.ctx.model.cachedDetail(incident.id);
    const update = detail ? latestStatusUpdate(detail.timeline) : undefined;
    sections.push(
      update
        ? { kind: 'leaf', id: `incident:${incident.id}/update`, label: `Latest update (${update.audience})`, description: update.conditions, tooltip: `Conditions: ${update.conditions}\nActions: ${update.actions}\nNeeds: ${update.needs}\n— ${update.author}, ${update.at}`, icon: 'megaphone' }
        : { kind: 'leaf', id: `incident:${incident.id}/update`, label: 'No status update yet', icon: 'megaphone', open: { command: CommandIds.postStatusUpdate, args: [incident.id] } },
    );
    // Only when something failed for good: a delivered or pending outbox is no news for a responder.
    if ((this.ctx.deadLetters?.cached(incident.id).length ?? 0) > 0) sections.push({ kind: 'section', incidentId: incident.id, section: 'deliveries' });
    // Alerts before runbooks: the alert is what names the runbook that fits.
    if ((this.withAlerts(incident).alerts ?? []).length > 0) sections.push({ kind: 'section', incidentId: incident.id, section: 'alerts' });
    if (this.slosOf(incident).length > 0) sections.push({ kind: 'section', incidentId: incident.id, section: 'slos' });
    sections.push({ kind: 'section', incidentId: incident.id, section: 'runbooks' }, { kind: 'section', incidentId: incident.id, section: 'events' });
    return sections;
  }

  private async sectionChildren(node: Extract<IncidentTreeNode, { kind: 'section' }>): Promise<IncidentTreeNode[]> {
    const incident = this.ctx.model.incident(node.incidentId);
    if (!incident) return [];
    const prefix = `incident:${incident.id}/${node.section}`;
    switch (node.section) {
      case 'roles':
        return this.roleLeaves(incident, prefix);
      case 'clocks': {
        const detail = await this.detailOrUndefined(incident.id);
        return incidentClocks(detail ?? incident, detail?.timeline ?? [], this.ctx.policy(), this.now).map((clock) => clockLeaf(clock, prefix));
      }
      case 'alerts': {
        const alertPrefix = `${prefix.slice(0, -'/alerts'.length)}/alert:`;
        return alertRows(this.withAlerts(incident), this.now).map((row) => ({ kind: 'alert', incidentId: incident.id, fingerprint: row.id.slice(alertPrefix.length), row }));
      }
      case 'deliveries':
        return (this.ctx.deadLetters?.cached(incident.id) ?? []).map((delivery) => ({ kind: 'deadLetter', incidentId: incident.id, deliveryId: delivery.id, row: deadLetterRow(delivery) }));
      case 'slos':
        return sloSectionLeaves(incident.id, this.slosOf(incident));
      case 'runbooks': {
        const fitting = fittingRunbooks(this.ctx.runbooks.all(), this.withAlerts(incident));
        if (fitting.length === 0) return [{ kind: 'leaf', id: `${prefix}/none`, label: 'No runbook lists these services or alerts', icon: 'info' }];
        return fitting.map(({ runbook, reasons }) => ({
          kind: 'leaf',
          id: `${prefix}/${runbook.path}`,
          label: runbook.title,
          description: reasons.join(', ') + (runbook.stale ? ' · stale' : ''),
          tooltip: `${runbook.path}${runbook.shipped ? ' (shipped with Incident Desk)' : ''}`,
          icon: runbook.stale ? 'warning' : 'book',
          // Opened as this incident's runbook: its runs are recorded on this incident (see openFittingRunbook).
          open: { command: CommandIds.openFittingRunbook, args: [incident.id, runbook.uri] },
        }));
      }
      case 'events': {
        const detail = await this.detailOrUndefined(incident.id);
        if (!detail) return [{ kind: 'leaf', id: `${prefix}/unavailable`, label: 'Timeline unavailable while offline', icon: 'debug-disconnect' }];
        return detail.timeline
          .slice(-RECENT_EVENTS)
          .reverse()
          .map((event) => ({ kind: 'leaf', id: `${prefix}/${event.id}`, label: describeEvent(event), description: `${event.author} · ${event.at.slice(11, 16)} UTC`, tooltip: `${event.at} — ${event.author}\n${describeEvent(event)}`, ...eventIcon(event) }));
      }
    }
  }

  /**
   * The incident with its alerts. Our server lists them with the incident; PagerDuty
   * gives them only with the detail (one more request per incident), so the cached
   * detail's alerts and their names as tags stand in when the listed incident has none.
   */
  private withAlerts(incident: Incident): Incident {
    if ((incident.alerts ?? []).length > 0) return incident;
    const detail = this.ctx.model.cachedDetail(incident.id);
    if (!detail?.alerts?.length) return incident;
    return { ...incident, alerts: detail.alerts, tags: [...new Set([...incident.tags, ...detail.tags])] };
  }

  private roleLeaves(incident: Incident, prefix: string): IncidentTreeNode[] {
    const missing = new Set(missingRoles(incident, this.ctx.policy()));
    const leaves: IncidentTreeNode[] = SINGLE_ROLES.filter((role) => incident.roles[role] || missing.has(role)).map((role) => {
      const holder = incident.roles[role];
      return holder
        ? { kind: 'leaf', id: `${prefix}/${role}`, label: roleName(role), description: holder, icon: 'person' }
        : { kind: 'leaf', id: `${prefix}/${role}`, label: roleName(role), description: `unassigned — required at Sev ${incident.severity}`, icon: 'warning', iconColor: 'list.warningForeground', open: { command: CommandIds.assignRole, args: [incident.id, role] } };
    });
    for (const sme of incident.roles.smes) leaves.push({ kind: 'leaf', id: `${prefix}/sme/${sme}`, label: roleName('sme'), description: sme, icon: 'person' });
    if (leaves.length === 0) leaves.push({ kind: 'leaf', id: `${prefix}/none`, label: 'No roles assigned', icon: 'person-add', open: { command: CommandIds.assignRole, args: [incident.id] } });
    return leaves;
  }

  private async detailOrUndefined(id: string): Promise<IncidentWithTimeline | undefined> {
    try {
      return await this.ctx.model.detail(id);
    } catch {
      return undefined;
    }
  }
}

function clockLeaf(clock: IncidentClock, prefix: string): IncidentTreeNode {
  const icons: Record<IncidentClock['state'], [string, string | undefined]> = {
    ok: ['clock', undefined],
    due_soon: ['watch', 'list.warningForeground'],
    overdue: ['error', 'list.errorForeground'],
    met: ['pass', 'testing.iconPassed'],
    missed: ['warning', 'list.warningForeground'],
  };
  const [icon, color] = icons[clock.state];
  return { kind: 'leaf', id: `${prefix}/${clock.kind}`, label: clock.label, tooltip: clock.detail, icon, iconColor: color };
}

function severityIcon(severity: number): vscode.ThemeIcon {
  if (severity <= 1) return new vscode.ThemeIcon('flame', new vscode.ThemeColor('list.errorForeground'));
  if (severity === 2) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon('info');
}

/** Every event type has its icon (the compiler says when a new one has none); a dead letter shows as an error. */
const EVENT_ICONS: Record<EventType | 'unknown', string> = {
  declared: 'flame',
  severity_changed: 'arrow-swap',
  status_changed: 'debug-step-over',
  role_assigned: 'person-add',
  check_in: 'account',
  note: 'note',
  status_update: 'megaphone',
  runbook_step: 'terminal',
  resolved: 'pass',
  alert_firing: 'bell-dot',
  alert_resolved: 'bell-slash',
  alert_group_resolved: 'bell-slash',
  delivery: 'send',
  unknown: 'circle-small',
};

function eventIcon(event: TimelineEvent): { icon: string; iconColor?: string } {
  if (event.type === 'delivery' && event.outcome === 'dead_letter') return { icon: 'error', iconColor: 'list.errorForeground' };
  return { icon: EVENT_ICONS[event.type] };
}

function alertCount(incident: Incident): string | undefined {
  const alerts = incident.alerts ?? [];
  if (alerts.length === 0) return undefined;
  const firing = alerts.filter((alert) => alert.status === 'firing').length;
  return firing === alerts.length ? `${firing} firing` : `${firing} firing · ${alerts.length - firing} resolved`;
}
