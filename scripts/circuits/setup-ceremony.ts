/** The ceremony flow (docs/setup.md): tsx scripts/circuits/setup-ceremony.ts <step> --flag value ... */
import { parseArgs } from 'node:util';
import { compileBatch } from '../../proving-kit/compile-batch.js';
import { ModuloError } from '../../core/errors.js';
import {
  ceremonyAccept, ceremonyBeacon, ceremonyContribute, ceremonyInstall, ceremonyNew, ceremonyVerify, contributionHashes, readCeremony,
} from '../../proving-kit/setup-ceremony.js';

const USAGE = 'usage: tsx scripts/circuits/setup-ceremony.ts new|contribute|accept|hashes|beacon|verify|install [--circuit c] [--dir d] ... (docs/setup.md)';

/** Every step's flags (docs/setup.md says which step takes which). */
const FLAGS = ['circuit', 'dir', 'r1cs', 'ptau', 'name', 'entropy', 'file', 'zkey', 'hash', 'iterations', 'to'] as const;

function parseCeremonyArgs(argv: string[]): { step: string | undefined; flags: Map<string, string> } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: Object.fromEntries(FLAGS.map((f) => [f, { type: 'string' as const }])),
    });
    if (positionals.length > 1) throw new Error(`one step, not ${positionals.join(' ')}`);
    return { step: positionals[0], flags: new Map(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string')) };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

// CLI: see docs/setup.md. `tsx scripts/circuits/setup-ceremony.ts <step> --flag value ...`
async function main(argv: string[]): Promise<void> {
  const { step, flags } = parseCeremonyArgs(argv);
  const need = (k: string) => {
    const v = flags.get(k);
    if (!v) throw new ModuloError('USAGE', `${step}: --${k} is required (docs/setup.md)`);
    return v;
  };
  const circuit = flags.get('circuit') ?? '';
  // Read only by the steps that work in a ceremony directory (`hashes` reads a zkey alone).
  const dir = () => flags.get('dir') ?? `build/ceremony/${need('circuit')}`;
  if (step === 'new') {
    const given = flags.get('r1cs');
    // Without --r1cs: the circuit as circuits.json defines it, compiled whole or linked from its parts.
    const compiled = given === undefined ? await compileBatch(need('circuit')) : null;
    await ceremonyNew({
      circuit: need('circuit'),
      circuitHash: compiled?.hash ?? '',
      ...(compiled?.build ? { build: compiled.build } : {}),
      r1csPath: given ?? compiled!.r1cs,
      ptauPath: need('ptau'),
      dir: dir(),
    });
  } else if (step === 'contribute') {
    console.log(`contribution hash: ${await ceremonyContribute({ dir: dir(), name: need('name'), entropy: flags.get('entropy') })}`);
  } else if (step === 'accept') {
    console.log(`contribution hash: ${await ceremonyAccept({ dir: dir(), file: need('file'), name: need('name') })}`);
  } else if (step === 'hashes') {
    for (const [i, h] of (await contributionHashes(need('zkey'))).entries()) console.log(`contribution ${i + 1}: ${h}`);
  } else if (step === 'beacon') {
    await ceremonyBeacon({ dir: dir(), beaconHash: need('hash'), iterationsExp: Number(flags.get('iterations') ?? '10') });
  } else if (step === 'verify') {
    await ceremonyVerify({ dir: dir() });
    console.log('ceremony: the key verifies');
  } else if (step === 'install') {
    const to = flags.get('to') ?? `build/circuits/${circuit || readCeremony(dir()).circuit}/circuit.zkey`;
    await ceremonyInstall({ dir: dir(), zkeyPath: to });
    console.log(`ceremony: installed ${to}`);
  } else {
    console.error(USAGE);
    process.exit(2);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof ModuloError ? `${err.code}: ${err.message}` : err);
    process.exit(1);
  },
);
