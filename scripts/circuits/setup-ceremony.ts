/** The ceremony flow (docs/setup.md): tsx scripts/circuits/setup-ceremony.ts <step> --flag value ... */
import { compileCircuit } from '../../proving-kit/compile.js';
import { ModuloError } from '../../core/errors.js';
import {
  ceremonyAccept, ceremonyBeacon, ceremonyContribute, ceremonyInstall, ceremonyNew, ceremonyVerify, contributionHashes, readCeremony,
} from '../../proving-kit/setup-ceremony.js';

// CLI: see docs/setup.md. `tsx scripts/circuits/setup-ceremony.ts <step> --flag value ...`
async function main(argv: string[]): Promise<void> {
  const [step, ...rest] = argv;
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) flags.set(rest[i]!.replace(/^--/, ''), rest[i + 1] ?? '');
  const need = (k: string) => {
    const v = flags.get(k);
    if (!v) throw new ModuloError('USAGE', `${step}: --${k} is required (docs/setup.md)`);
    return v;
  };
  const circuit = flags.get('circuit') ?? '';
  const dir = flags.get('dir') ?? `build/ceremony/${need('circuit')}`;
  if (step === 'new') {
    let r1csPath = flags.get('r1cs');
    let circuitHash = '';
    if (!r1csPath) {
      const compiled = await compileCircuit(need('circuit'));
      [r1csPath, circuitHash] = [compiled.r1cs, compiled.hash];
    }
    await ceremonyNew({ circuit: need('circuit'), circuitHash, r1csPath, ptauPath: need('ptau'), dir });
  } else if (step === 'contribute') {
    console.log(`contribution hash: ${await ceremonyContribute({ dir, name: need('name'), entropy: flags.get('entropy') })}`);
  } else if (step === 'accept') {
    console.log(`contribution hash: ${await ceremonyAccept({ dir, file: need('file'), name: need('name') })}`);
  } else if (step === 'hashes') {
    for (const [i, h] of (await contributionHashes(need('zkey'))).entries()) console.log(`contribution ${i + 1}: ${h}`);
  } else if (step === 'beacon') {
    await ceremonyBeacon({ dir, beaconHash: need('hash'), iterationsExp: Number(flags.get('iterations') ?? '10') });
  } else if (step === 'verify') {
    await ceremonyVerify({ dir });
    console.log('ceremony: the key verifies');
  } else if (step === 'install') {
    const to = flags.get('to') ?? `build/circuits/${circuit || readCeremony(dir).circuit}/circuit.zkey`;
    await ceremonyInstall({ dir, zkeyPath: to });
    console.log(`ceremony: installed ${to}`);
  } else {
    throw new ModuloError('USAGE', 'usage: setup-ceremony.ts new|contribute|accept|hashes|beacon|verify|install [--circuit c] [--dir d] ... (docs/setup.md)');
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof ModuloError ? `${err.code}: ${err.message}` : err);
    process.exit(1);
  },
);
