import { isScalar } from 'yaml';
import type { PolicySection } from '../schema';

export interface RunbooksPolicy {
  /**
   * Strict lint: a runbook without front matter gets every front-matter finding,
   * not the single note that a repository adopting Incident Desk sees by default.
   */
  strict: boolean;
}

export const DEFAULT_RUNBOOKS_POLICY: RunbooksPolicy = Object.freeze({ strict: false });

export const runbooksSection: PolicySection = {
  description: 'how runbooks are linted (`strict: true` reports every front-matter finding)',
  read(node, ctx, into) {
    const entries = ctx.mapping(node, 'runbooks', ['strict']);
    const strict = entries?.get('strict');
    if (!strict) return;
    const value = isScalar(strict.value) ? strict.value.value : undefined;
    if (typeof value !== 'boolean') ctx.error('runbooks.strict: expected true or false.', strict.value ?? strict.key);
    else into.runbooks = { ...into.runbooks, strict: value };
  },
};
