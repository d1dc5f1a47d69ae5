import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_USER_KEYS } from './accounts.js';
import { buildDevnet, builtDevnet } from './build.js';
import { freshChain, resumeChain, type Chain } from './chain.js';
import type { ManagedChild } from './child-process.js';
import { deployDevnet } from './deploy-devnet.js';
import { networkProfile, readDevnetState, writeJson, type DevnetState } from './devnet-state.js';
import { ModuloError } from '../core/errors.js';
import { devnetLayout, type DevnetLayout } from './layout.js';
import { assertNodeVersion, assertPortFree, endStaleProcesses, proverAvailable, startProverWorker, startSequencer, writePids } from './processes.js';
import { devnetSequencerConfig } from './sequencer-config.js';

export interface DevnetOptions {
  readonly root: string;
  readonly dir: string;
  readonly walletDir: string;
  readonly circuit: string;
  readonly l1Port: number;
  readonly sequencerPort: number;
  /** Start from nothing: the directory is wiped (the wallet directory is not). */
  readonly reset: boolean;
  /** Use the circuit and contracts as built (tests, after `make test` built them) instead of building. */
  readonly skipBuild?: boolean;
  readonly prover: boolean;
  readonly log: (line: string) => void;
}

export interface Devnet {
  readonly layout: DevnetLayout;
  readonly state: DevnetState;
  readonly rpcUrl: string;
  readonly sequencerUrl: string;
  /** True when the last run's chain and sequencer state were restored. */
  readonly resumed: boolean;
  /** Why a previous devnet was not resumed (null when there was none, or it was). */
  readonly resetReason: string | null;
  readonly proverStarted: boolean;
  /** Rejects when a component exits while the devnet runs. */
  readonly failure: Promise<never>;
  /** Graceful: prover, sequencer, the journal's last blocks, then the L1 node. */
  stop(): Promise<void>;
  /** SIGKILL to every process (a second Ctrl-C); the next start ends any leftover and resumes. */
  kill(): void;
}

/** Empties the devnet directory but its logs. */
function wipe(layout: DevnetLayout): void {
  mkdirSync(layout.dir, { recursive: true });
  for (const entry of readdirSync(layout.dir)) if (join(layout.dir, entry) !== layout.logsDir) rmSync(join(layout.dir, entry), { recursive: true, force: true });
}

/** Why the last run cannot be resumed with this build, or null if it can be tried. */
function staleReason(state: DevnetState | null, circuit: string, build: { vkeySha256: string; codeSha256: string }): string | null {
  if (state === null) return null;
  if (state.circuit !== circuit) return `it ran the ${state.circuit} circuit, not ${circuit}`;
  if (state.build.vkeySha256 !== build.vkeySha256) return `the ${circuit} circuit's keys changed since it was deployed (its verifier would refuse every new proof)`;
  if (state.build.codeSha256 !== build.codeSha256) return 'the contracts changed since it was deployed';
  return null;
}

/**
 * Brings up the devnet: build (cached), L1 node (the last run's chain replayed, or a new one with a fresh
 * deployment), sequencer and prover as child processes. Data under `dir` (docs/operations.md).
 */
