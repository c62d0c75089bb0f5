import * as vscode from 'vscode';
import { runbookFileName, runbookFolderFromGlobs, runbookTemplate, validateRunbookTitle } from '../../../core/runbooks/runbookTemplate';
import { CommandIds } from '../../commandIds';
import { booleanArg, optional, optionsArg, stringArg } from '../../platform/commandArgs';
import { defineCommand, type Command } from '../../platform/commandManager';
import type { Settings } from '../../platform/settings';
import { uriArg } from '../../platform/uriArgs';

export interface CreateRunbookArguments {
  title?: string;
  /** The workspace folder to create it in (default: the only one, else asked). */
  folder?: vscode.Uri;
  /** Open the new file (default true). */
  open?: boolean;
}

/**
 * Asks for a title and writes `runbooks/<slug>.md` from a template whose front
 * matter lints clean. The file is written whole (temporary file + rename) and an
 * existing runbook is never overwritten. Returns the new file's URI.
 */
export function createRunbookCommand(settings: Settings, log: vscode.LogOutputChannel): Command {
  const options = optionsArg<CreateRunbookArguments>({ title: optional(stringArg), folder: optional(uriArg), open: optional(booleanArg) });
  return defineCommand({ id: CommandIds.createRunbook, title: 'Create Runbook', args: [options] }, async (args) => {
    const folder = args.folder ?? (await pickFolder());
    if (!folder) {
      if (!vscode.workspace.workspaceFolders?.length) void vscode.window.showErrorMessage('Open the folder of your team’s repository to create a runbook in it.');
      return undefined;
    }
    const raw =
      typeof args.title === 'string'
        ? args.title
        : await vscode.window.showInputBox({
            title: 'Create Runbook',
            prompt: 'What does this runbook do? (e.g. “Roll back a bad deploy”)',
            ignoreFocusOut: true,
            validateInput: (text) => {
              const checked = validateRunbookTitle(text);
              return checked.ok ? undefined : checked.error;
            },
          });
    if (raw === undefined) return undefined;
    const checked = validateRunbookTitle(raw);
    if (!checked.ok) {
      void vscode.window.showErrorMessage(checked.error);
      return undefined;
    }
    const target = vscode.Uri.joinPath(folder, ...runbookFolderFromGlobs(settings.runbookGlobs).split('/'), runbookFileName(checked.title));
    if (await exists(target)) {
      void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(target)} already exists; choose another title. Nothing was overwritten.`);
      return undefined;
    }
    await writeNewFile(target, runbookTemplate(checked.title, new Date()));
    log.info(`Runbooks: created ${vscode.workspace.asRelativePath(target)}.`);
    if (args.open !== false) await vscode.window.showTextDocument(target);
    return target;
  });
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create the runbook in which folder?' }))?.uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Temporary file in the same folder, then a rename that refuses to replace: no half-written runbook, no clobbering. */
async function writeNewFile(target: vscode.Uri, text: string): Promise<void> {
  const parent = vscode.Uri.joinPath(target, '..');
  await vscode.workspace.fs.createDirectory(parent);
  const temp = vscode.Uri.joinPath(parent, `.${target.path.slice(target.path.lastIndexOf('/') + 1)}.${process.pid}.${Date.now()}.tmp`);
  await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(text));
  try {
    await vscode.workspace.fs.rename(temp, target, { overwrite: false });
  } catch (error) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    throw error;
  }
}
