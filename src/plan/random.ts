/**
 * Deterministic randomness keyed by what is being decided (seed, section id, voice, bar), so that
 * re-planning one section after an edit cannot reshuffle the choices made anywhere else.
 */

/** cyrb53 over the joined keys: cheap, well mixed, and stable across platforms. */
export function hashKeys(...keys: Array<string | number>): number {
  // Separator and type tag keep ('a1', 2) and ('a', 12) apart.
  const text = keys.map((k) => (typeof k === 'number' ? `#${k}` : `$${k}`)).join('\u0000');
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** A splitmix32 stream seeded by the hashed keys; returns floats in [0, 1). */
export function seededRandom(...keys: Array<string | number>): () => number {
  let state = hashKeys(...keys);
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / 4294967296;
  };
}

/** Picks one element; the caller's generator decides. */
export function pick<T>(rand: () => number, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rand() * items.length) % items.length];
}
