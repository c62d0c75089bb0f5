import * as assert from 'node:assert/strict';
import { importSpecifiers, layeringViolations } from '../../support/layering';
import { sourceFiles } from '../../support/repoFiles';

describe('architecture: layering', () => {
  it('finds every import form', () => {
    const text = [
      "import * as vscode from 'vscode';",
      "import type { X } from \"vscode\";",
      "const v = require('vscode');",
      "const w = await import('vscode');",
      "import 'vscode';",
      "export { y } from 'vscode';",
    ].join('\n');
    assert.deepEqual(importSpecifiers(text), ['vscode', 'vscode', 'vscode', 'vscode', 'vscode', 'vscode']);
  });

  it('flags vscode outside the editor layer, I/O in core, and core importing outer layers', () => {
    const violations = layeringViolations([
      { path: 'src/backends/x.ts', text: "import * as vscode from 'vscode';" },
      { path: 'src/core/y.ts', text: "import { readFileSync } from 'node:fs';\nimport { a } from '../editor/z';" },
      { path: 'src/core/retro/ok.ts', text: "import { b } from '../runbooks/parse';\nimport { c } from './sibling';" },
      { path: 'src/core/retro/bad.ts', text: "import { d } from '../../runbooks/stepRunner';" },
      { path: 'src/editor/ok.ts', text: "import * as vscode from 'vscode';" },
      { path: 'src/extension.ts', text: "import type * as vscode from 'vscode';" },
    ]);
    assert.deepEqual(
      violations.map((v) => `${v.path} ${v.specifier}`),
      ['src/backends/x.ts vscode', 'src/core/y.ts node:fs', 'src/core/y.ts ../editor/z', 'src/core/retro/bad.ts ../../runbooks/stepRunner'],
    );
  });

  it('holds for every file in src/', () => {
    const files = sourceFiles('src');
    assert.ok(files.length > 5, 'source files were found');
    assert.deepEqual(layeringViolations(files), []);
  });
});
