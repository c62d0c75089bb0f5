import type { IncidentBackend } from '../../backends/backend';
import type { Incident, IncidentWithTimeline, TimelineEvent } from '../../core/incidents/model';
import {
  audienceArgument,
  roleArgument,
  severityArgument,
  statusArgument,
  textArgument,
} from './actionArguments';

/**
 * The sidebar's incident actions for any front end that gets them as text (the command
 * line; later bots): every argument is checked here, before anything is sent, so a
 * mistake never reaches the backend half-made.
 */

/**
 * Who acts, asked for only where a request must name them: the commander of a new
 * incident and an event's author. The desk server takes the author from the token
 * (and the backend sends none), so for desk this is the token's name; for PagerDuty
 * a user's email, its `From`. Changes to an incident name nobody: the backend's own
 * identity (token, PAGERDUTY_FROM) is who makes them.
 */
export type ActorName = () => Promise<string>;

export interface DeclareInput {
  title: string;
  severity: string;
  services?: readonly string[];
  summary?: string;
}

export interface UpdateInput {
  audience: string;
  conditions: string | undefined;
  actions: string | undefined;
  needs: string | undefined;
}

export class IncidentActions {
  constructor(
    private readonly backend: IncidentBackend,
    private readonly actor: ActorName,
  ) {}

  /** Like the sidebar, whoever declares is the commander until someone else is named. */
  async declare(input: DeclareInput): Promise<Incident> {
    const title = textArgument('the title', input.title);
    const severity = severityArgument(input.severity);
    const services = (input.services ?? []).map((service) => textArgument('a service', service));
    const summary = input.summary === undefined ? '' : textArgument('the summary', input.summary);
    const author = await this.actor();
    return this.backend.declare({ title, severity, services, summary, author, roles: { commander: author } }, { author });
  }

  async checkIn(id: string): Promise<TimelineEvent> {
    const incidentId = textArgument('the incident id', id);
    const author = await this.actor();
    return this.backend.addEvent(incidentId, { type: 'check_in', author }, { author });
  }

  async setSeverity(id: string, severity: string): Promise<Incident> {
    return this.patch(id, { severity: severityArgument(severity) });
  }

  async setStatus(id: string, status: string): Promise<Incident> {
    return this.patch(id, { status: statusArgument(status) });
  }

  /** A subject matter expert joins the list; every other role has one holder, replaced. */
  async assignRole(id: string, role: string, person: string): Promise<Incident> {
    const incidentId = textArgument('the incident id', id);
    const roleName = roleArgument(role);
    const assignee = textArgument('the person', person);
    if (roleName !== 'sme') return this.patch(incidentId, { roles: { [roleName]: assignee } });
    const current = await this.backend.get(incidentId);
    return this.patch(incidentId, { roles: { smes: [...new Set([...current.roles.smes, assignee])] } }, current.version);
  }

  async addNote(id: string, text: string): Promise<TimelineEvent> {
    const incidentId = textArgument('the incident id', id);
    const note = textArgument('the note', text);
    const author = await this.actor();
    return this.backend.addEvent(incidentId, { type: 'note', text: note, author }, { author });
  }

  async postUpdate(id: string, input: UpdateInput): Promise<TimelineEvent> {
    const incidentId = textArgument('the incident id', id);
    const audience = audienceArgument(input.audience);
    const conditions = textArgument('--conditions', input.conditions);
    const actions = textArgument('--actions', input.actions);
    const needs = textArgument('--needs', input.needs);
    const author = await this.actor();
    return this.backend.addEvent(incidentId, { type: 'status_update', audience, conditions, actions, needs, author }, { author });
  }

  /** A summary given here is what the retrospective starts from. */
  async resolve(id: string, summary?: string): Promise<Incident> {
    const text = summary === undefined ? undefined : textArgument('the summary', summary);
    return this.patch(id, text === undefined ? { status: 'resolved' } : { status: 'resolved', summary: text });
  }

  async show(id: string): Promise<IncidentWithTimeline> {
    return this.backend.get(textArgument('the incident id', id));
  }

  /**
   * `expectedVersion` when the patch was built from what was just read (the SME list),
   * so a concurrent assignment is refused as a conflict rather than overwritten.
   */
  private async patch(id: string, patch: Parameters<IncidentBackend['update']>[1], expectedVersion?: number): Promise<Incident> {
    const incidentId = textArgument('the incident id', id);
    return this.backend.update(incidentId, patch, expectedVersion === undefined ? {} : { expectedVersion });
  }
}
