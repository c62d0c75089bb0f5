import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { ReadContext } from './readContext';
import { SECTIONS, type ConfigSection, type ServerConfig } from './schema';

/** Every problem in the file, one `FILE:LINE:COL: message` per line; the server does not start. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** Reads and validates the config file; throws ConfigError listing every mistake. */
export function loadConfigFile(file: string): ServerConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`]);
  }
  return parseConfig(text, file);
}

/**
 * Plain YAML only: no custom tags, no duplicate keys. The document is read node by
 * node, never expanded to JS, so an alias is just a value of the wrong kind (refused)
 * and an alias bomb costs nothing.
 */
export function parseConfig(text: string, file: string): ServerConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, customTags: [], uniqueKeys: true, prettyErrors: false });
  const ctx = new ReadContext(file, lines, path.dirname(path.resolve(file)));
  // A warning (an unknown tag such as !!js/function) is an error here: a config file means exactly what it says.
  for (const problem of [...doc.errors, ...doc.warnings]) ctx.report(undefined, `YAML: ${problem.message.split('\n')[0] ?? ''}`, problem.pos[0]);
  if (ctx.problems.length > 0) throw new ConfigError(ctx.problems);

  const config = Object.fromEntries(Object.entries(SECTIONS).map(([key, section]) => [key, section.absent()])) as ServerConfig;
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return config;
  if (!isMap(root)) throw new ConfigError([`${file}:1:1: the config file must be a mapping with sections such as server:.`]);

  const sections = SECTIONS as Record<string, ConfigSection<unknown>>;
  for (const pair of root.items as Pair<Node, Node | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '?';
    const section = sections[key];
    if (!section) {
      ctx.report(pair.key, `unknown section '${key}'; known: ${Object.keys(SECTIONS).join(', ')}.`);
      continue;
    }
    const value = section.read(pair.value, ctx);
    if (value !== undefined) (config as Record<string, unknown>)[key] = value;
  }
  if (ctx.problems.length > 0) throw new ConfigError(ctx.problems);
  return config;
}
