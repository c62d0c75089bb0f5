import * as vscode from 'vscode';
import { parseRetrospective } from '../../core/retrospectives';
import { SubmitError } from '../../github/errors';
import { submitRetrospective, type SubmitResult } from '../../github/submit';
import { CommandIds } from '../commandIds';
import { optional, optionsArg, stringArg, type ArgCheck } from '../platform/commandArgs';
import { defineCommand, type Command } from '../platform/commandManager';
import type { Settings } from '../platform/settings';
import { fileArg } from '../platform/uriArgs';
import type { GitHubAuth } from './gitHubAuth';
import { repositoryFolder } from './repositoryFolder';
import { UserFacingError } from './userMessages';

export interface SubmitRetrospectiveDeps {
  settings: Settings;
  log: vscode.LogOutputChannel;
  auth: GitHubAuth;
}

/** What tests and keybindings may pass to skip the prompts. */
export interface SubmitArgument {
  uri?: vscode.Uri;
  /** Used in memory for this submit only: never stored, never logged. */
  token?: string;
  apiBaseUrl?: string;
}

/**
 * "Submit Retrospective as Pull Request": saves the file, then commits only it on
 * `retro/<id>`, pushes, opens (or reuses) the pull request, files the follow-ups as
 * issues and writes their numbers back — with a progress notification through the steps
 * and "Open Pull Request" at the end. On failure the message says what was kept.
 * Argument: the file's URI, `{ uri, token?, apiBaseUrl? }`, or nothing (the active editor).
 * Resolves with the submit's result, or undefined when cancelled or failed.
 */
export function submitRetrospectiveCommand(deps: SubmitRetrospectiveDeps): Command {
  // Trust: it runs git and sends the workspace's file to GitHub.
  return defineCommand({ id: CommandIds.submitRetrospective, title: 'Submit Retrospective', args: [submitArg], trust: { action: 'Submitting a retrospective' } }, (given) => submit(deps, given));
}

async function submit(deps: SubmitRetrospectiveDeps, given: SubmitArgument): Promise<SubmitResult | undefined> {
  try {
    const uri = given.uri ?? vscode.window.activeTextEditor?.document.uri;
    if (uri === undefined) throw new UserFacingError('Open the retrospective to submit first.');
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.isUntitled || uri.scheme !== 'file') throw new UserFacingError('Save the retrospective in the repository before submitting it.');
    if (document.isDirty && !(await document.save())) throw new UserFacingError('The retrospective could not be saved, so nothing was submitted.');
    refuseWithProblems(document);
    const folder = await repositoryFolder(uri);
    if (folder === undefined) return undefined;

    const apiBaseUrl = given.apiBaseUrl ?? configuredApiBaseUrl(deps.settings);
    const credentials = deps.auth.forSubmit(apiBaseUrl ?? deps.settings.gitHubApiUrl, given.token);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Submitting the retrospective' },
      (progress) =>
        submitRetrospective({
          repoDir: folder.uri.fsPath,
          file: uri.fsPath,
          tokenProvider: credentials.tokenProvider,
          onUnauthorized: () => void credentials.onUnauthorized(),
          onProgress: (step) => progress.report({ message: step.message }),
          log: deps.log,
          ...(apiBaseUrl !== undefined ? { apiBaseUrl } : {}),
        }),
    );
    announce(result);
    return result;
  } catch (error) {
    // The command wrapper reports it; this only adds what was already done.
    throw withKeptWork(error);
  }
}

/** Submit's and Update Follow-up Status's argument: a Uri, `{ uri?, token?, apiBaseUrl? }`, or nothing (the active editor). */
export const submitArg: ArgCheck<SubmitArgument> = (argument) => {
  if (argument === undefined || argument === null) return { ok: true, value: {} };
  const file = fileArg(argument);
  if (argument instanceof vscode.Uri) return file.ok && file.value ? { ok: true, value: { uri: file.value } } : { ok: true, value: {} };
  const options = optionsArg<{ token?: string; apiBaseUrl?: string }>({ token: optional(stringArg), apiBaseUrl: optional(stringArg) })(argument);
  if (!options.ok) return options;
  const uri = typeof argument === 'object' && (argument as { uri?: unknown }).uri !== undefined ? fileArg((argument as { uri?: unknown }).uri) : undefined;
  if (uri && !uri.ok) return { ok: false, problem: `uri: ${uri.problem}` };
  const { token, apiBaseUrl } = options.value;
  return {
    ok: true,
    value: {
      ...(uri?.ok && uri.value ? { uri: uri.value } : {}),
      ...(token ? { token } : {}),
      ...(apiBaseUrl ? { apiBaseUrl } : {}),
    },
  };
};

/**
 * The setting only when the user set it: otherwise the submit flow derives the API from
 * the remote (api.github.com, or HOST/api/v3 for GitHub Enterprise Server).
 */
export function configuredApiBaseUrl(settings: Settings): string | undefined {
  const inspected = vscode.workspace.getConfiguration('incidentDesk').inspect<string>('github.apiUrl');
  const explicit = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  return explicit === undefined ? undefined : settings.gitHubApiUrl;
}

/** Malformed follow-ups would not become issues; they are fixed first, never dropped. */
function refuseWithProblems(document: vscode.TextDocument): void {
  const errors = parseRetrospective(document.getText()).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return;
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more in the Problems panel)` : '';
  throw new UserFacingError(`Fix the retrospective first, nothing was submitted — line ${first?.line}: ${first?.message}${more}`);
}

function announce(result: SubmitResult): void {
  const issues = result.createdIssues.length;
  const what = result.reusedPr ? `Pull request #${result.prNumber} updated` : `Pull request #${result.prNumber} opened`;
  const detail = issues === 0 ? '' : `; ${issues} follow-up issue${issues === 1 ? '' : 's'} created`;
  const open = 'Open Pull Request';
  void vscode.window.showInformationMessage(`Incident Desk: ${what}${detail}.`, open).then((choice) => {
    if (choice === open) void vscode.env.openExternal(vscode.Uri.parse(result.prUrl));
  });
}

/** A failed submit says what it had already done, so nobody redoes it by hand. */
function withKeptWork(error: unknown): unknown {
  if (!(error instanceof SubmitError) || !error.partial) return error;
  const { commits, prUrl } = error.partial;
  const kept: string[] = [];
  if (commits.length > 0 && !/kept/i.test(error.message)) kept.push(`the local commit${commits.length > 1 ? 's' : ''} ${commits.map((c) => c.slice(0, 7)).join(', ')} ${commits.length > 1 ? 'are' : 'is'} kept`);
  if (prUrl) kept.push(`the pull request is ${prUrl}`);
  return kept.length === 0 ? error : new Error(`${error.message} (${kept.join('; ')})`);
}
