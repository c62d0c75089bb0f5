import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

/** The repository root, from out/test/unit/architecture/ where this file runs. */
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * The layer rules live in the lint configuration (eslint-layers.mjs). These cases
 * prove, with the real configuration, that a wrong arrow fails the lint and a right
 * one passes — the tree itself is checked by `npm run check`.
 */
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfigFile: path.join(repoRoot, '.eslint.config.mjs'),
  // Only the layer rule runs, so the probe needs no type information (and no file on disk for the project service).
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function layerProblems(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(repoRoot, file) });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not lint the probe: ${fatal.message}`);
  return (result?.messages ?? []).map((m) => m.message);
}

const cases: [file: string, text: string, fails: RegExp | undefined][] = [
  ['src/backends/layerProbe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", /Only src\/editor/],
  ['src/backends/desk/layerProbe.ts', "import { UsageError } from '../../cli/command';\nexport const e = UsageError;\n", /never imports src\/app, src\/cli or src\/editor/],
  ['src/server/layerProbe.ts', "import { runSession } from '../app/runbooks/runSession';\nexport const r = runSession;\n", /arrows never point up/],
  ['src/core/runbooks/layerProbe.ts', "import { runStep } from '../../runbooks/stepRunner';\nexport const r = runStep;\n", /src\/core imports only src\/core/],
  ['src/core/runbooks/layerProbe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", /no I\/O/],
  ['src/app/runbooks/layerProbe.ts', "import { CommandIds } from '../../editor/commandIds';\nexport const c = CommandIds;\n", /never imports src\/cli or src\/editor/],
  ['src/app/layerProbe.ts', "import type * as vscode from 'vscode';\nexport type V = vscode.Uri;\n", /Only src\/editor/],
  // Right arrows: core's own runbooks folder, the app reaching down, the editor using vscode.
  ['src/core/retrospectives/layerProbe.ts', "import { parseRunbook } from '../runbooks/parse';\nexport const p = parseRunbook;\n", undefined],
  ['src/app/runbooks/layerProbe.ts', "import { runStep } from '../../runbooks/stepRunner';\nexport const r = runStep;\n", undefined],
  ['src/editor/runbooks/layerProbe.ts', "import * as vscode from 'vscode';\nimport { runSession } from '../../app/runbooks/runSession';\nexport const v = [vscode, runSession];\n", undefined],
];

describe('architecture: layering (lint rules)', () => {
  for (const [file, text, fails] of cases) {
    const first = text.split('\n')[0] ?? '';
    it(`${fails ? 'refuses' : 'allows'} ${first} in ${file}`, async () => {
      const problems = await layerProblems(file, text);
      if (fails) assert.ok(problems.some((p) => fails.test(p)), `expected a layer error, got ${JSON.stringify(problems)}`);
      else assert.deepEqual(problems, []);
    });
  }
});
