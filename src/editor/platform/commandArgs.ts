/**
 * What a command accepts, position by position. A command is invoked from menus,
 * tree rows, CodeLens, keybindings, tests and other extensions, so nothing it is given
 * is trusted: each position has a check that narrows the value or names the problem.
 * Pure (no vscode at run time) so the checks are unit tested; URI checks live in uriArgs.ts.
 */

// The decoder's bound on remote ids: no id longer than a backend may send is one.
import { MAX_ID_LENGTH } from '../../backends/decode';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };
export type ArgCheck<T> = (value: unknown) => Checked<T>;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const problem = (text: string): Checked<never> => ({ ok: false, problem: text });


function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `a ${value.length}-character text` : `"${value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An incident: its id, a tree row that carries it (`{ incident: { id } }`), `{ incidentId }`,
 * or nothing (the command asks). Resolves to the trimmed id, or undefined for nothing.
 */
export const incidentArg: ArgCheck<string | undefined> = (value) => {
  if (value === undefined || value === null) return ok(undefined);
  const id = typeof value === 'string' ? value : isPlainObject(value) ? idOf(value) : undefined;
  if (id === undefined) return problem(`expected an incident id, an incident row or nothing, not ${describe(value)}`);
  const trimmed = id.trim();
  if (trimmed === '' || trimmed.length > MAX_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(trimmed)) return problem(`${describe(id)} is not an incident id`);
  return ok(trimmed);
};

function idOf(value: Record<string, unknown>): string | undefined {
  const incident = value.incident;
  if (isPlainObject(incident) && typeof incident.id === 'string') return incident.id;
  return typeof value.incidentId === 'string' ? value.incidentId : undefined;
}

export function optional<T>(check: ArgCheck<T>): ArgCheck<T | undefined> {
  return (value) => (value === undefined ? ok(undefined) : check(value));
}

export const stringArg: ArgCheck<string> = (value) => (typeof value === 'string' ? ok(value) : problem(`expected a text, not ${describe(value)}`));

export const booleanArg: ArgCheck<boolean> = (value) => (typeof value === 'boolean' ? ok(value) : problem(`expected true or false, not ${describe(value)}`));

export function oneOf<T extends string | number>(allowed: readonly T[], what: string): ArgCheck<T> {
  return (value) => ((allowed as readonly unknown[]).includes(value) ? ok(value as T) : problem(`expected ${what} (${allowed.join(', ')}), not ${describe(value)}`));
}

export const stringListArg: ArgCheck<string[]> = (value) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? ok([...value]) : problem(`expected a list of texts, not ${describe(value)}`);

export const stringMapArg: ArgCheck<Record<string, string>> = (value) => {
  if (!isPlainObject(value)) return problem(`expected names and texts, not ${describe(value)}`);
  const map: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string') return problem(`${name}: expected a text, not ${describe(item)}`);
    // defineProperty: a key named __proto__ stays a plain key.
    Object.defineProperty(map, name, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return ok(map);
};

type Shape<T> = { [K in keyof T]-?: ArgCheck<T[K] | undefined> };

/**
 * An options object (or nothing, which is `{}`): each named field is checked; fields
 * it does not name are ignored, so a caller written for a later version still works.
 */
export function optionsArg<T extends object>(shape: Shape<T>): ArgCheck<T> {
  return (value) => {
    if (value === undefined || value === null) return ok({} as T);
    if (!isPlainObject(value)) return problem(`expected options, not ${describe(value)}`);
    const out: Record<string, unknown> = {};
    for (const [name, check] of Object.entries(shape) as [string, ArgCheck<unknown>][]) {
      const checked = check(value[name]);
      if (!checked.ok) return problem(`${name}: ${checked.problem}`);
      if (checked.value !== undefined) out[name] = checked.value;
    }
    return ok(out as T);
  };
}

/**
 * Checks each declared position. Positions past the declared ones are ignored: VS Code
 * appends its own (a tree's selection) and they carry nothing a command reads.
 */
export function checkArgs(checks: readonly ArgCheck<unknown>[], raw: readonly unknown[]): Checked<unknown[]> {
  const values: unknown[] = [];
  for (const [position, check] of checks.entries()) {
    const checked = check(raw[position]);
    if (!checked.ok) return problem(checks.length > 1 ? `argument ${position + 1}: ${checked.problem}` : checked.problem);
    values.push(checked.value);
  }
  return ok(values);
}
