/**
 * Deterministic randomness keyed by stable identities (DESIGN: seeds come from names, never from
 * array positions or the clock), so the same key gives the same stream on every machine.
 */

/** FNV-1a over UTF-16 code units, then a murmur3 finaliser so near-identical keys diverge. */
export function hashString(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

export function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A non-zero 32-bit state for inline xorshift32 loops (xorshift has a fixed point at zero). */
export function xorshiftSeed(key: string): number {
  const h = hashString(key);
  return h === 0 ? 0x9e3779b9 : h;
}

/** splitmix32 stream in [0, 1), keyed by a string. */
export function seededRandom(key: string): () => number {
  let state = hashString(key) | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    return fmix32(state) / 4294967296;
  };
}
