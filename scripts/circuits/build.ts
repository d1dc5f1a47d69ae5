/** `make circuits`: compile, set up and export each named circuit (tsx scripts/circuits/build.ts [names] [--network n] [--force]). */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCircuit } from '../../proving-kit/build-circuit.js';
import { ModuloError } from '../../core/errors.js';
import { NETWORKS, type Network } from '../../proving-kit/key-meta.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function parseArgs(argv: string[]): { names: string[]; network: Network; force: boolean } {
  const names: string[] = [];
  let network: Network = 'devnet';
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--force') force = true;
    else if (arg === '--network') network = argv[++i] as Network;
    else if (arg.startsWith('--network=')) network = arg.slice('--network='.length) as Network;
    else names.push(arg);
  }
  if (!NETWORKS.includes(network)) throw new ModuloError('UNKNOWN_NETWORK', `--network must be one of ${NETWORKS.join(', ')}`);
  return { names: names.length ? names : ['test', 'dev'], network, force };
}

async function main(argv: string[]): Promise<void> {
  const { names, network, force } = parseArgs(argv);
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
