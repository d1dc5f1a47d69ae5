import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCircuit } from '../proving-kit/build-circuit.js';
import { verifierContractName } from '../proving-kit/export.js';
import { readArtifact, ROLLUP_ARTIFACT, verifierArtifactPath } from '../l1/deploy.js';
import { ManagedChild } from './child-process.js';
import { ModuloError } from '../core/errors.js';

/** What a devnet deploys: the circuit, its verifier contract, and fingerprints of the keys and the code. */
export interface DevnetBuild {
  readonly circuit: string;
  readonly contractName: string;
  /** sha256 of verification_key.json: a devnet deployed with another key must start over. */
  readonly vkeySha256: string;
  /** sha256 of the Rollup's and the verifier's bytecode: new contract code means a new deployment. */
  readonly codeSha256: string;
}

/** `hardhat build --quiet` in a child process (its output to the build log). */
async function hardhatBuild(root: string, logFile: string): Promise<void> {
  const child = new ManagedChild({ name: 'hardhat build', command: join(root, 'node_modules', '.bin', 'hardhat'), args: ['build', '--quiet'], cwd: root, logFile });
  const code = await child.exited;
  await child.stop();
  if (code !== 0) throw new ModuloError('BUILD_FAILED', `hardhat build failed (exit ${code}):\n${child.tail}`, { code });
}

/** The fingerprints of what is built now (throws if the circuit's key or the contracts are not built). */
export function builtDevnet(root: string, circuit: string): DevnetBuild {
  const contractName = verifierContractName(circuit);
  const vkPath = join(root, 'build', 'circuits', circuit, 'verification_key.json');
  if (!existsSync(vkPath)) throw new ModuloError('BUILD_FAILED', `${vkPath} is missing: build the ${circuit} circuit (make circuits CIRCUITS=${circuit})`, { vkPath });
  const rollup = readArtifact(ROLLUP_ARTIFACT, root);
  const verifier = readArtifact(verifierArtifactPath(contractName), root);
  return {
    circuit,
    contractName,
    vkeySha256: createHash('sha256').update(readFileSync(vkPath)).digest('hex'),
    codeSha256: createHash('sha256').update(rollup.bytecode).update(verifier.bytecode).digest('hex'),
  };
}

/**
 * The circuit (compile, dev keys, verifier: cached by content hash, so only the first start pays) and the
 * contracts. The first `hardhat build` runs while the circuit compiles (it is single-threaded; there are
 * two cores); a second one compiles the verifier the circuit's export wrote.
 */
export async function buildDevnet(o: { root: string; circuit: string; logFile: string; log: (line: string) => void }): Promise<DevnetBuild> {
  const started = Date.now();
  let phase = 'compiling';
  const ticker = setInterval(() => o.log(`  … ${phase} (${Math.round((Date.now() - started) / 1000)} s)`), 20_000);
  try {
    const contracts = hardhatBuild(o.root, o.logFile).then(() => o.log('contracts: compiled'));
    await buildCircuit(o.circuit, {
      network: 'devnet',
      log: (line) => {
        if (line.includes('dev setup')) phase = 'setting up dev keys';
        if (!line.startsWith('  ')) o.log(line);
      },
    });
    await contracts;
    phase = 'compiling the verifier';
    await hardhatBuild(o.root, o.logFile);
    return builtDevnet(o.root, o.circuit);
  } finally {
    clearInterval(ticker);
  }
}
