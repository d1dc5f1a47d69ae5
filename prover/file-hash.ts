import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

const memo = new Map<string, { key: string; sha256: Promise<string> }>();

/**
 * A file's sha256 (hex), streamed (proving keys are hundreds of MB) and remembered per path while its
 * size and mtime stay the same, so a worker hashes each key once, not once per job.
 */
export function sha256File(path: string): Promise<string> {
  const { size, mtimeMs } = statSync(path);
  const key = `${size}:${mtimeMs}`;
  const cached = memo.get(path);
  if (cached?.key === key) return cached.sha256;
  const sha256 = (async () => {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  })();
  sha256.catch(() => memo.delete(path));
  memo.set(path, { key, sha256 });
  return sha256;
}
