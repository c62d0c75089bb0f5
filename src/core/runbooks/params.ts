import { PARAM_NAME } from './frontMatter';
import { variableReferences } from './shellVars';
import type { ParamSpec, ParsedRunbook, RunbookStep } from './types';

/**
 * Params: values a run asks for once and hands to the shell as environment
 * variables. Their values live only in memory and in the child's environment; they
 * are never written to a file, a log, a record or the timeline.
 */

/** Every variable name the runnable steps mention (optional uses included). */
export function paramReferences(steps: readonly RunbookStep[]): Set<string> {
  const names = new Set<string>();
  for (const step of steps) {
    if (!step.runnable) continue;
    for (const ref of variableReferences(step.commands, step.language)) names.add(ref.name);
  }
  return names;
}

/**
 * The declared params a run of `steps` needs, in declaration order: those the
 * steps mention, plus those no step of the runbook mentions at all (a script the
 * step calls may read them from the environment, so they cannot be left out).
 */
export function paramsNeeded(parsed: ParsedRunbook, steps: readonly RunbookStep[]): string[] {
  const declared = Object.keys(parsed.frontMatter?.params ?? {});
  const usedBySteps = paramReferences(steps);
  const usedAnywhere = paramReferences(parsed.steps);
  return declared.filter((name) => usedBySteps.has(name) || !usedAnywhere.has(name));
}

export interface ParamSources {
  /** Given explicitly (`--param K=V`, or the editor's input boxes). Wins over everything. */
  given?: Readonly<Record<string, string>>;
  /** The caller's environment: used when a param is not given. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedParams {
  /** Name → value, for the needed params that have one. */
  values: Record<string, string>;
  /** Needed params with no value from any source and no default. */
  missing: string[];
  /** Where each value came from, for messages that must not show secret values. */
  origins: Record<string, 'given' | 'env' | 'default'>;
}

/** Values for `needed` from, in order: given, environment, the declared default. */
export function resolveParams(
  params: Readonly<Record<string, ParamSpec>>,
  needed: readonly string[],
  sources: ParamSources,
): ResolvedParams {
  const resolved: ResolvedParams = { values: {}, missing: [], origins: {} };
  for (const name of needed) {
    const spec = Object.hasOwn(params, name) ? params[name] : undefined;
    const given = sources.given && Object.hasOwn(sources.given, name) ? sources.given[name] : undefined;
    const fromEnv = sources.env && Object.hasOwn(sources.env, name) ? sources.env[name] : undefined;
    if (given !== undefined) {
      resolved.values[name] = given;
      resolved.origins[name] = 'given';
    } else if (fromEnv !== undefined && fromEnv !== '') {
      resolved.values[name] = fromEnv;
      resolved.origins[name] = 'env';
    } else if (spec?.default !== undefined) {
      resolved.values[name] = spec.default;
      resolved.origins[name] = 'default';
    } else {
      resolved.missing.push(name);
    }
  }
  return resolved;
}

/** The secret values among `values`, for redacting anything that might echo them. */
export function secretValues(params: Readonly<Record<string, ParamSpec>>, values: Readonly<Record<string, string>>): string[] {
  return Object.entries(values)
    .filter(([name, value]) => value !== '' && Object.hasOwn(params, name) && params[name]?.secret === true)
    .map(([, value]) => value);
}

/**
 * The environment for a step: `base` with the param values on top. Throws on a
 * name that is not an environment variable name or a value with a NUL byte (the
 * OS would reject or truncate it), naming the param but never showing the value.
 */
export function paramsAsEnv(
  values: Readonly<Record<string, string>>,
  base: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  for (const [name, value] of Object.entries(values)) {
    if (!PARAM_NAME.test(name)) throw new Error(`Param name '${name}' is not a valid environment variable name.`);
    if (value.includes('\0')) throw new Error(`Param ${name} contains a NUL character, which the environment cannot hold.`);
    env[name] = value;
  }
  return env;
}
