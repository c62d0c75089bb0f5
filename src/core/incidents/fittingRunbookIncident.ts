/**
 * Opening a runbook from an incident's "Runbooks that fit" says "I am working on this
 * incident", so that incident becomes the window's current one and every run of the
 * runbook is recorded on it. The status bar always names the current incident; this
 * message says when and why it changed (and from what), so a switch is never silent.
 * Undefined: the incident already is the current one, nothing changes.
 */
export function fittingRunbookSwitch(incidentId: string, currentId: string | undefined): { message: string } | undefined {
  if (currentId === incidentId) return undefined;
  const was = currentId === undefined ? '' : ` (was ${currentId})`;
  return { message: `Working on ${incidentId}${was}: runs of its fitting runbooks go on its timeline` };
}
