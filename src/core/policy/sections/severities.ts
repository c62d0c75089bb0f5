import { isMap, type Node, type YAMLMap } from 'yaml';
import { parseDuration } from '../../incidents/duration';
import { SEVERITIES, SINGLE_ROLES, type Severity, type SingleRole } from '../../incidents/model';
import type { SeverityLevel } from '../../incidents/policy';
import { keyText, scalarValue, type PolicyReadContext } from '../readContext';
import type { PolicySection } from '../schema';

const LEVEL_KEYS = ['name', 'trigger', 'response', 'loop_in', 'required_roles', 'consult_sme_after', 'time_to_action_kpi', 'update_every'] as const;

/** Levels not in the file, and fields not given for a level, keep the default. */
export const severitiesSection: PolicySection = {
  description: 'per severity 0–4: name, trigger, response, loop_in, required_roles and the clocks',
  read(node, ctx, into) {
    if (!isMap(node)) {
      ctx.error('severities: expected a mapping from severity (0–4) to its settings.', node);
      return;
    }
    for (const pair of (node as YAMLMap<Node, Node>).items) {
      const key = keyText(pair);
      const severity = Number(key) as Severity;
      if (!/^[0-4]$/.test(key) || !SEVERITIES.includes(severity)) {
        ctx.error(`severities: \`${key}\` is not a severity; use 0 (most severe) to 4.`, pair.key);
        continue;
      }
      if (!isMap(pair.value)) {
        ctx.error(`severities.${key}: expected a mapping of settings.`, pair.value ?? pair.key);
        continue;
      }
      readLevel(pair.value as YAMLMap<Node, Node>, into.levels[severity], `severities.${key}`, ctx);
    }
  },
};

export const commanderHandoffSection: PolicySection = {
  description: 'a commander on an incident longer than this hands off (a duration such as 8h)',
  read(node, ctx, into) {
    const ms = parseDuration(scalarValue(node));
    if (ms === undefined) ctx.error('commander_handoff_after: expected a duration such as 8h or 90m.', node);
    else into.commanderHandoffAfterMs = ms;
  },
};

export const reviewIntervalSection: PolicySection = {
  description: 'runbooks not reviewed within this many days are stale',
  read(node, ctx, into) {
    const days = scalarValue(node);
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) ctx.error('runbook_review_interval_days: expected a whole number of days, at least 1.', node);
    else into.runbookReviewIntervalDays = days;
  },
};

function readLevel(map: YAMLMap<Node, Node>, level: SeverityLevel, where: string, ctx: PolicyReadContext): void {
  for (const pair of map.items) {
    const key = keyText(pair);
    const value = scalarValue(pair.value);
    const durationField = (set: (ms: number | undefined) => void, allowNone: boolean): void => {
      if (allowNone && (value === null || value === 'none')) return set(undefined);
      const ms = parseDuration(value);
      if (ms === undefined) ctx.error(`${where}.${key}: expected a duration such as 15m or 1h${allowNone ? ', or none' : ''}.`, pair.value);
      else set(ms);
    };
    switch (key as (typeof LEVEL_KEYS)[number]) {
      case 'name':
      case 'trigger':
      case 'response':
      case 'loop_in':
        if (typeof value !== 'string' || value.trim() === '') ctx.error(`${where}.${key}: expected text.`, pair.value ?? pair.key);
        else if (key === 'loop_in') level.loopIn = value;
        else level[key as 'name' | 'trigger' | 'response'] = value;
        break;
      case 'required_roles':
        level.requiredRoles = readRoles(pair.value, `${where}.${key}`, ctx) ?? level.requiredRoles;
        break;
      case 'consult_sme_after':
        durationField((ms) => {
          if (ms !== undefined) level.consultSmeAfterMs = ms;
        }, false);
        break;
      case 'time_to_action_kpi':
        durationField((ms) => {
          level.timeToActionKpiMs = ms;
        }, true);
        break;
      case 'update_every':
        durationField((ms) => {
          level.updateEveryMs = ms;
        }, true);
        break;
      default:
        ctx.warn(`${where}: unknown key \`${key}\`; expected one of ${LEVEL_KEYS.join(', ')}.`, pair.key);
    }
  }
}

function readRoles(node: Node | null, where: string, ctx: PolicyReadContext): SingleRole[] | undefined {
  const items = ctx.sequence(node);
  if (!items) {
    ctx.error(`${where}: expected a list of roles (${SINGLE_ROLES.join(', ')}).`, node);
    return undefined;
  }
  const roles: SingleRole[] = [];
  for (const item of items) {
    const role = scalarValue(item);
    if (typeof role !== 'string' || !SINGLE_ROLES.includes(role as SingleRole)) ctx.error(`${where}: \`${String(role)}\` is not a role; use ${SINGLE_ROLES.join(', ')}.`, item);
    else roles.push(role as SingleRole);
  }
  return roles;
}
