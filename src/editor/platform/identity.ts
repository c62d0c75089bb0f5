import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import type { Settings } from './settings';

let cached: string | undefined;

/** The setting, else `git config user.name` in the workspace, else the OS user. */
export async function resolveUserName(settings: Settings): Promise<string> {
  if (settings.userName) return settings.userName;
  if (cached) return cached;
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const fromGit = await new Promise<string>((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 3000 }, (error, stdout) => resolve(error ? '' : stdout.trim()));
  });
  cached = fromGit || safeOsUser();
  return cached;
}

function safeOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
