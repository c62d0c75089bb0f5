import type { ParamSpec } from '../../core/runbooks/types';

/**
 * The params of a run as one form: every param still without a value is a field,
 * shown with its default, and one Enter on "Run with these values" accepts them all.
 * Secret fields are never prefilled (not even from a default) and must be typed.
 * Pure data, no vscode: the quick input in paramPrompt.ts draws and drives it.
 */

export interface ParamField {
  readonly name: string;
  readonly description: string;
  readonly secret: boolean;
  /** The value the run gets; for secrets only what the person typed. */
  readonly value: string;
  /** Whether the field has a value the run may take as it is (a default counts, for non-secrets). */
  readonly filled: boolean;
}

export interface ParamForm {
  readonly title: string;
  readonly fields: readonly ParamField[];
}

export function paramForm(title: string, declared: Readonly<Record<string, ParamSpec>>, known: Readonly<Record<string, string>>): ParamForm {
  const fields = Object.keys(declared)
    .filter((name) => !Object.hasOwn(known, name))
    .map((name): ParamField => {
      const spec = declared[name] ?? { secret: false };
      const secret = spec.secret === true;
      const prefill = secret ? undefined : spec.default;
      return { name, description: spec.description ?? `Value for $${name}`, secret, value: prefill ?? '', filled: prefill !== undefined };
    });
  return { title, fields };
}

/** The form with one field's value as the person typed it. */
export function withValue(form: ParamForm, name: string, value: string): ParamForm {
  return { ...form, fields: form.fields.map((field) => (field.name === name ? { ...field, value, filled: true } : field)) };
}

/** Why a typed value cannot be taken, or undefined when it can. */
export function valueProblem(value: string): string | undefined {
  return value.includes('\0') ? 'The value cannot contain a NUL character.' : undefined;
}

export type FormAcceptance = { ok: true; values: Record<string, string> } | { ok: false; next: ParamField };

/** Accepting the form: all values, or the first field that still needs typing. */
export function acceptForm(form: ParamForm, known: Readonly<Record<string, string>>): FormAcceptance {
  const next = form.fields.find((field) => !field.filled);
  if (next) return { ok: false, next };
  const values: Record<string, string> = { ...known };
  for (const field of form.fields) values[field.name] = field.value;
  return { ok: true, values };
}

export interface FormRow {
  /** Undefined for the accept row. */
  readonly field?: string;
  readonly label: string;
  readonly description: string;
  readonly detail?: string;
}

/** The rows the quick input shows: the accept row first (Enter runs), then one per field. */
export function formRows(form: ParamForm): FormRow[] {
  const waiting = form.fields.filter((field) => !field.filled);
  const accept: FormRow =
    waiting.length === 0
      ? { label: '$(play) Run with these values', description: `${form.fields.length} param${form.fields.length === 1 ? '' : 's'}` }
      : { label: `$(edit) Fill in ${waiting.map((field) => field.name).join(', ')}`, description: 'then run' };
  return [accept, ...form.fields.map(fieldRow)];
}

function fieldRow(field: ParamField): FormRow {
  const shown = field.secret ? (field.filled ? '•••••• (secret, not recorded)' : 'secret — type it') : field.filled ? (field.value === '' ? '(empty)' : field.value) : 'no default — type it';
  return {
    field: field.name,
    label: `$${field.name}`,
    description: shown,
    detail: field.description,
  };
}
