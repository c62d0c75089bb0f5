import * as vscode from 'vscode';
import { roleName } from '../../../core/incidents/describe';
import { SINGLE_ROLES, type Incident, type RoleName, type Roles } from '../../../core/incidents/model';
import { CommandIds } from '../../commandIds';
import { incidentArg, oneOf, optional, stringArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { performAction, resolveIncident, type IncidentCommandContext } from './support';

const ROLES: readonly RoleName[] = [...SINGLE_ROLES, 'sme'];

/** Arguments: (incident?, role?, assignee?). */
export function assignRoleCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.assignRole, title: 'Assign Role', args: [incidentArg, optional(oneOf(ROLES, 'a role')), optional(stringArg)] }, async (incidentId, roleArg, assigneeArg) => {
    const incident = await resolveIncident(ctx, incidentId, 'Assign a role on which incident?');
    if (!incident) return undefined;
    const role = roleArg ?? (await pickRole(ctx, incident));
    if (!role) return undefined;
    const me = await ctx.userName();
    const assignee = assigneeArg?.trim() ? assigneeArg.trim() : await pickAssignee(me, role);
    if (!assignee) return undefined;
    const roles: Partial<Roles> = role === 'sme' ? { smes: [...new Set([...incident.roles.smes, assignee])] } : { [role]: assignee };
    return performAction(ctx, { kind: 'update', incidentId: incident.id, patch: { roles } }, `${assignee} is ${roleName(role)} on ${incident.id}`);
  });
}

async function pickRole(ctx: IncidentCommandContext, incident: Incident): Promise<RoleName | undefined> {
  const required = new Set(ctx.policy().levels[incident.severity].requiredRoles);
  const picked = await vscode.window.showQuickPick(
    ROLES.map((role) => {
      const holder = role === 'sme' ? incident.roles.smes.join(', ') : incident.roles[role];
      return { label: roleName(role), description: holder ? `held by ${holder}` : required.has(role as never) ? `required at Sev ${incident.severity} — unassigned` : 'unassigned', role };
    }),
    { placeHolder: `Which role on ${incident.id}?` },
  );
  return picked?.role;
}

async function pickAssignee(me: string, role: RoleName): Promise<string | undefined> {
  const someoneElse = 'Someone else…';
  const picked = await vscode.window.showQuickPick([`Me (${me})`, someoneElse], { placeHolder: `Who is ${roleName(role)}?` });
  if (!picked) return undefined;
  if (picked !== someoneElse) return me;
  const name = await vscode.window.showInputBox({ prompt: `Name (or handle) of the ${roleName(role)}`, validateInput: (v) => (v.trim() ? undefined : 'A name is needed') });
  return name?.trim() || undefined;
}
