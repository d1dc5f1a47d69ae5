import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Per-job scratch folders (witness, the external prover's outputs) under
 * `<root>/<pid>-<random>/job-<id>-<random>/`. A job's folder is removed when the job ends, however it
 * ends; a worker killed outright leaves its process folder behind, and the next worker to start on the
 * same root removes folders whose process is gone.
 */
export class WorkFolders {
  readonly root: string;
  readonly processDir: string;

  constructor(root: string) {
    this.root = root;
    mkdirSync(root, { recursive: true });
    this.processDir = mkdtempSync(join(root, `${process.pid}-`));
  }

  /** Runs `fn` with a fresh folder and removes the folder afterwards, whether `fn` resolved or threw. */
  async with<T>(jobId: number, fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(this.processDir, `job-${jobId}-`));
    try {
      return await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Removes this process' folder (on exit). */
  close(): void {
    rmSync(this.processDir, { recursive: true, force: true });
  }

  /** Removes the folders of processes that no longer run (left by a crash); returns their names. */
  static sweep(root: string, alive: (pid: number) => boolean = processAlive): string[] {
    let entries: string[];
    try {
      entries = readdirSync(root);
    } catch {
      return [];
    }
    const removed: string[] = [];
    for (const name of entries) {
      const pid = /^(\d+)-/.exec(name)?.[1];
      if (pid === undefined || Number(pid) === process.pid || alive(Number(pid))) continue;
      rmSync(join(root, name), { recursive: true, force: true });
      removed.push(name);
    }
    return removed;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
