import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ManagedChild, type ChildOptions } from './child-process.js';
import { ModuloError } from '../core/errors.js';

/** Refuses to start when a port is taken (another devnet, or anything else). */
export async function assertPortFree(port: number, what: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  if (!free) throw new ModuloError('PORT_IN_USE', `127.0.0.1:${port} (${what}) is in use: another devnet? stop it, or pick another port (modulo devnet --help)`, { port });
}

/** Node >= 22.13: node:sqlite for the sequencer, Hardhat 3 for the L1 node. */
export function assertNodeVersion(version = process.versions.node): void {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  if (major < 22 || (major === 22 && minor < 13)) {
    throw new ModuloError('NODE_TOO_OLD', `the devnet needs Node >= 22.13, this is ${version}: run \`make devnet\` (it installs the pinned Node in tools/node) or put tools/node/node_modules/.bin first on PATH`);
  }
}

/**
 * Processes a devnet started and that outlived it (the devnet was killed with SIGKILL): each is ended only
 * if /proc says it is still one of ours (its environment carries this devnet's marker). Returns their pids.
 */
export function endStaleProcesses(pidsFile: string, marker: string): number[] {
  if (!existsSync(pidsFile)) return [];
  const pids = JSON.parse(readFileSync(pidsFile, 'utf8')) as number[];
  const ended: number[] = [];
  for (const pid of pids) {
    let environ = '';
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    if (!environ.split('\0').includes(`MODULO_DEVNET=${marker}`)) continue;
    try {
      process.kill(-pid, 'SIGKILL');
      ended.push(pid);
    } catch {
      // already gone
    }
  }
  return ended;
}

export function writePids(pidsFile: string, children: readonly ManagedChild[]): void {
  writeFileSync(pidsFile, JSON.stringify(children.map((c) => c.pid).filter((p) => p !== undefined)));
}

export interface ScriptOptions extends Omit<ChildOptions, 'command' | 'args' | 'cwd'> {
  readonly root: string;
  /** The entry point, relative to the root (`sequencer/main.ts`). */
  readonly script: string;
  readonly args?: readonly string[];
}

/** One of the repository's TypeScript entry points in a Node child (`node --import tsx`); `env` is added to ours. */
export function startScript(o: ScriptOptions): ManagedChild {
  const { root, script, args = [], env = {}, ...rest } = o;
  return new ManagedChild({ ...rest, command: process.execPath, args: ['--no-warnings', '--import', 'tsx', join(root, script), ...args], cwd: root, env: { ...process.env, ...env } });
}

/** The sequencer; the worker token by environment too, so a MODULO_WORKER_TOKEN of the caller's cannot stand in for it. */
export function startSequencer(o: { root: string; configPath: string; workerToken: string; logsDir: string; marker: string }): ManagedChild {
  return startScript({
    name: 'sequencer',
    root: o.root,
    script: 'sequencer/main.ts',
    env: { MODULO_SEQUENCER_CONFIG: o.configPath, MODULO_DEVNET: o.marker, MODULO_WORKER_TOKEN: o.workerToken },
    logFile: join(o.logsDir, 'sequencer.log'),
  });
}

/** The prover worker (prover/main.ts), proving from the circuit's build directory (no download); the token goes by environment, not argv. */
export function startProverWorker(o: { root: string; sequencerUrl: string; workerToken: string; workDir: string; logsDir: string; marker: string }): ManagedChild {
  return startScript({
    name: 'prover',
    root: o.root,
    script: 'prover/main.ts',
    args: [
      '--sequencer', o.sequencerUrl,
      '--artifacts', join(o.root, 'build', 'circuits'),
      '--work-dir', o.workDir,
      '--name', 'devnet-prover',
      '--grace', '5',
    ],
    env: { MODULO_DEVNET: o.marker, MODULO_WORKER_TOKEN: o.workerToken },
    logFile: join(o.logsDir, 'prover.log'),
  });
}

export function proverAvailable(root: string): boolean {
  return existsSync(join(root, 'prover', 'main.ts'));
}
