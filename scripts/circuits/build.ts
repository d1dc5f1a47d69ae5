/** `make circuits`: compile, set up and export each named circuit (tsx scripts/circuits/build.ts [names] [--network n] [--force]). */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCircuit } from '../../proving-kit/build-circuit.js';
import { ModuloError } from '../../core/errors.js';
import { NETWORKS, type Network } from '../../proving-kit/key-meta.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const USAGE = 'usage: tsx scripts/circuits/build.ts [name...] [--network devnet|testnet|mainnet] [--force]   (names from circuits/circuits.json; default: test dev)';

function parseBuildArgs(argv: string[]): { names: string[]; network: Network; force: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { network: { type: 'string', default: 'devnet' }, force: { type: 'boolean', default: false } },
  });
  const network = values.network as Network;
  if (!NETWORKS.includes(network)) throw new ModuloError('UNKNOWN_NETWORK', `--network must be one of ${NETWORKS.join(', ')}`);
  return { names: positionals.length ? positionals : ['test', 'dev'], network, force: values.force };
}

async function main(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseBuildArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { names, network, force } = args;
  const rows: string[] = [];
  for (const name of names) {
    const started = Date.now();
    const out = await buildCircuit(name, { network, force });
    const mb = (statSync(out.zkey).size / 2 ** 20).toFixed(0);
    const how = out.setupRan ? `set up in ${((Date.now() - started) / 1000).toFixed(0)} s` : 'cached';
    rows.push(`  ${name}: ${out.compiled.constraints} constraints, ${out.meta.setup} key ${mb} MB (${how}), ${relative(ROOT, out.verifierPath)}`);
  }
  console.log(`circuits (${network}):\n${rows.join('\n')}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof ModuloError ? `${err.code}: ${err.message}` : err);
    process.exit(1);
  },
);
