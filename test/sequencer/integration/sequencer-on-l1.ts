import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { expect } from 'vitest';
import { buildApp } from '../../../sequencer/app.js';
import { deploymentCircuits } from '../../../sequencer/circuit-sizes.js';
import { configFrom } from '../../../sequencer/config.js';
import { attachL1, type AttachedL1, type L1Settings } from '../../../sequencer/l1/attach-l1.js';
import { matchCircuitIds } from '../../../sequencer/l1/circuit-ids.js';
import { EthersL1Client } from '../../../sequencer/l1/ethers-client.js';
import { SequencerNode } from '../../../sequencer/node.js';
import { startTestL1Node, type TestL1Node } from '../../fixtures/l1-node.js';
import { ROOT } from '../../fixtures/root.js';
import { releaseSnarkjs } from '../../fixtures/toy-circuit.js';
import { deployRollup, type RollupDeployment } from './deploy-rollup.js';

/** An in-process sequencer listening on 127.0.0.1, attached to a fresh `hardhat node` with the real contracts. */
export interface SequencerOnL1 {
  readonly hh: TestL1Node;
  readonly d: RollupDeployment;
  readonly node: SequencerNode;
  readonly app: FastifyInstance;
  readonly l1: AttachedL1;
  readonly client: EthersL1Client;
  readonly baseUrl: string;
  /** Polls the submitter, mining a block after each poll, until `done`. */
  submitUntil(done: () => boolean | Promise<boolean>, polls?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The `test` circuit's deployment with operator fee account 1 (min fee 10 wei); the job API is the devnet's
 * (open), since the tests' TestProver sends no worker token. `settings` override the L1 watcher/submitter's.
 */
export async function startSequencerOnL1(name: string, settings: Partial<L1Settings> = {}): Promise<SequencerOnL1> {
  const dataDir = mkdtempSync(join(tmpdir(), `modulo-${name}-`));
  const hh = await startTestL1Node();
  const d = await deployRollup(hh.url);
  const config = configFrom({
    devnet: true,
    dataDir,
    domain: { chainId: d.chainId.toString(), rollupAddress: d.address },
    deploymentCircuit: 'test',
    fees: [{ tokenId: '0', idx: 1, minFee: '10' }],
    http: { rateLimit: null, logLevel: 'silent', port: 0 },
    mempool: { verifyWorkers: 0 },
    prover: { artifactsDir: join(ROOT, 'build', 'circuits') },
  });
  const client = new EthersL1Client({ rpcUrl: hh.url, privateKey: d.keys.sequencer, rollupAddress: d.address, chainId: d.chainId, pollingIntervalMs: 100 });
  const circuits = matchCircuitIds(deploymentCircuits(config.circuits, 'test'), await client.circuits());
  const node = new SequencerNode(config, { circuits, logger: pino({ level: 'silent' }) });
  const app = await buildApp(node);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const l1 = attachL1(node, client, {
    confirmations: 1, pollMs: 100, startBlock: d.deployBlock, maxBlockRange: 100, bumpAfterMs: 60_000, bumpPercent: 20, maxFeePerGas: 10n ** 12n,
    ...settings,
  });
  return {
    hh, d, node, app, l1, client, baseUrl,
    async submitUntil(done, polls = 20) {
      for (let i = 0; i < polls && !(await done()); i++) {
        await l1.submitter.poll();
        await hh.mine();
      }
      expect(await done()).toBe(true);
    },
    async stop() {
      await releaseSnarkjs();
      await app.close();
      client.destroy();
      d.provider.destroy();
      await node.close();
      await hh.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
