import type { FitInput } from './tempo-score';

/**
 * Dense cutting in the tempo fit (tempo.ts). Montages and rapid-fire edits can hold hundreds of
 * cuts within one section's length; letting every one of them start a section makes the fit's work
 * grow with the square of the density (10,000 cuts in 10 minutes took 40 s of CPU). There the fit
 * chooses boundaries from a thinned set.
 */

/** More cuts than this within one longest section's reach make the cutting dense. */
const DENSE_CUTS = 48;

/**
 * Indexes into pos that may start or end a section. Every cut may, except where more than
 * DENSE_CUTS cuts fall within a longest section's length around it: there the time is split into
 * slots of maxLen / DENSE_CUTS and only one cut per slot (its first scene cut, else its first cut)
 * is a candidate. All cuts still count as hits. This bounds the successors of each boundary by
 * about 2·DENSE_CUTS, so the fit costs O(cuts) beyond sorting; a sequence with fewer cuts than that
 * per section length gets every cut as a candidate, exactly as before.
 */
export function boundaryCandidates(pos: number[], input: FitInput): number[] {
  const last = pos.length - 1;
  if (last - 1 <= DENSE_CUTS) return pos.map((_, k) => k);
  const half = input.maxLen / 2;
  const slot = denseSlot(input);
  const out = [0];
  let lo = 1, hi = 1;
  let slotOf = -1, rep = -1, repScene = false;
  const flush = () => { if (rep >= 0) out.push(rep); rep = -1; slotOf = -1; };
  for (let c = 1; c < last; c++) {
    while (pos[lo] < pos[c] - half) lo++;
    while (hi < last && pos[hi] <= pos[c] + half) hi++;
    const scene = input.scene[c - 1];
    if (hi - lo <= DENSE_CUTS) { flush(); out.push(c); continue; }
    const s = Math.floor(pos[c] / slot);
    if (s !== slotOf) { flush(); slotOf = s; rep = c; repScene = scene; } else if (scene && !repScene) { rep = c; repScene = true; }
  }
  flush();
  out.push(last);
  return out;
}

function denseSlot(input: FitInput): number {
  return Math.max(1, input.maxLen / DENSE_CUTS);
}
