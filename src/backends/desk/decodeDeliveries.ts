import { BackendError, type Delivery, type DeliveryList } from '../backend';
import { MAX_ID_LENGTH } from '../decode';

/**
 * Checks the server's delivery list field by field before the editor shows it. One
 * entry of a wrong shape is skipped and named in `skipped` (as a timeline's unreadable
 * events are), so the dead letters that can be read still get their retry; a body that
 * is not a list at all is a `bad_response`.
 */

const STATUSES: readonly Delivery['status'][] = ['pending', 'delivered', 'dead'];
/** The server writes "429 from Slack"; anything much longer is not an error summary this client shows whole. */
const MAX_ERROR_LENGTH = 500;
/** An incident has a few events times a few channels; a list far past that is cut, not rendered. */
const MAX_DELIVERIES = 5000;

export function decodeDeliveryList(body: unknown, where: string): DeliveryList {
  const list = (body as { deliveries?: unknown } | null | undefined)?.deliveries;
  if (!Array.isArray(list)) throw new BackendError('bad_response', `${where} did not return { deliveries }.`);
  const deliveries: Delivery[] = [];
  const skipped: DeliveryList['skipped'] = [];
  list.slice(0, MAX_DELIVERIES).forEach((item, index) => {
    try {
      deliveries.push(decodeDelivery(item, `deliveries[${index}]`));
    } catch (error) {
      if (!(error instanceof BackendError)) throw error;
      skipped.push({ index, problem: error.message });
    }
  });
  return { deliveries, skipped };
}

export function decodeDelivery(value: unknown, where: string): Delivery {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(`${where} is not an object`);
  const o = value as Record<string, unknown>;
  const attempts = o.attempts;
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0) throw bad(`${where}.attempts is not a count`);
  if (!STATUSES.includes(o.status as Delivery['status'])) throw bad(`${where}.status has an unexpected value`);
  const lastError = nullable(o.lastError, `${where}.lastError`);
  return {
    id: identifier(o.id, `${where}.id`),
    incidentId: identifier(o.incidentId, `${where}.incidentId`),
    eventId: identifier(o.eventId, `${where}.eventId`),
    channel: identifier(o.channel, `${where}.channel`),
    status: o.status as Delivery['status'],
    attempts,
    nextAttemptAt: nullable(o.nextAttemptAt, `${where}.nextAttemptAt`),
    lastError: lastError === null ? null : lastError.slice(0, MAX_ERROR_LENGTH),
    deliveredAt: nullable(o.deliveredAt, `${where}.deliveredAt`),
    createdAt: text(o.createdAt, `${where}.createdAt`),
  };
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw bad(`${where} is not a string`);
  return value;
}

function nullable(value: unknown, where: string): string | null {
  return value === null ? null : text(value, where);
}

/** Non-empty, bounded and without control characters: ids go into URL paths and command arguments. */
function identifier(value: unknown, where: string): string {
  const id = text(value, where);
  if (id === '' || id.length > MAX_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(id)) throw bad(`${where} is not an id`);
  return id;
}

function bad(message: string): BackendError {
  return new BackendError('bad_response', `The server sent an unexpected shape: ${message}.`);
}
