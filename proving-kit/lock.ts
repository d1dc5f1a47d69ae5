import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Runs `body` holding a lock directory (mkdir is atomic; the owner's pid inside), so that parallel test
 * workers and `make` never build the same output twice or read one while another process replaces it. A
 * lock whose owner died is taken over. `log` hears once that the caller is waiting.
 */
export async function withLock<T>(lock: string, log: (line: string) => void, body: () => Promise<T>): Promise<T> {
  let waited = false;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await ownerGone(lock)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (!waited) log(`waiting for the lock ${lock}`);
      waited = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await writeFile(join(lock, 'pid'), String(process.pid));
  try {
    return await body();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function ownerGone(lock: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await readFile(join(lock, 'pid'), 'utf8'));
  } catch {
    // No pid yet: just created, or its owner died before writing it (or the lock is gone already).
    const mtimeMs = await stat(lock).then((s) => s.mtimeMs, () => 0);
    return Date.now() - mtimeMs > 60_000;
  }
  // A pid file being written reads empty: its owner is alive.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
