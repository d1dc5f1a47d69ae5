import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { ModuloError } from '../core/errors.js';

/**
 * The iden3 binary container that .r1cs, .ptau, .wtns and .zkey files share: a 4-byte magic, a u32
 * version, a u32 section count, then sections `u32 id, u64 size, bytes`, all little-endian. snarkjs
 * and rapidsnark find sections by id, so their order in the file is free.
 */
export interface BinFile {
  readonly type: string;
  readonly version: number;
  /** Section id -> its bytes (first occurrence; the formats used here have unique ids). */
  readonly sections: ReadonlyMap<number, Uint8Array>;
}

export function readBinFile(path: string, type: string): BinFile {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = bytes.subarray(0, 4).toString('latin1');
  if (magic !== type) throw new ModuloError('MALFORMED', `${path}: not a ${type} file (magic "${magic}")`, { path, type });
  const version = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  const sections = new Map<number, Uint8Array>();
  let pos = 12;
  for (let i = 0; i < count; i++) {
    const id = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    pos += 12;
    if (pos + size > bytes.byteLength) throw new ModuloError('MALFORMED', `${path}: section ${id} runs past the end of the file`, { path, section: id });
    if (!sections.has(id)) sections.set(id, bytes.subarray(pos, pos + size));
    pos += size;
  }
  return { type, version, sections };
}

/** One section read with positional reads, for files too big to load (a .ptau is GBs). */
export function readOneSection(path: string, type: string, id: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(12);
    readSync(fd, head, 0, 12, 0);
    if (head.toString('latin1', 0, 4) !== type) throw new ModuloError('MALFORMED', `${path}: not a ${type} file`, { path, type });
    const count = head.readUInt32LE(8);
    let pos = 12;
    for (let i = 0; i < count; i++) {
      readSync(fd, head, 0, 12, pos);
      const size = Number(head.readBigUInt64LE(4));
      if (head.readUInt32LE(0) === id) {
        const out = Buffer.allocUnsafe(size);
        // One read returns at most 2 GiB: a large r1cs section takes several.
        for (let done = 0; done < size;) {
          const n = readSync(fd, out, done, Math.min(size - done, 1 << 30), pos + 12 + done);
          if (n === 0) throw new ModuloError('MALFORMED', `${path}: section ${id} runs past the end of the file`, { path, section: id });
          done += n;
        }
        return out;
      }
      pos += 12 + size;
    }
    throw new ModuloError('MALFORMED', `${path}: no section ${id}`, { path, section: id });
  } finally {
    closeSync(fd);
  }
}

export function section(file: BinFile, id: number): Uint8Array {
  const bytes = file.sections.get(id);
  if (!bytes) throw new ModuloError('MALFORMED', `${file.type} file has no section ${id}`, { type: file.type, section: id });
  return bytes;
}

/** Writes a bin file section by section; a section is a list of chunks so big ones are never joined. */
export class BinFileWriter {
  private readonly fd: number;

  constructor(path: string, type: string, version: number, sectionCount: number) {
    this.fd = openSync(path, 'w');
    const head = Buffer.alloc(12);
    head.write(type, 0, 'latin1');
    head.writeUInt32LE(version, 4);
    head.writeUInt32LE(sectionCount, 8);
    writeSync(this.fd, head);
  }

  writeSection(id: number, chunks: readonly Uint8Array[]): void {
    this.beginSection(id, chunks.reduce((n, c) => n + c.byteLength, 0));
    for (const chunk of chunks) this.write(chunk);
  }

  /** Starts a section of `size` bytes whose body the caller then streams with `write`. */
  beginSection(id: number, size: number): void {
    const head = Buffer.alloc(12);
    head.writeUInt32LE(id, 0);
    head.writeBigUInt64LE(BigInt(size), 4);
    writeSync(this.fd, head);
  }

  /** Writes all of `chunk`: one write takes at most 2 GiB (a linked key's coefficient section is more). */
  write(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.byteLength;) at += writeSync(this.fd, chunk, at, Math.min(chunk.byteLength - at, 1 << 30));
  }

  close(): void {
    closeSync(this.fd);
  }
}

export function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

/** sha256 of a file, read in 16 MB pieces (keys and ptau files run to GBs). */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 24);
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
