import * as vscode from 'vscode';
import { BackendError, type Delivery } from '../../../backends/backend';
import { CommandIds } from '../../commandIds';
import { incidentArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { deadLetterRow } from '../deadLetterRow';
import type { DeadLetters } from '../deadLetters';
import { deliveryArg } from '../deliveryArg';
import { resolveIncident, type IncidentCommandContext } from './support';

/*
 * No Workspace Trust check: a retry sends nothing from the workspace. It asks the server
 * to send again a message the server already holds, to a channel the server's own config
 * names; the workspace's files, settings and runbooks play no part. Like reading
 * incidents, it works in a restricted window (the server's token decides who may).
 */

/** What a retry command resolves to, for tests and other extensions. */
export interface RetryOutcome {
  retried: string[];
  /** Dead letters of the incident still waiting for a retry afterwards. */
  remaining: number;
}

/** Sends one dead letter again. Argument: (dead-letter row or { incidentId, deliveryId }). */
export function retryDeliveryCommand(deadLetters: DeadLetters): Command {
  return defineCommand({ id: CommandIds.retryDelivery, title: 'Retry Delivery', args: [deliveryArg] }, async ({ incidentId, deliveryId }): Promise<RetryOutcome> => {
    const outcome = await retryEach(deadLetters, incidentId, [deliveryId]);
    tell(incidentId, outcome);
    return outcome;
  });
}

/** Picks among the incident's dead letters (all preselected) and sends them again. Argument: (incident?). */
export function retryFailedDeliveriesCommand(ctx: IncidentCommandContext, deadLetters: DeadLetters): Command {
  return defineCommand({ id: CommandIds.retryFailedDeliveries, title: 'Retry Failed Deliveries', args: [incidentArg] }, async (incidentId): Promise<RetryOutcome | undefined> => {
    const incident = await resolveIncident(ctx, incidentId, 'Retry the failed deliveries of which incident?');
    if (!incident) return undefined;
    if (ctx.model.backendKind !== 'desk') {
      void vscode.window.showInformationMessage('Incident Desk: only the Incident Desk server delivers to stakeholder channels; this backend has no deliveries to retry.');
      return undefined;
    }
    const dead = await deadLetters.load(incident.id);
    if (dead.length === 0) {
      void vscode.window.showInformationMessage(`Incident Desk: ${incident.id} has no failed deliveries.`);
      return { retried: [], remaining: 0 };
    }
    const items = dead.map((delivery) => ({ ...pickRow(delivery), picked: true, delivery }));
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: `Send these dead letters of ${incident.id} again` });
    if (!picked || picked.length === 0) return undefined;
    const outcome = await retryEach(deadLetters, incident.id, picked.map((item) => item.delivery.id));
    tell(incident.id, outcome);
    return outcome;
  });
}

function pickRow(delivery: Delivery): vscode.QuickPickItem {
  const row = deadLetterRow(delivery);
  return { label: row.label, description: row.description, detail: row.tooltip };
}

/**
 * One request per dead letter, in turn. One that is no longer dead (retried meanwhile
 * from another window: the server answers 409) counts as done; any other failure stops
 * here and is reported by the command wrapper, after what was already retried.
 */
async function retryEach(deadLetters: DeadLetters, incidentId: string, deliveryIds: readonly string[]): Promise<RetryOutcome> {
  const retried: string[] = [];
  let remaining = deadLetters.cached(incidentId).length;
  for (const deliveryId of deliveryIds) {
    try {
      remaining = (await deadLetters.retry(incidentId, deliveryId)).length;
      retried.push(deliveryId);
    } catch (error) {
      if (!(error instanceof BackendError && error.kind === 'conflict')) throw error;
      remaining = (await deadLetters.load(incidentId)).length;
    }
  }
  return { retried, remaining };
}

function tell(incidentId: string, outcome: RetryOutcome): void {
  const count = outcome.retried.length;
  const what = count === 0 ? `no delivery of ${incidentId} was still a dead letter` : count === 1 ? `1 delivery of ${incidentId} is being sent again` : `${count} deliveries of ${incidentId} are being sent again`;
  vscode.window.setStatusBarMessage(`$(sync) Incident Desk: ${what}`, 5000);
}
