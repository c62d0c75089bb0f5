import * as vscode from 'vscode';

/** The extension's log: an Output channel with levels, shown by "Incident Desk: Show Log". */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Incident Desk', { log: true });
}
