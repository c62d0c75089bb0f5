import * as vscode from 'vscode';

/**
 * "Write retrospective" is invoked from the Incidents tree (a node with an `incident`),
 * from a keybinding or test (an id), or from the palette (nothing). Anything else is
 * treated as nothing, so the user is asked instead of acting on a wrong incident.
 */
export function incidentIdFromArgument(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument.trim() === '' ? undefined : argument.trim();
  if (typeof argument !== 'object' || argument === null) return undefined;
  const incident = (argument as { incident?: unknown }).incident;
  if (typeof incident === 'object' && incident !== null) {
    const id = (incident as { id?: unknown }).id;
    if (typeof id === 'string' && id.trim() !== '') return id.trim();
  }
  const incidentId = (argument as { incidentId?: unknown }).incidentId;
  return typeof incidentId === 'string' && incidentId.trim() !== '' ? incidentId.trim() : undefined;
}

/** A file command's target: a URI (editor title menu, explorer) or `{ uri }` (tests, keybindings). */
export function uriFromArgument(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  if (typeof argument !== 'object' || argument === null) return undefined;
  const uri = (argument as { uri?: unknown }).uri;
  return uri instanceof vscode.Uri ? uri : undefined;
}
