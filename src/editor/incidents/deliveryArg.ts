import { MAX_ID_LENGTH } from '../../backends/decode';
import type { ArgCheck } from '../platform/commandArgs';

/** Which delivery of which incident a command retries; what is sent is always the server's own copy. */
export interface DeliveryRef {
  incidentId: string;
  deliveryId: string;
}

/**
 * A dead letter: its tree row (`{ kind: 'deadLetter', incidentId, deliveryId, … }`) or
 * `{ incidentId, deliveryId }`. Both ids go into a URL path, so each is a bounded,
 * non-empty text without control characters; the command encodes them.
 */
export const deliveryArg: ArgCheck<DeliveryRef> = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'expected a dead-letter row or { incidentId, deliveryId }' };
  const { incidentId, deliveryId } = value as Record<string, unknown>;
  if (!validId(incidentId)) return { ok: false, problem: 'expected a dead-letter row: its incidentId is not an incident id' };
  if (!validId(deliveryId)) return { ok: false, problem: 'expected a dead-letter row: its deliveryId is not a delivery id' };
  return { ok: true, value: { incidentId: incidentId.trim(), deliveryId: deliveryId.trim() } };
};

function validId(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_ID_LENGTH && !/[\u0000-\u001f\u007f]/.test(value);
}
