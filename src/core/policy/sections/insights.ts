import { isValidTimeZone, parseWorkingHours, type WorkingHours } from '../../insights/localTime';
import { scalarValue } from '../readContext';
import type { PolicySection } from '../schema';

/** How insights tell nights and weekends from working hours, and which git tags are deploys. */
export interface InsightsPolicy {
  /** IANA time zone for working hours, weekends and ISO weeks. */
  timezone: string;
  /** As written, `09:00-18:00`. */
  workingHours: string;
  /** Parsed workingHours. */
  working: WorkingHours;
  /** A glob (`v*`): tags that match are deploys; with none matching, merges to the default branch are. */
  deployTags: string;
}

export const DEFAULT_INSIGHTS_POLICY: InsightsPolicy = Object.freeze({
  timezone: 'UTC',
  workingHours: '09:00-18:00',
  working: Object.freeze({ startMinute: 9 * 60, endMinute: 18 * 60 }),
  deployTags: 'v*',
});

const KEYS = ['timezone', 'working_hours', 'deploy_tags'] as const;

export const insightsSection: PolicySection = {
  description: 'insights: `timezone` (IANA, for nights, weekends and ISO weeks), `working_hours` (`09:00-18:00`), `deploy_tags` (a glob such as `v*`)',
  read(node, ctx, into) {
    const entries = ctx.mapping(node, 'insights', KEYS);
    if (!entries) return;
    const next: InsightsPolicy = { ...into.insights };
    const timezone = entries.get('timezone');
    if (timezone) {
      const value = scalarValue(timezone.value);
      if (typeof value !== 'string' || !isValidTimeZone(value)) {
        ctx.error(`insights.timezone: \`${String(value)}\` is not an IANA time zone; use a name such as Europe/Berlin, America/New_York or UTC.`, timezone.value ?? timezone.key);
      } else next.timezone = value;
    }
    const hours = entries.get('working_hours');
    if (hours) {
      const value = scalarValue(hours.value);
      const parsed = typeof value === 'string' ? parseWorkingHours(value) : undefined;
      if (!parsed || typeof value !== 'string') {
        ctx.error(`insights.working_hours: expected start and end as HH:MM-HH:MM with the start first, such as 09:00-18:00.`, hours.value ?? hours.key);
      } else {
        next.workingHours = value.trim();
        next.working = parsed;
      }
    }
    const tags = entries.get('deploy_tags');
    if (tags) {
      const value = scalarValue(tags.value);
      if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value.trim())) ctx.error('insights.deploy_tags: expected one tag glob such as v* or release-*.', tags.value ?? tags.key);
      else next.deployTags = value.trim();
    }
    into.insights = next;
  },
};
