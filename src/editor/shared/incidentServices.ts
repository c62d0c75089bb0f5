import type * as vscode from 'vscode';
import type { Incident, IncidentWithTimeline, NewEvent } from '../../core/incidents/model';

/**
 * What other features need from the incidents feature, and nothing more: the
 * runbook runner records step runs; retrospectives read incidents.
 */
export interface IncidentRecorder {
  /** The window's current incident ("Work on this incident"), if any. */
  readonly currentIncidentId: string | undefined;
  readonly onDidChangeCurrentIncident: vscode.Event<string | undefined>;
  /**
   * Sends an event to the incident's timeline, or queues it on disk while the
   * backend is unreachable, to be sent once, in order, when it is back.
   */
  recordEvent(incidentId: string, event: NewEvent): Promise<'sent' | 'queued'>;
}

export interface IncidentSource {
  /** The incident with its full timeline, from the backend. */
  get(id: string): Promise<IncidentWithTimeline>;
  /** Lets the user choose an incident (active and recently resolved), or undefined when cancelled. */
  pick(placeHolder: string): Promise<Incident | undefined>;
}

/** The name this user goes by on timelines and roles. */
export type UserName = () => Promise<string>;
