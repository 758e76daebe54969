// Hash-based randomness: every value is a pure function of (seed, ...parts), so any day can be
// generated on its own, in any order, and comes out identical on every run.

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a list of integers (murmur3-style mixing). */
export function hashInts(...parts: number[]): number {
  let h = 0x9747b28c;
  for (const part of parts) {
    // Fold values beyond 32 bits (e.g. unix seconds * 1000) into the hash as two halves.
    const lo = part | 0;
    const hi = Math.floor(part / 0x100000000) | 0;
    for (const word of [lo, hi]) {
      let k = Math.imul(word, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
  }
  return fmix32(h ^ (parts.length * 8));
}

/** FNV-1a over a string; used to turn names and fingerprints into integers. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

export type Rng = () => number;

/** mulberry32: a tiny, fast PRNG returning floats in [0, 1). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function rngFor(...parts: number[]): Rng {
  return createRng(hashInts(...parts));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Deterministic base62 id body, e.g. for `proj_` + randomId(rng, 24). */
export function randomId(rng: Rng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += BASE62[Math.floor(rng() * 62)];
  return out;
}

/** Deterministic shuffle (Fisher-Yates) returning a new array. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
