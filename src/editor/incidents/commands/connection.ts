import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import { optional, optionsArg, stringArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import { reportError } from '../../platform/errorReport';
import { SecretKeys, type SecretKey } from '../../platform/secrets';
import type { IncidentCommandContext } from './support';

export function refreshCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.refreshIncidents, title: 'Refresh Incidents', args: [] }, () => ctx.model.refresh());
}

export function retryConnectionCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.retryConnection, title: 'Retry Connection Now', args: [] }, () => ctx.model.refresh());
}

/** Stores a token in SecretStorage only; a failure there is reported and nothing is written elsewhere. */
async function storeToken(ctx: IncidentCommandContext, key: SecretKey, token: string): Promise<boolean> {
  try {
    await ctx.secrets.set(key, token);
    return true;
  } catch (error) {
    reportError(ctx.log, 'Saving the token', error);
    return false;
  }
}

/** Argument: (token?); without one a password box asks. */
export function setServerTokenCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.setServerToken, title: 'Set Server Token', args: [optional(stringArg)] }, async (tokenArg) => {
    if (!ctx.settings.serverUrl) {
      const url = await vscode.window.showInputBox({ prompt: 'Incident Desk server URL', placeHolder: 'https://incidents.example.com', validateInput: validateHttpUrl });
      if (!url) return false;
      await ctx.settings.update('server.url', url.trim());
    }
    const token = tokenArg || (await vscode.window.showInputBox({ prompt: 'Incident Desk server token (from `incident-desk token create`)', password: true, ignoreFocusOut: true }));
    if (!token) return false;
    if (!(await storeToken(ctx, SecretKeys.serverToken, token.trim()))) return false;
    await ctx.model.connect();
    return true;
  });
}

/** Argument: (token?); without one a password box asks. */
export function setPagerDutyTokenCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.setPagerDutyToken, title: 'Set PagerDuty Token', args: [optional(stringArg)] }, async (tokenArg) => {
    const token = tokenArg || (await vscode.window.showInputBox({ prompt: 'PagerDuty REST API key', password: true, ignoreFocusOut: true }));
    if (!token) return false;
    if (!(await storeToken(ctx, SecretKeys.pagerDutyToken, token.trim()))) return false;
    await ctx.model.connect();
    return true;
  });
}

export interface ConnectPagerDutyArgs {
  token?: string;
  fromEmail?: string;
  apiUrl?: string;
}

/** Argument: ({ token?, fromEmail?, apiUrl? }?); what is missing is asked. */
export function connectPagerDutyCommand(ctx: IncidentCommandContext): Command {
  return defineCommand({ id: CommandIds.connectPagerDuty, title: 'Connect to PagerDuty', args: [optionsArg<ConnectPagerDutyArgs>({ token: optional(stringArg), fromEmail: optional(stringArg), apiUrl: optional(stringArg) })] }, async (args) => {
    const token = args.token ?? (await vscode.window.showInputBox({ title: 'Connect to PagerDuty (1/2)', prompt: 'PagerDuty REST API key (stored in secret storage)', password: true, ignoreFocusOut: true }));
    if (!token) return false;
    const fromEmail = args.fromEmail ?? (await vscode.window.showInputBox({ title: 'Connect to PagerDuty (2/2)', prompt: 'Your PagerDuty login email (sent as `From` on writes)', value: ctx.settings.pagerDuty.fromEmail, ignoreFocusOut: true }));
    if (fromEmail === undefined) return false;
    if (!(await storeToken(ctx, SecretKeys.pagerDutyToken, token.trim()))) return false;
    await ctx.settings.update('pagerduty.fromEmail', fromEmail.trim());
    if (args.apiUrl) await ctx.settings.update('pagerduty.apiUrl', args.apiUrl);
    await ctx.settings.update('backend', 'pagerduty');
    await ctx.model.connect();
    return true;
  });
}

function validateHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'Use an http(s) URL';
  } catch {
    return 'Not a URL';
  }
}
