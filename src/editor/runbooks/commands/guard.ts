import * as vscode from 'vscode';

/**
 * A command body whose unexpected errors reach the user as a message and the log
 * as an error, never as an unhandled rejection. Returns undefined on failure.
 */
export function guarded<A extends unknown[], R>(log: vscode.LogOutputChannel, what: string, body: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await body(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`Runbooks: ${what} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
      void vscode.window.showErrorMessage(`Incident Desk: ${what} failed: ${message}`);
      return undefined;
    }
  };
}
