/**
 * The edit diff: which sections of the previous plan survive a re-cut, and where they went.
 *
 * Both cut lists are read as sequences of shot lengths (frames between consecutive boundaries,
 * the scored range's start and end included). A global alignment (longest common subsequence
 * with a ±1 frame tolerance on each length) matches shots old→new; a ripple insert or delete
 * leaves the shots after it matched with a constant offset, a trim leaves one shot unmatched, a
 * swap of two shots leaves one of them matched out of place, and a slip or a change only in
 * dialogue leaves every shot matched in place. A section is a run of whole shots, so it is:
 *
 * - kept     every shot matched, consecutively, same start and length (frames);
 * - shifted  the same, moved by a ripple (start and end offset by the same number of frames);
 * - changed  anything else: a shot trimmed, inserted or swapped inside it, its dialogue (or the
 *            duck around it) different, or its boundaries moved by a frame of jitter (`retimed`:
 *            same music, re-rendered so its start lands on the new cut sample exactly);
 * - removed  none of its shots is left and nothing took their place.
 *
 * Pure: numbers in, numbers out.
 */

export interface EditView {
  /** First frame of the scored range and its end (exclusive), from the sequence start. */
  startFrame: number;
  endFrame: number;
  /** Score length in samples. */
  length: number;
  /** Cuts strictly inside the range, sorted, each with its frame and output sample. */
  cuts: Array<{ frame: number; sample: number }>;
  /** Dialogue (speech) regions in samples, sorted. */
  dialogue: Array<{ startSample: number; endSample: number }>;
}

export interface DiffSection {
  id: string;
  startSample: number;
  endSample: number;
}

export type SectionStatus = 'kept' | 'shifted' | 'changed' | 'removed';
export type ChangeReason = 'content' | 'dialogue' | 'retimed';

export interface SectionChange {
  id: string;
  status: SectionStatus;
  /** For `changed`: why. `retimed` keeps the section's music and only re-renders it. */
  reason?: ChangeReason;
  /** Where it was (samples of the previous score). */
  from: { startSample: number; endSample: number };
  /** Where it is now: kept, shifted and retimed sections. */
  to?: { startSample: number; endSample: number };
  /** A changed section whose first shot survived: the new sample of its start cut. */
  startsAt?: number;
  /** Ripple offset in frames (kept: 0). */
  offsetFrames?: number;
}

export interface EditDiff {
  /** Old shot index → new shot index (−1 unmatched). */
  shotMap: number[];
  sections: SectionChange[];
}

export interface DiffOptions {
  /** Shot-length tolerance in frames (default 1: frame jitter between exports). */
  toleranceFrames?: number;
  /** Samples of one frame, for comparing dialogue edges (default: exact). */
  frameSamples?: number;
  /** Dialogue this close around a section (samples) shapes its music and duck (default 0). */
  dialogueMargin?: number;
}

export function boundaries(v: EditView): { frames: number[]; samples: number[] } {
  return {
    frames: [v.startFrame, ...v.cuts.map((c) => c.frame), v.endFrame],
    samples: [0, ...v.cuts.map((c) => c.sample), v.length],
  };
}

/**
 * Longest common subsequence of two shot-length lists, lengths equal within `tol`. An exact
 * match scores a little more than a jittered one, so jitter never wins over an exact alignment.
 * Returns old index → new index (−1 where unmatched). O(n·m) time, O(n·m) bytes of back-pointers.
 */
export function alignShots(a: number[], b: number[], tol = 1): number[] {
  const n = a.length, m = b.length;
  const W = m + 1;
  let prev = new Float64Array(W);
  let cur = new Float64Array(W);
  const back = new Uint8Array((n + 1) * W); // 1 diag, 2 up (skip old), 3 left (skip new)
  for (let i = 1; i <= n; i++) {
    cur[0] = 0;
    back[i * W] = 2;
    for (let j = 1; j <= m; j++) {
      const d = Math.abs(a[i - 1] - b[j - 1]);
      let best = prev[j], how = 2;
      if (cur[j - 1] > best) { best = cur[j - 1]; how = 3; }
      if (d <= tol) {
        const diag = prev[j - 1] + (d === 0 ? 1 : 0.9);
        if (diag >= best) { best = diag; how = 1; }
      }
      cur[j] = best;
      back[i * W + j] = how;
    }
    [prev, cur] = [cur, prev];
  }
  const map = new Array<number>(n).fill(-1);
  for (let i = n, j = m; i > 0 && j > 0;) {
    const how = back[i * W + j];
    if (how === 1) { map[i - 1] = j - 1; i--; j--; } else if (how === 2) i--; else j--;
  }
  return map;
}

