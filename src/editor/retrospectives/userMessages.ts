import * as vscode from 'vscode';

/** A problem the user can fix, told in words meant for them; no stack trace in the log either. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/**
 * Shows a failure to the user and writes it to the log. Not awaited by callers: a
 * command must return (to a test, a keybinding) without waiting for someone to close
 * a notification.
 */
export function reportFailure(log: vscode.LogOutputChannel, action: string, error: unknown): void {
  const message = messageOf(error);
  log.error(`${action}: ${message}`);
  void vscode.window.showErrorMessage(`Incident Desk: ${action}: ${message}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') log.show();
  });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
