import type { Curve } from './ffjs.js';

type Fn = (...args: number[]) => number;

/**
 * Field arithmetic on buffers inside ffjavascript's BN254 WebAssembly instance, called directly (no
 * per-operation copies): the QAP evaluation runs millions of Fr operations. Memory is bump-allocated
 * above ffjavascript's own allocations and kept `spare` bytes ahead of the free pointer, because the
 * batch functions (frm_batchInverse, g1m_batchToAffine) take their scratch space from there.
 */
export class WasmArena {
  readonly fr: Readonly<Record<'mul' | 'add' | 'sub' | 'square' | 'inverse' | 'toMont' | 'fromMont' | 'isZero', Fn>>;
  readonly batchInverse: Fn;
  private readonly start: number;

  constructor(
    readonly curve: Curve,
    private readonly spare = 1 << 20,
  ) {
    const ex = curve.tm.instance.exports as Record<string, Fn>;
    const fn = (name: string): Fn => {
      const f = ex[name];
      if (!f) throw new Error(`invariant: the pinned ffjavascript wasm has no export ${name}`);
      return f;
    };
    this.fr = {
      mul: fn('frm_mul'),
      add: fn('frm_add'),
      sub: fn('frm_sub'),
      square: fn('frm_square'),
      inverse: fn('frm_inverse'),
      toMont: fn('frm_toMontgomery'),
      fromMont: fn('frm_fromMontgomery'),
      isZero: fn('frm_isZero'),
    };
    this.batchInverse = fn('frm_batchInverse');
    this.start = this.free;
  }

  get u8(): Uint8Array {
    return this.curve.tm.u8;
  }

  private get free(): number {
    return this.curve.tm.u32[0]!;
  }

  /**
   * Reserves `bytes` (8-aligned, zeroed: batch functions leave scratch data above the free pointer),
   * growing memory so `spare` bytes stay free above. Invalidates views taken before.
   */
  alloc(bytes: number): number {
    const ptr = (this.free + 7) & ~7;
    this.ensure(ptr + bytes + this.spare);
    this.curve.tm.u32[0] = ptr + bytes;
    this.u8.fill(0, ptr, ptr + bytes);
    return ptr;
  }

  /** Copies plain little-endian field elements in and converts them to Montgomery form. */
  loadFr(bytes: Uint8Array): number {
    const ptr = this.alloc(bytes.byteLength);
    this.u8.set(bytes, ptr);
    for (let off = 0; off < bytes.byteLength; off += 32) this.fr.toMont(ptr + off, ptr + off);
    return ptr;
  }

  /** Copies `count` Montgomery elements out as plain little-endian bytes. */
  readFr(ptr: number, count: number): Uint8Array {
    const tmp = this.alloc(32);
    const out = new Uint8Array(count * 32);
    for (let i = 0; i < count; i++) {
      this.fr.fromMont(ptr + 32 * i, tmp);
      out.set(this.u8.subarray(tmp, tmp + 32), 32 * i);
    }
    return out;
  }

  /** Zeroes everything allocated since construction (derived toxic waste included) and releases it. */
  wipe(): void {
    this.u8.fill(0, this.start, this.free);
    this.curve.tm.u32[0] = this.start;
  }

  private ensure(end: number): void {
    const memory = this.curve.tm.memory;
    if (end > memory.buffer.byteLength) {
      memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
      this.curve.tm.u8 = new Uint8Array(memory.buffer);
      this.curve.tm.u32 = new Uint32Array(memory.buffer);
    }
  }
}
