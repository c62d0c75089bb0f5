import { MAX_ID_LENGTH } from '../../backends/decode';
import type { ArgCheck } from '../platform/commandArgs';

/** Which alert of which incident a command acts on; the links themselves are always read from the model. */
export interface AlertRef {
  incidentId: string;
  fingerprint: string;
}

/** Fingerprints are short hashes in practice; anything this long is not one. */
const MAX_FINGERPRINT_LENGTH = 512;

/**
 * An alert: its tree row (`{ kind: 'alert', incidentId, fingerprint, … }`) or
 * `{ incidentId, fingerprint }`. A caller never passes the URL to open: the command looks
 * the alert up on the incident, so another extension cannot make it open an arbitrary link.
 */
export const alertArg: ArgCheck<AlertRef> = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'expected an alert row or { incidentId, fingerprint }' };
  const { incidentId, fingerprint } = value as Record<string, unknown>;
  if (!validText(incidentId, MAX_ID_LENGTH)) return { ok: false, problem: 'expected an alert row: its incidentId is not an incident id' };
  if (!validText(fingerprint, MAX_FINGERPRINT_LENGTH)) return { ok: false, problem: 'expected an alert row: its fingerprint is not an alert fingerprint' };
  return { ok: true, value: { incidentId: incidentId.trim(), fingerprint } };
};

function validText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= max && !/[\u0000-\u001f\u007f]/.test(value);
}
