// The layer rules of README → Architecture as ESLint `no-restricted-imports` settings, one
// block per folder and depth. A relative import reaches another top-level folder of src/
// when it climbs exactly as many `../` as the file is deep, so each depth gets its own
// patterns; this is how `../runbooks/parse` inside src/core (core's own runbooks) differs
// from `../../runbooks/stepRunner` (src/runbooks, an outer layer).

/** Node built-ins that do I/O or start processes; src/core stays free of them. */
const IO_MODULES = '^(node:)?(fs|fs/promises|child_process|http|https|net|dgram|dns|tls|worker_threads|cluster|os|readline)$';

const VSCODE = { name: 'vscode', message: "Only src/editor/** and src/extension.ts import 'vscode'." };

/**
 * Each layer: the top-level entries of src/ it must not reach (`allowedOnly` instead
 * when it may reach nothing but those), and whether it may import 'vscode' or do I/O.
 */
const LAYERS = [
  { folder: 'core', allowedOnly: ['core'], io: false, message: 'src/core imports only src/core (pure TypeScript, no I/O).' },
  ...['backends', 'github', 'server', 'runbooks', 'shared'].map((folder) => ({
    folder,
    forbidden: ['app', 'cli', 'editor', 'extension'],
    message: `src/${folder} is an adapter to the world: it never imports src/app, src/cli or src/editor (arrows never point up).`,
  })),
  { folder: 'app', forbidden: ['cli', 'editor', 'extension'], message: 'src/app is below both front ends: it never imports src/cli or src/editor.' },
  { folder: 'cli', forbidden: ['editor', 'extension'], message: 'src/cli and src/editor are separate front ends over src/app.' },
  { folder: 'editor', forbidden: ['cli'], vscode: true, message: 'src/cli and src/editor are separate front ends over src/app.' },
];

const MAX_DEPTH = 5;

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function restrictions(layer, depth) {
  const up = `^(\\.\\./){${depth}}`;
  const target = layer.allowedOnly
    ? `${up}(?!(${layer.allowedOnly.map(escape).join('|')})/)`
    : `${up}(${layer.forbidden.map(escape).join('|')})(/|\\.|$)`;
  const patterns = [{ regex: target, message: layer.message }];
  if (layer.io === false) patterns.push({ regex: IO_MODULES, message: 'src/core does no I/O.' });
  return ['error', { paths: layer.vscode ? [] : [VSCODE], patterns }];
}

export function layerRules() {
  const blocks = [];
  for (const layer of LAYERS) {
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      const glob = `src/${layer.folder}/${Array(depth - 1).fill('*').concat('*.ts').join('/')}`;
      blocks.push({ files: [glob], rules: { 'no-restricted-imports': restrictions(layer, depth) } });
    }
  }
  // The composition root wires the editor; it is the only other file that may import 'vscode'.
  blocks.push({ files: ['src/cli.ts'], rules: { 'no-restricted-imports': ['error', { paths: [VSCODE], patterns: [{ regex: '^\\./editor/', message: 'The CLI never loads the editor.' }] }] } });
  return blocks;
}
