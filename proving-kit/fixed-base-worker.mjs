// Worker of proving-kit/fixed-base.ts (plain JS so it runs under node, tsx and vitest alike).
// Computes s·G for many scalars s and the generator G of BN254's G1 or G2 with a signed-window table:
// T[j][k] = k·2^(w·j)·G for 1 <= k <= 2^(w-1), and s = Σ_j d_j·2^(w·j) with |d_j| <= 2^(w-1), so
// s·G = Σ_j ±T[j][|d_j|]: about 254/w mixed additions per scalar instead of ~380 group operations for
// double-and-add. Results are affine, Montgomery, little-endian: the form .zkey sections store, exactly
// as ffjavascript's g?m_batchToAffine writes it (the point at infinity as zeros).
// It instantiates the WebAssembly code ffjavascript built in the parent (workerData) instead of importing
// ffjavascript: ffjavascript pulls in `web-worker`, which takes over any worker thread that imports it.
import { parentPort, workerData } from 'node:worker_threads';

const { code, pG1gen, pG2gen, r } = workerData;
const memory = new WebAssembly.Memory({ initial: 25 });
const instance = await WebAssembly.instantiate(await WebAssembly.compile(code), { env: { memory } });
const tm = { u8: new Uint8Array(memory.buffer), u32: new Uint32Array(memory.buffer) };
const ex = instance.exports;
const R = BigInt(r);
const SCALAR_BITS = R.toString(2).length;
const SCRATCH_POINTS = 1 << 14;
/** batchToAffine of n points takes ~2n field elements above the free pointer; tables convert 2^15 at once. */
const SPARE = ((1 << 15) + 2) * 2 * 64;

const GROUPS = {
  G1: { prefix: 'g1m', n8: 32, gen: pG1gen },
  G2: { prefix: 'g2m', n8: 64, gen: pG2gen },
};

/** Bump allocation above the module's free pointer (word 0), zeroed, keeping SPARE bytes above. */
function alloc(bytes) {
  const ptr = (tm.u32[0] + 7) & ~7;
  const end = ptr + bytes + SPARE;
  if (end > memory.buffer.byteLength) {
    memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
    tm.u8 = new Uint8Array(memory.buffer);
    tm.u32 = new Uint32Array(memory.buffer);
  }
  tm.u32[0] = ptr + bytes;
  tm.u8.fill(0, ptr, ptr + bytes);
  return ptr;
}

const tables = new Map();
const scratch = {};

function ops(group) {
  const f = (name) => ex[`${GROUPS[group].prefix}_${name}`];
  return { zero: f('zero'), addMixed: f('addMixed'), subMixed: f('subMixed'), double: f('double'), toAffine: f('batchToAffine') };
}

function getScratch(group) {
  const g = GROUPS[group];
  scratch[group] ??= {
    scalars: alloc(SCRATCH_POINTS * 32),
    jac: alloc(SCRATCH_POINTS * g.n8 * 3),
    out: alloc(SCRATCH_POINTS * g.n8 * 2),
  };
  return scratch[group];
}

function buildTable(group, w) {
  const g = GROUPS[group];
  const { zero, addMixed, double, toAffine } = ops(group);
  const sA = g.n8 * 2;
  const sJ = g.n8 * 3;
  const windows = Math.ceil((SCALAR_BITS + 1) / w); // a spare top bit absorbs the last carry
  const count = 2 ** (w - 1);
  const bases = Array.from({ length: windows }, () => alloc(count * sA));
  const jac = alloc(count * sJ);
  const base = alloc(sA);
  const baseJ = alloc(sJ);
  zero(baseJ);
  addMixed(baseJ, g.gen, baseJ); // the generator is stored Jacobian with z = 1: its x, y are affine
  toAffine(baseJ, 1, base);
  for (let j = 0; j < windows; j++) {
    zero(jac);
    addMixed(jac, base, jac);
    for (let k = 1; k < count; k++) addMixed(jac + (k - 1) * sJ, base, jac + k * sJ);
    toAffine(jac, count, bases[j]);
    zero(baseJ);
    addMixed(baseJ, base, baseJ);
    for (let i = 0; i < w; i++) double(baseJ, baseJ);
    toAffine(baseJ, 1, base);
  }
  return { w, windows, bases, sA, sJ, ...ops(group) };
}

function multiply(group, w, scalars) {
  const key = `${group}:${w}`;
  if (!tables.has(key)) tables.set(key, buildTable(group, w));
  const t = tables.get(key);
  const s = getScratch(group);
  const n = scalars.byteLength / 32;
  if (n > SCRATCH_POINTS) throw new Error(`chunk of ${n} points exceeds ${SCRATCH_POINTS}`);
  const words = new Uint32Array(scalars.buffer, scalars.byteOffset, n * 8);
  const mask = 2 ** w - 1;
  const half = 2 ** (w - 1);
  for (let i = 0; i < n; i++) {
    const acc = s.jac + i * t.sJ;
    t.zero(acc);
    let carry = 0;
    for (let j = 0; j < t.windows; j++) {
      const bit = j * w;
      const at = i * 8 + (bit >>> 5);
      const shift = bit & 31;
      let v = words[at] >>> shift;
      if (shift + w > 32 && (bit >>> 5) < 7) v |= words[at + 1] << (32 - shift);
      v = ((v & mask) >>> 0) + carry;
      carry = v > half ? 1 : 0;
      const d = carry ? v - 2 ** w : v;
      if (d > 0) t.addMixed(acc, t.bases[j] + (d - 1) * t.sA, acc);
      else if (d < 0) t.subMixed(acc, t.bases[j] + (-d - 1) * t.sA, acc);
    }
    if (carry) throw new Error('scalar does not fit the windows (not reduced modulo r?)');
  }
  t.toAffine(s.jac, n, s.out);
  return tm.u8.slice(s.out, s.out + n * t.sA);
}

parentPort.on('message', (msg) => {
  try {
    const points = multiply(msg.group, msg.window, msg.scalars);
    parentPort.postMessage({ id: msg.id, points }, [points.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: String(err?.stack ?? err) });
  }
});
