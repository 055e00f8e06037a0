/**
 * The editor's own Volume work survives a regeneration.
 *
 * Before "Regenerate around edits" replaces the Cuebed clip, the host reads the Volume keys on the
 * previous render's clip(s) (host scoreKeys, media/source time included). They are compared with
 * the keys Cuebed wrote then (the previous plan's ducking, exactly as planToPlaceRequest built it):
 *
 * - a key that matches a written key (within half a frame and 0.05 dB) is Cuebed's: it is
 *   replaced by the new plan's ducking;
 * - a key that matches none is the editor's (added, moved, or a Cuebed key whose level they
 *   changed): it is carried over to the new clip;
 * - a written key that is no longer on the clip was deleted or moved by the editor: where the new
 *   plan writes the same key again (same level at the same place in the picture), it is left out,
 *   so a deletion stays deleted;
 * - a new ducking key within half a frame of a carried key gives way to it (the editor wins).
 *
 * Where a carried key goes: keys belong to the picture, so each one moves with its shot. The old
 * and new cut lists are aligned as the edit diff aligns them (src/regen/diff alignShots, ±1 frame).
 * A key on a shot that is still there moves with it (by the ripple offset; unchanged where the
 * picture did not move). A key on a re-cut shot (trimmed, replaced) keeps its distance from the
 * nearer surviving cut around it and is kept if that place still lies inside the re-cut stretch; a
 * key whose place was cut out of the sequence (its shot deleted, or trimmed away) is dropped and
 * reported, since there is no picture left for it. The old clip with every key stays in the bin.
 *
 * Key times are taken from the clip's SOURCE time (the time in the old WAV = old score time), not
 * its sequence time, so a score clip that was rippled or split along with the picture (sync lock)
 * is read correctly. Pure.
 */
import type { ClipKeyframe, DuckKeyRequest } from '../host/adapter';
import { planToPlaceRequest } from '../host/levels';
import type { Plan } from '../plan/types';
import { alignShots, boundaries, type EditView } from '../regen/diff';
import { framesToTicks, ticksPerFrame, TICKS_PER_SECOND } from '../time';

/** Two levels this close (dB) are the same level. */
export const KEY_DB_TOLERANCE = 0.05;

export interface DroppedKey {
  /** Where the key was, in the previous sequence (ticks). */
  ticks: string;
  gainDb: number | null;
  reason: 'cut' | 'outside';
}

export interface KeyCarry {
  /** The new plan's ducking, less the keys the editor's work overrides. */
  ducking: DuckKeyRequest[];
  /** The editor's keys at their new sequence times. */
  editorKeys: DuckKeyRequest[];
  /** Editor keys with no place in the new cut. */
  dropped: DroppedKey[];
  /** Cuebed keys the editor had deleted or moved that stay out of the new ducking. */
  respected: number;
  /** New ducking keys that gave way to a carried key. */
  overridden: number;
}

interface Key {
  ticks: number;
  gainDb: number | null;
}

const sameGain = (a: number | null, b: number | null) => {
  const silent = (g: number | null) => g === null || !Number.isFinite(g) || g < -150;
  if (silent(a) || silent(b)) return silent(a) && silent(b);
  return Math.abs((a as number) - (b as number)) <= KEY_DB_TOLERANCE;
};

function planView(plan: Plan): EditView {
  const rate = plan.sequence.frameRate;
  const startFrame = plan.source?.startFrame ?? Math.round((Number(plan.sequence.startTicks) * rate.num) / (TICKS_PER_SECOND * rate.den));
  const endFrame = plan.source?.endFrame ?? startFrame + Math.round((plan.sequence.duration * rate.num) / rate.den);
  return { startFrame, endFrame, length: plan.sequence.durationSamples, cuts: plan.cuts.map((c) => ({ frame: c.frame, sample: c.sample })), dialogue: [] };
}