export async function startDevnet(o: DevnetOptions): Promise<Devnet> {
  assertNodeVersion();
  const layout = devnetLayout(o.dir, o.root);
  mkdirSync(layout.logsDir, { recursive: true });
  const unclean = existsSync(layout.pidsFile);
  const stale = endStaleProcesses(layout.pidsFile, layout.dir);
  if (stale.length > 0) o.log(`devnet: ended processes left over by a previous run (pids ${stale.join(', ')})`);
  if (unclean && !o.reset) o.log('devnet: the last run did not stop cleanly: its last L1 blocks may be missing from the journal; if the sequencer log reports L1_REORG_TOO_DEEP, start with --reset');
  await assertPortFree(o.l1Port, 'L1 node');
  await assertPortFree(o.sequencerPort, 'sequencer');
  if (o.reset) {
    wipe(layout);
    o.log(`devnet: --reset: ${o.dir} wiped (wallet accounts in ${o.walletDir} are kept)`);
  }
  if (!o.skipBuild) o.log(`build: ${o.circuit} circuit and contracts (cached after the first run)`);
  const build = await (o.skipBuild
    ? Promise.resolve().then(() => builtDevnet(o.root, o.circuit))
    : buildDevnet({ root: o.root, circuit: o.circuit, logFile: join(layout.logsDir, 'build.log'), log: o.log })
  ).catch((error: unknown) => {
    throw new ModuloError('BUILD_FAILED', (error as Error).message, {}, { cause: error });
  });
  const chainOptions = { root: o.root, layout, port: o.l1Port, marker: layout.dir, log: o.log };
  let state = readDevnetState(layout.stateFile);
  let resetReason = staleReason(state, o.circuit, build);
  let chain: Chain | null = null;
  if (state !== null && resetReason === null) {
    o.log('chain: restoring the last run\'s chain from its journal');
    const restored = await resumeChain(chainOptions);
    if (typeof restored === 'string') resetReason = restored;
    else {
      chain = restored;
      writePids(layout.pidsFile, [chain.node.child]);
    }
  }
  const resumed = chain !== null;
  if (chain === null) {
    if (state !== null) {
      o.log(`devnet: cannot resume the last run: ${resetReason}.`);
      o.log(`devnet: STARTING FRESH: new chain, new deployment, sequencer data reset (${o.dir})`);
      wipe(layout);
    }
    chain = await freshChain(chainOptions);
    writePids(layout.pidsFile, [chain.node.child]);
    state = await deployDevnet({ rpcUrl: chain.node.url, build, walletDir: o.walletDir, log: o.log }).catch(async (error: unknown) => {
      await chain!.node.child.stop();
      throw new ModuloError('START_FAILED', `deployment failed: ${(error as Error).message}`, {}, { cause: error });
    });
    writeJson(layout.stateFile, state);
  }
  await chain.journal.record(chain.node.rpc);
  return run(o, layout, chain, state!, resumed, resumed ? null : resetReason);
}

async function run(o: DevnetOptions, layout: DevnetLayout, chain: Chain, state: DevnetState, resumed: boolean, resetReason: string | null): Promise<Devnet> {
  const { node, journal } = chain;
  const sequencerUrl = `http://127.0.0.1:${o.sequencerPort}`;
  writeJson(layout.networkFile, networkProfile(state, node.url, sequencerUrl, DEV_USER_KEYS));
  mkdirSync(join(layout.sequencerConfig, '..'), { recursive: true });
  // A new worker token every run: the job API is never open, not even on the devnet.
  const workerToken = randomBytes(32).toString('hex');
  writeJson(layout.sequencerConfig, devnetSequencerConfig({ root: o.root, layout, state, rpcUrl: node.url, port: o.sequencerPort, workerToken }));

  let recording = Promise.resolve();
  const recorder = setInterval(() => {
    recording = recording.then(() => journal.record(node.rpc).then(() => undefined, () => undefined));
  }, 500);
  const children: ManagedChild[] = [node.child];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    clearInterval(recorder);
    for (const child of children.slice(1).reverse()) await child.stop(15_000);
    await recording;
    await journal.record(node.rpc).catch(() => undefined);
    await node.child.stop();
    rmSync(layout.pidsFile, { force: true });
  };
  try {
    const sequencer = startSequencer({ root: o.root, configPath: layout.sequencerConfig, workerToken, logsDir: layout.logsDir, marker: layout.dir });
    children.push(sequencer);
    writePids(layout.pidsFile, children);
    await sequencer.until(`${sequencerUrl}/health`, async () => (await fetch(`${sequencerUrl}/health`)).ok, 120_000);
    const withProver = o.prover && proverAvailable(o.root);
    if (withProver) {
      children.push(startProverWorker({ root: o.root, sequencerUrl, workerToken, workDir: layout.proverWork, logsDir: layout.logsDir, marker: layout.dir }));
      writePids(layout.pidsFile, children);
    }
    const failure = new Promise<never>((_, reject) => {
      for (const child of children) {
        void child.exited.then((code) => {
          if (!stopping) reject(new ModuloError('PROCESS_EXITED', `${child.name} exited (code ${code}); its log is in ${layout.logsDir}:\n${child.tail.slice(-1500)}`));
        });
      }
    });
    failure.catch(() => undefined);
    return { layout, state, rpcUrl: node.url, sequencerUrl, resumed, resetReason, proverStarted: withProver, failure, stop, kill: () => children.forEach((c) => c.kill()) };
  } catch (error) {
    await stop();
    throw new ModuloError('START_FAILED', (error as Error).message, {}, { cause: error });
  }
}