export function diffEdit(prev: EditView, next: EditView, sections: DiffSection[], options: DiffOptions = {}): EditDiff {
  const tol = options.toleranceFrames ?? 1;
  const ob = boundaries(prev);
  const nb = boundaries(next);
  const lengths = (f: number[]) => f.slice(1).map((x, i) => x - f[i]);
  const shotMap = alignShots(lengths(ob.frames), lengths(nb.frames), tol);
  const boundaryOf = (sample: number): number => {
    const k = ob.samples.indexOf(sample);
    if (k < 0) throw new Error(`section boundary at sample ${sample} is not a cut of the previous plan`);
    return k;
  };
  const margin = options.dialogueMargin ?? 0;
  const fs = options.frameSamples ?? 0;

  const out: SectionChange[] = sections.map((s) => {
    const a = boundaryOf(s.startSample);
    const b = boundaryOf(s.endSample);
    const from = { startSample: s.startSample, endSample: s.endSample };
    const first = shotMap[a];
    let whole = first >= 0;
    let any = false;
    for (let i = a; i < b; i++) {
      if (shotMap[i] >= 0) any = true;
      if (shotMap[i] !== first + (i - a)) whole = false;
    }
    const startsAt = first >= 0 ? nb.samples[first] : undefined;
    if (!whole) {
      if (!any && !replaced(a, b)) return { id: s.id, status: 'removed', from };
      return { id: s.id, status: 'changed', reason: 'content', from, ...(startsAt !== undefined ? { startsAt } : {}) };
    }
    const A = first;
    const B = shotMap[b - 1] + 1;
    const to = { startSample: nb.samples[A], endSample: nb.samples[B] };
    const dStart = nb.frames[A] - ob.frames[a];
    const dEnd = nb.frames[B] - ob.frames[b];
    if (dStart !== dEnd) return { id: s.id, status: 'changed', reason: 'retimed', from, to, startsAt: to.startSample, offsetFrames: dStart };
    if (!sameDialogue(prev, next, from, to, margin, fs)) return { id: s.id, status: 'changed', reason: 'dialogue', from, to, startsAt: to.startSample, offsetFrames: dStart };
    return { id: s.id, status: dStart === 0 ? 'kept' : 'shifted', from, to, offsetFrames: dStart };
  });
  return { shotMap, sections: out };

  /** True when new shots sit where the old run [a, b) of shots was (between its matched neighbours). */
  function replaced(a: number, b: number): boolean {
    let before = -1;
    for (let i = a - 1; i >= 0; i--) if (shotMap[i] >= 0) { before = shotMap[i]; break; }
    let after = nb.frames.length - 1;
    for (let i = b; i < shotMap.length; i++) if (shotMap[i] >= 0) { after = shotMap[i]; break; }
    return after - before - 1 > 0;
  }
}

/**
 * Same speech around the section, moved with it: regions meeting [start − margin, end + margin),
 * clipped to it, equal within `tol` samples at both edges.
 */
function sameDialogue(
  prev: EditView, next: EditView, from: { startSample: number; endSample: number }, to: { startSample: number; endSample: number },
  margin: number, tol: number,
): boolean {
  const clip = (regions: EditView['dialogue'], a: number, b: number, shift: number) => regions
    .filter((r) => r.startSample < b && r.endSample > a)
    .map((r) => [Math.max(a, r.startSample) + shift, Math.min(b, r.endSample) + shift]);
  const shift = to.startSample - from.startSample;
  const lo = Math.max(0, to.startSample - margin), hi = Math.min(next.length, to.endSample + margin);
  const old = clip(prev.dialogue, lo - shift, hi - shift, shift);
  const now = clip(next.dialogue, lo, hi, 0);
  if (old.length !== now.length) return false;
  return old.every((r, i) => Math.abs(r[0] - now[i][0]) <= tol && Math.abs(r[1] - now[i][1]) <= tol);
}
