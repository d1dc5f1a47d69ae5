import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { ROOT } from './fixtures/root.js';

/**
 * The folders are the architecture, and imports point one way, down:
 *
 *   cli -> wallet, audit, devnet, prover, sequencer -> proving-kit, l1, api -> core   (and wallet -> audit)
 *
 * core imports nothing of ours; prover and sequencer never import each other (they talk HTTP); wallet and
 * audit never import the sequencer (they use api/ and l1/); scripts/ holds entry scripts that nothing
 * imports; nothing outside test/ imports test/. The one table below says which folder may import which;
 * an edge it does not allow fails, named by its two files.
 */
/** Files at the root (hardhat.config.ts, vitest.config.ts) are configuration: they import only libraries. */
const ROOT_FILES = '(root)';

const BOTTOM = ['core', 'proving-kit', 'l1', 'api'] as const;
const MIDDLE = ['wallet', 'audit', 'devnet', 'prover', 'sequencer'] as const;

const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: [],
  'proving-kit': ['core'],
  l1: ['core'],
  api: ['core'],
  // Exodus rebuilds the finalized state with the auditor's replay of L1 data (audit never imports wallet).
  wallet: [...BOTTOM, 'audit'],
  audit: BOTTOM,
  prover: BOTTOM,
  sequencer: BOTTOM,
  // The local system: it deploys with the wallet's code and seeds a sequencer's store for benches.
  devnet: [...BOTTOM, 'wallet', 'sequencer'],
  // The web page: a browser bundle of core's hashing and the API's types; nothing else of ours.
  explorer: ['core', 'api'],
  cli: [...BOTTOM, ...MIDDLE],
  scripts: [...BOTTOM, ...MIDDLE, 'cli'],
  // Tests may also read the build configuration (hardhat.config.ts).
  test: [...BOTTOM, ...MIDDLE, 'cli', 'explorer', ROOT_FILES],
  [ROOT_FILES]: [],
};

/** Not source: dependencies, build outputs, caches, generated contracts and data. */
const SKIP = new Set(['node_modules', 'build', 'artifacts', 'cache', 'data', 'coverage', 'tools', 'contracts', 'circuits', 'docs']);
const SOURCE = /\.(ts|mts|cts|mjs|cjs|js)$/;

export interface Edge {
  readonly from: string;
  readonly to: string;
}

/** The relative module specifiers a file names: `import … from`, `import(…)`, `export … from`, `require(…)`. */
export function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

const root = resolve(ROOT);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return dir === root && SKIP.has(e.name) ? [] : sourceFiles(path);
    return e.isFile() && SOURCE.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sourceFiles(root);

/** Every import between two files of the repository, as paths relative to the root. */
function importGraph(): Edge[] {
  return files.flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('./') || s.startsWith('../'))
      .map((s) => ({ from: relative(root, file), to: relative(root, resolve(dirname(file), s)) })),
  );
}

function folderOf(path: string): string {
  return path.includes(sep) ? path.split(sep)[0]! : ROOT_FILES;
}

const label = (folder: string) => (folder === ROOT_FILES ? 'the root\'s files' : `${folder}/`);

/** The edges the table does not allow, each with the rule it breaks. */
export function violations(edges: readonly Edge[]): string[] {
  return edges.flatMap(({ from, to }) => {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (a === b) return [];
    const allowed = MAY_IMPORT[a];
    if (allowed === undefined) return [`${from} -> ${to}: ${label(a)} has no row in the layering table`];
    if (allowed.includes(b)) return [];
    return [`${from} -> ${to}: ${label(a)} may import ${allowed.length ? allowed.map(label).join(', ') : 'nothing of ours'}`];
  });
}

const graph = importGraph();

describe('the import graph', () => {
  test('the parser finds static, type-only, re-export, dynamic and require imports', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "export { c } from './c.js';",
      "export * from '../d.js';",
      "import './side-effect.js';",
      "const e = await import('../e/e.js');",
      "const f = require('./f.cjs');",
      "import { g } from 'a-library';",
    ].join('\n');
    expect(specifiers(text)).toEqual(['./a.js', '../b/b.js', './c.js', '../d.js', './side-effect.js', '../e/e.js', './f.cjs', 'a-library']);
  });

  test('the graph holds edges known to exist (so the checks below cannot pass by finding nothing)', () => {
    expect(graph.length).toBeGreaterThan(500);
    expect(graph).toContainEqual({ from: join('sequencer', 'batcher.ts'), to: join('core', 'build-batch.js') });
    expect(graph).toContainEqual({ from: join('cli', 'modulo.ts'), to: join('cli', 'command.js') });
  });

  test('the checks name a forbidden edge with its rule', () => {
    expect(violations([
      { from: join('core', 'x.ts'), to: join('proving-kit', 'y.js') },
      { from: join('prover', 'x.ts'), to: join('sequencer', 'y.js') },
      { from: join('wallet', 'x.ts'), to: join('sequencer', 'y.js') },
      { from: join('devnet', 'x.ts'), to: join('scripts', 'y.js') },
      { from: join('scripts', 'x.ts'), to: join('test', 'y.js') },
      { from: join('test', 'x.ts'), to: join('scripts', 'y.js') },
      { from: join('newfolder', 'x.ts'), to: join('core', 'y.js') },
      { from: join('cli', 'x.ts'), to: join('core', 'y.js') },
      { from: join('test', 'x.ts'), to: join('test', 'y.js') },
      { from: 'vitest.config.ts', to: join('core', 'y.js') },
    ])).toEqual([
      `${join('core', 'x.ts')} -> ${join('proving-kit', 'y.js')}: core/ may import nothing of ours`,
      `${join('prover', 'x.ts')} -> ${join('sequencer', 'y.js')}: prover/ may import core/, proving-kit/, l1/, api/`,
      `${join('wallet', 'x.ts')} -> ${join('sequencer', 'y.js')}: wallet/ may import core/, proving-kit/, l1/, api/, audit/`,
      `${join('devnet', 'x.ts')} -> ${join('scripts', 'y.js')}: devnet/ may import core/, proving-kit/, l1/, api/, wallet/, sequencer/`,
      `${join('scripts', 'x.ts')} -> ${join('test', 'y.js')}: scripts/ may import core/, proving-kit/, l1/, api/, wallet/, audit/, devnet/, prover/, sequencer/, cli/`,
      `${join('test', 'x.ts')} -> ${join('scripts', 'y.js')}: test/ may import core/, proving-kit/, l1/, api/, wallet/, audit/, devnet/, prover/, sequencer/, cli/, explorer/, the root's files`,
      `${join('newfolder', 'x.ts')} -> ${join('core', 'y.js')}: newfolder/ has no row in the layering table`,
      `vitest.config.ts -> ${join('core', 'y.js')}: the root's files may import nothing of ours`,
    ]);
  });

  test('every import points down the layering table', () => {
    expect(violations(graph)).toEqual([]);
  });

  test('every folder of source has a row in the table', () => {
    const folders = new Set(files.map((f) => folderOf(relative(root, f))));
    expect([...folders].filter((f) => !(f in MAY_IMPORT))).toEqual([]);
  });
});
