import { posix } from 'node:path';

/**
 * The architecture rules from DESIGN.md, as a pure function over file texts so a
 * test can prove the rule catches a violation as well as pass the real tree.
 */
export interface Violation {
  path: string;
  rule: string;
  specifier: string;
}

const IMPORT = /(?:import\s[^'"]*?from\s*|import\s*\(\s*|require\s*\(\s*|import\s+|export\s[^'"]*?from\s*)['"]([^'"]+)['"]/g;

export function importSpecifiers(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((match) => match[1] ?? '');
}

/** Node built-ins that do I/O or start processes; core stays free of them. */
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|http|https|net|dgram|dns|tls|worker_threads|cluster|os|readline)$/;

/** Where a relative import points, as a repo-relative path. */
function resolveFrom(file: string, specifier: string): string {
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}

export function layeringViolations(files: { path: string; text: string }[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const mayUseVscode = file.path.startsWith('src/editor/') || file.path === 'src/extension.ts';
    for (const specifier of importSpecifiers(file.text)) {
      if (specifier === 'vscode' && !mayUseVscode) violations.push({ path: file.path, rule: "only src/editor/** and src/extension.ts import 'vscode'", specifier });
      if (file.path.startsWith('src/core/')) {
        if (IO_MODULES.test(specifier)) violations.push({ path: file.path, rule: 'src/core/** does no I/O', specifier });
        if (specifier.startsWith('.') && !resolveFrom(file.path, specifier).startsWith('src/core/')) {
          violations.push({ path: file.path, rule: 'src/core/** imports only src/core/**', specifier });
        }
      }
    }
  }
  return violations;
}
