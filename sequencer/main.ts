/**
 * The sequencer process: `npx tsx sequencer/main.ts` (configuration: sequencer/config.ts). Builds
 * the node, attaches L1 when an RPC URL is configured, and listens. Outside devnet it refuses to
 * start without a worker token.
 */
import { addressHex } from '../api/scalars.js';
import { buildApp } from './app.js';
import { deploymentCircuits } from './circuit-sizes.js';
import { assertWorkerToken, loadConfig } from './config.js';
import { attachL1 } from './l1/attach-l1.js';
import { matchCircuitIds } from './l1/circuit-ids.js';
import { EthersL1Client } from './l1/ethers-client.js';
import { SequencerNode } from './node.js';

const config = loadConfig();
assertWorkerToken(config);
const local = deploymentCircuits(config.circuits, config.deploymentCircuit, config.circuitIds);
const client = config.l1 === null ? null : new EthersL1Client({
  rpcUrl: config.l1.rpcUrl,
  privateKey: config.l1.privateKey,
  rollupAddress: addressHex(config.domain.rollupAddress),
  chainId: config.domain.chainId,
  pollingIntervalMs: Math.min(config.l1.pollMs, 1000),
});
const circuits = client !== null && Object.keys(config.circuitIds).length === 0 ? matchCircuitIds(local, await client.circuits()) : local;
const node = new SequencerNode(config, { circuits });
const app = await buildApp(node);
const l1 = client === null || config.l1 === null ? null : attachL1(node, client, config.l1);

node.start();
l1?.runtime.start();
await app.listen({ host: config.http.host, port: config.http.port });
node.log.info({ circuits: circuits.map((c) => `${c.name}#${c.id}`), l1: config.l1?.rpcUrl ?? null, dataDir: config.dataDir }, 'sequencer started');

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  node.log.info({ signal }, 'sequencer stopping');
  l1?.runtime.stop();
  await app.close();
  client?.destroy();
  await node.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