/** The previous sequence time → the new one, following the picture; null where it was cut out. */
export function pictureMap(oldPlan: Plan, newPlan: Plan): (ticks: number) => number | null {
  const ob = boundaries(planView(oldPlan)).frames;
  const nb = boundaries(planView(newPlan)).frames;
  const lengths = (f: number[]) => f.slice(1).map((x, i) => x - f[i]);
  const map = alignShots(lengths(ob), lengths(nb), 1);
  const OT = ob.map((f) => framesToTicks(f, oldPlan.sequence.frameRate));
  const NT = nb.map((f) => framesToTicks(f, newPlan.sequence.frameRate));
  const shots = OT.length - 1;
  return (t: number) => {
    if (shots < 1 || t < OT[0] || t > OT[shots]) return null;
    let i = 0;
    while (i < shots - 1 && t >= OT[i + 1]) i++;
    const j = map[i];
    if (j >= 0) return Math.min(NT[j + 1], t + (NT[j] - OT[i]));
    // A re-cut stretch: between the nearest matched shots around it.
    let k0 = i - 1;
    while (k0 >= 0 && map[k0] < 0) k0--;
    let k1 = i + 1;
    while (k1 < shots && map[k1] < 0) k1++;
    const oldStart = OT[k0 + 1], oldEnd = OT[k1];
    const newStart = k0 >= 0 ? NT[map[k0] + 1] : NT[0];
    const newEnd = k1 < shots ? NT[map[k1]] : NT[NT.length - 1];
    if (newEnd <= newStart) return null;
    if (t - oldStart <= oldEnd - t) {
      const at = newStart + (t - oldStart);
      return at < newEnd ? at : null;
    }
    const at = newEnd - (oldEnd - t);
    return at >= newStart ? at : null;
  };
}

/**
 * Splits the keys on the previous clip(s) into Cuebed's and the editor's and builds the new clip's
 * keys: the new plan's ducking plus the editor's keys carried through the edit.
 */
export function carryEditorKeys(oldPlan: Plan, newPlan: Plan, clipKeys: ClipKeyframe[]): KeyCarry {
  const oldStart = Number(oldPlan.sequence.startTicks);
  const tol = ticksPerFrame(oldPlan.sequence.frameRate) / 2;
  const written: Key[] = planToPlaceRequest(oldPlan, '').ducking.map((k) => ({ ticks: Number(k.ticks), gainDb: k.gainDb }));
  const fresh: Key[] = planToPlaceRequest(newPlan, '').ducking.map((k) => ({ ticks: Number(k.ticks), gainDb: k.gainDb }));

  // The clip's keys in previous-sequence time, from their place in the old WAV; a split clip
  // holds the same keys twice.
  const seen = new Set<string>();
  const onClip: Key[] = [];
  for (const k of clipKeys) {
    const src = Number(k.sourceTicks);
    if (!Number.isFinite(src)) continue;
    const key = { ticks: oldStart + src, gainDb: k.gainDb };
    const id = `${key.ticks}:${key.gainDb === null ? 'x' : key.gainDb.toFixed(3)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    onClip.push(key);
  }
  onClip.sort((a, b) => a.ticks - b.ticks);

  // Cuebed's keys: each written key claims the nearest matching key on the clip.
  const claimed = new Set<Key>();
  const missing: Key[] = [];
  for (const w of written) {
    let best: Key | null = null;
    for (const k of onClip) {
      if (claimed.has(k) || Math.abs(k.ticks - w.ticks) > tol || !sameGain(k.gainDb, w.gainDb)) continue;
      if (!best || Math.abs(k.ticks - w.ticks) < Math.abs(best.ticks - w.ticks)) best = k;
    }
    if (best) claimed.add(best);
    else missing.push(w);
  }
  const editor = onClip.filter((k) => !claimed.has(k));

  const move = pictureMap(oldPlan, newPlan);
  const newStart = Number(newPlan.sequence.startTicks);
  const newEnd = newStart + Math.round((newPlan.sequence.durationSamples * TICKS_PER_SECOND) / newPlan.sequence.sampleRate);
  const drop = new Set<Key>();
  let respected = 0;
  for (const m of missing) {
    const at = move(m.ticks);
    if (at === null) continue;
    const hit = fresh.find((f) => !drop.has(f) && Math.abs(f.ticks - at) <= tol && sameGain(f.gainDb, m.gainDb));
    if (hit) {
      drop.add(hit);
      respected++;
    }
  }
  const carried: Key[] = [];
  const dropped: DroppedKey[] = [];
  for (const k of editor) {
    const at = move(k.ticks);
    if (at === null) dropped.push({ ticks: String(k.ticks), gainDb: k.gainDb, reason: 'cut' });
    else if (at < newStart || at > newEnd) dropped.push({ ticks: String(k.ticks), gainDb: k.gainDb, reason: 'outside' });
    else if (!carried.some((c) => c.ticks === at)) carried.push({ ticks: at, gainDb: k.gainDb });
  }
  let overridden = 0;
  for (const f of fresh) {
    if (!drop.has(f) && carried.some((c) => Math.abs(c.ticks - f.ticks) <= tol)) {
      drop.add(f);
      overridden++;
    }
  }
  const out = (k: Key): DuckKeyRequest => ({ ticks: String(k.ticks), gainDb: k.gainDb });
  return {
    ducking: fresh.filter((f) => !drop.has(f)).map(out),
    editorKeys: carried.sort((a, b) => a.ticks - b.ticks).map(out),
    dropped,
    respected,
    overridden,
  };
}
