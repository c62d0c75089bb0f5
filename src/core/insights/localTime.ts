/**
 * Local wall-clock parts of an instant in an IANA time zone, with Intl only: the
 * policy's time zone decides what is a night, a weekend and an ISO week, and
 * Intl.DateTimeFormat already knows every zone's offsets and DST changes.
 */

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  /** ISO: 1 Monday … 7 Sunday. */
  isoWeekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone (an IANA name such as Europe/Berlin, or UTC). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * formatToParts is the costly step for ten thousand incidents, so it runs twice per UTC
 * day and zone: when the zone's offset is the same at both ends of the day (every day but
 * a DST change), every instant of it is that offset away from UTC; on a change day each
 * instant asks Intl.
 */
const DAY = 86_400_000;
const dayOffsets = new Map<string, Map<number, number | null>>();

export function localParts(epochMs: number, timeZone: string): LocalParts {
  const offset = offsetOfDay(Math.floor(epochMs / DAY), timeZone);
  if (offset === null) return intlParts(epochMs, timeZone);
  const local = new Date(epochMs + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    isoWeekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay(),
  };
}

function offsetOfDay(day: number, timeZone: string): number | null {
  let days = dayOffsets.get(timeZone);
  if (!days) dayOffsets.set(timeZone, (days = new Map()));
  let offset = days.get(day);
  if (offset === undefined) {
    if (days.size > 200_000) days.clear();
    const start = offsetMs(day * DAY, timeZone);
    offset = start === offsetMs(day * DAY + DAY - 60_000, timeZone) ? start : null;
    days.set(day, offset);
  }
  return offset;
}

function intlParts(epochMs: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    isoWeekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
  };
}

/** `2026-W48`: the ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOf(local: Pick<LocalParts, 'year' | 'month' | 'day'>): string {
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day));
  const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` of the local date. */
export function localDate(local: Pick<LocalParts, 'year' | 'month' | 'day'>): string {
  return `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
}

export interface WorkingHours {
  /** Minutes after local midnight; start inclusive, end exclusive. */
  startMinute: number;
  endMinute: number;
}

export type OffHours = 'working' | 'night' | 'weekend';

/**
 * Weekend wins over night, so the two never overlap: Saturday 03:00 is a weekend, not a
 * night. A night is a weekday outside working hours.
 */
export function offHoursOf(epochMs: number, timeZone: string, hours: WorkingHours): OffHours {
  const local = localParts(epochMs, timeZone);
  if (local.isoWeekday >= 6) return 'weekend';
  const minute = local.hour * 60 + local.minute;
  return minute >= hours.startMinute && minute < hours.endMinute ? 'working' : 'night';
}

/** `09:00-18:00` → minutes; undefined when it is not two HH:MM times with the start first. */
export function parseWorkingHours(text: string): WorkingHours | undefined {
  const match = /^\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)\s*$/.exec(text);
  if (!match) return undefined;
  const startMinute = Number(match[1]) * 60 + Number(match[2]);
  const endMinute = Number(match[3]) * 60 + Number(match[4]);
  if (endMinute > 24 * 60 || endMinute <= startMinute) return undefined;
  return { startMinute, endMinute };
}

/**
 * The instant of local midnight starting `YYYY-MM-DD` in the zone (a date on the command
 * line means that day where the team works). Undefined for a date that does not exist.
 */
export function zonedMidnight(date: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const wall = Date.UTC(year, month - 1, day);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  // Twice: the first guess's offset may be on the other side of a DST change.
  let guess = wall;
  for (let i = 0; i < 2; i++) guess = wall - offsetMs(guess, timeZone);
  return guess;
}

/** Local wall time minus UTC at that instant. */
function offsetMs(epochMs: number, timeZone: string): number {
  const p = intlParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - (epochMs - (epochMs % 60_000 + 60_000) % 60_000);
}
