import { terminalSafe } from '../../core/text/terminalSafe';

/** What a dead-letter row shows; the remote texts (channel, error) are plain and stripped of control characters. */
export interface DeadLetterRow {
  /** "failed: 404 from Teams · 5 tries" */
  label: string;
  /** The channel's name. */
  description: string;
  tooltip: string;
}

const MAX_SHOWN = 120;

export function deadLetterRow(delivery: { channel: string; attempts: number; lastError: string | null; eventId: string; createdAt: string }): DeadLetterRow {
  const error = plain(delivery.lastError ?? 'no answer');
  const tries = delivery.attempts === 1 ? '1 try' : `${delivery.attempts} tries`;
  const channel = plain(delivery.channel);
  return {
    label: `failed: ${error} · ${tries}`,
    description: channel,
    tooltip: `Dead letter: ${plain(delivery.eventId)} to ${channel}, given up after ${tries} (${error}). Retry Delivery sends it again.`,
  };
}

function plain(text: string): string {
  const safe = terminalSafe(text).trim();
  return safe.length > MAX_SHOWN ? `${safe.slice(0, MAX_SHOWN - 1)}…` : safe;
}
