import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { keyText, PolicyReadContext, type PolicyDiagnostic } from './readContext';
import { DEFAULT_TEAM_POLICY, defaultTeamPolicy, POLICY_SECTIONS, type TeamPolicy } from './schema';

export type { PolicyDiagnostic } from './readContext';

/** Where a repository keeps its policy, relative to its root. */
export const POLICY_FILE = '.incident-desk/policy.yaml';

export interface PolicyFileResult {
  /** The policy in force: the file's when it has no errors, the default otherwise. */
  policy: TeamPolicy;
  diagnostics: PolicyDiagnostic[];
  /** False when errors made the default apply. */
  fromFile: boolean;
}

/**
 * Parses and validates `.incident-desk/policy.yaml` through the sections of
 * POLICY_SECTIONS. Plain YAML only: no custom tags, no duplicate keys; the document
 * is read node by node, never expanded to JS, so an alias bomb costs nothing.
 */
export function parsePolicyFile(text: string): PolicyFileResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, customTags: [], prettyErrors: false, uniqueKeys: true });
  const ctx = new PolicyReadContext(lineCounter);
  for (const problem of [...doc.errors, ...doc.warnings]) {
    ctx.diagnostics.push({
      severity: doc.errors.includes(problem as never) ? 'error' : 'warning',
      message: `YAML: ${problem.message.split('\n')[0]}`,
      line: lineCounter.linePos(problem.pos[0]).line - 1,
    });
  }
  if (doc.errors.length > 0) return { policy: DEFAULT_TEAM_POLICY, diagnostics: ctx.diagnostics, fromFile: false };

  const policy = defaultTeamPolicy();
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return { policy, diagnostics: ctx.diagnostics, fromFile: true };
  if (!isMap(root)) {
    ctx.error('The policy must be a mapping with keys such as `severities`.', root);
    return { policy: DEFAULT_TEAM_POLICY, diagnostics: ctx.diagnostics, fromFile: false };
  }
  for (const pair of root.items as Pair<Node, Node | null>[]) {
    const key = keyText(pair);
    const section = Object.hasOwn(POLICY_SECTIONS, key) ? POLICY_SECTIONS[key] : undefined;
    if (section) section.read(pair.value, ctx, policy);
    else ctx.warn(`Unknown key \`${key}\`; expected one of ${Object.keys(POLICY_SECTIONS).join(', ')}.`, pair.key);
  }
  const hasErrors = ctx.hasErrors;
  return { policy: hasErrors ? DEFAULT_TEAM_POLICY : policy, diagnostics: ctx.diagnostics, fromFile: !hasErrors };
}
