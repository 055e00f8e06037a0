/**
 * Voice leading by search: among all voicings of a chord inside a register, take the one that moves
 * the voices least from the previous chord (sum of semitone motion, voices paired in pitch order),
 * with penalties for muddy close intervals low down. Small search spaces make brute force exact.
 */
export function voiceChord(chromas: number[], prev: number[] | null, lo: number, hi: number, voices = 4): number[] {
  const wanted = [...new Set(chromas)];
  const candidates: number[] = [];
  for (let m = lo; m <= hi; m++) if (wanted.includes(((m % 12) + 12) % 12)) candidates.push(m);
  const size = Math.min(voices, candidates.length);
  let best: number[] = [];
  let bestCost = Infinity;
  const centre = (lo + hi) / 2;
  const combo: number[] = [];
  const visit = (from: number) => {
    if (combo.length === size) {
      const present = new Set(combo.map((m) => m % 12));
      // Every chord tone must sound, except a fifth may be dropped from a four-voice seventh.
      const missing = wanted.filter((c) => !present.has(c));
      if (missing.length > 1 || (missing.length === 1 && (wanted.length < 4 || missing[0] !== wanted[2]))) return;
      const cost = voicingCost(combo, prev, centre, wanted[0]);
      if (cost < bestCost) { bestCost = cost; best = [...combo]; }
      return;
    }
    for (let i = from; i < candidates.length; i++) {
      combo.push(candidates[i]);
      visit(i + 1);
      combo.pop();
    }
  };
  visit(0);
  if (best.length === 0) throw new Error(`no voicing of [${chromas}] inside MIDI ${lo}..${hi}`);
  return best;
}

function voicingCost(v: number[], prev: number[] | null, centre: number, root: number): number {
  let cost = 0;
  if (prev && prev.length === v.length) {
    for (let i = 0; i < v.length; i++) cost += Math.abs(v[i] - prev[i]);
  } else {
    cost += Math.abs(v.reduce((s, m) => s + m, 0) / v.length - centre) * 2;
    if (v[0] % 12 !== root) cost += 3;
  }
  for (let i = 1; i < v.length; i++) {
    const gap = v[i] - v[i - 1];
    if (gap < 3 && v[i - 1] < 55) cost += 4;
    if (gap > 9) cost += 1.5;
  }
  return cost;
}
