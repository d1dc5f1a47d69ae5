import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startDevnet, type Devnet } from '../../devnet/devnet.js';
import { artifactExists, ROLLUP_ARTIFACT, verifierArtifactPath } from '../../l1/deploy.js';
import { ROOT } from '../../wallet/network.js';
import { freePort } from '../../devnet/free-port.js';
import { until } from '../../devnet/until.js';
import { modulo, moduloJson, tempDir } from '../e2e/helpers.js';

/** Whether the test circuit's key and the contracts are built (`make test` builds them first). */
export const systemBuilt = [ROLLUP_ARTIFACT, verifierArtifactPath('TestBatchVerifier')].every((p) => artifactExists(p))
  && existsSync(join(ROOT, 'build', 'circuits', 'test', 'circuit.dev.zkey')) && existsSync(join(ROOT, 'prover', 'main.ts'));

export interface Activity {
  readonly devnet: Devnet;
  /** The devnet's and wallets' files (a temporary directory). */
  readonly dir: string;
  readonly net: string[];
  readonly alice: { ax: string; ay: string; l1Address: string; idx: number };
  readonly bob: { idx: number };
  /** L1 transactions of the deposits. */
  readonly depositL1TxHash: string;
  readonly transferHash: string;
  readonly withdrawHash: string;
  readonly logs: string[];
}

/**
 * A real system on the `test` circuit: `modulo devnet`'s L1 node, contracts, sequencer and prover worker
 * (real Groth16 proofs), and a user's activity through the wallet commands: two deposits, a transfer and
 * a withdrawal, waited for until finalized on L1.
 */
export async function startActivity(): Promise<Activity> {
  const data = tempDir('modulo-explorer-');
  const wallets = join(data, 'wallet');
  const logs: string[] = [];
  const devnet = await startDevnet({
    root: ROOT, dir: join(data, 'devnet'), walletDir: wallets, circuit: 'test', l1Port: await freePort(), sequencerPort: await freePort(),
    reset: false, prover: true, skipBuild: true, log: (line) => logs.push(line),
  });
  try {
    const net = ['--network', devnet.layout.networkFile, '--wallet-dir', wallets];
    const alice = await moduloJson<{ ax: string; ay: string; l1Address: string }>(['account', 'new', 'alice', ...net]);
    await moduloJson(['account', 'new', 'bob', ...net]);
    const aliceDeposit = await moduloJson<{ idx: number; l1TxHash: string }>(['deposit', 'alice', '1', 'ETH', ...net]);
    const bobDeposit = await moduloJson<{ idx: number }>(['deposit', 'bob', '0.5', 'ETH', ...net]);
    const l2 = async (name: string) => (await moduloJson<{ l2: Array<{ pendingBalance: string }> }>(['balance', name, ...net])).l2[0]?.pendingBalance;
    await until('the deposits seen by the sequencer', async () => (await l2('bob')) === String(5n * 10n ** 17n));
    const transferHash = (await moduloJson<{ txHash: string }>(['transfer', 'alice', 'bob', '0.25', 'ETH', ...net])).txHash;
    const withdrawHash = (await moduloJson<{ txHash: string }>(['withdraw', 'alice', '0.1', 'ETH', ...net])).txHash;
    for (const hash of [transferHash, withdrawHash]) {
      const r = await modulo(['tx', hash, '--wait', '--timeout', '600', ...net]);
      if (r.code !== 0 || !/finalized/.test(r.out)) throw new Error(`tx ${hash} was not finalized: ${r.err}`);
    }
    return {
      devnet, dir: data, net, logs, transferHash, withdrawHash, depositL1TxHash: aliceDeposit.l1TxHash,
      alice: { ...alice, l1Address: alice.l1Address.toLowerCase(), idx: aliceDeposit.idx }, bob: { idx: bobDeposit.idx },
    };
  } catch (error) {
    await devnet.stop();
    throw new Error(`${(error as Error).message}\n${logs.join('\n')}`);
  }
}
