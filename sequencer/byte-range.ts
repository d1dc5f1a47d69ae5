import { ModuloError } from '../core/errors.js';

/** The bytes `start..end` (inclusive) of a file. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The one range of a `Range` header (`bytes=a-b`, `bytes=a-`, `bytes=-n`), clipped to the file; null
 * for no header or one this server ignores (another unit, several ranges: the whole file is sent, as
 * RFC 9110 allows). Throws RANGE_NOT_SATISFIABLE (416) for a range that starts past the end of the file.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null || (m[1] === '' && m[2] === '')) return null;
  const unsatisfiable = () => new ModuloError('RANGE_NOT_SATISFIABLE', `range ${header} is outside the file (${size} bytes)`, { range: header, size });
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null; // a syntactically invalid range is ignored
  if (start >= size) throw unsatisfiable();
  return { start, end };
}
