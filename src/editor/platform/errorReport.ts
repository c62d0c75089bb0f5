import * as vscode from 'vscode';
import { errorText } from './errorText';

/**
 * The one way a failure reaches the user: `Incident Desk: <what> failed: <why>` with
 * Show Log, and the log gets the stack. Not awaited: a command returns (to a test, a
 * keybinding) without waiting for someone to close a notification.
 */
export function reportError(log: vscode.LogOutputChannel, what: string, error: unknown): void {
  const text = errorText(error);
  log.error(`${what} failed: ${error instanceof Error && error.stack && error.name !== 'UserFacingError' ? error.stack : text}`);
  showWithLog(log, `Incident Desk: ${what} failed: ${text}`);
}

/** A command given arguments it cannot take: nothing ran. */
export function reportRefusal(log: vscode.LogOutputChannel, what: string, problem: string): void {
  log.warn(`${what}: refused its arguments: ${problem}`);
  showWithLog(log, `Incident Desk: ${what}: ${problem}. Nothing was done.`);
}

function showWithLog(log: vscode.LogOutputChannel, message: string): void {
  void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
    if (choice === 'Show Log') log.show();
  });
}
