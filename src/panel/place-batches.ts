/**
 * Placing a score whose ducking is hundreds of Volume keys (speech-gated ducking on a long
 * interview). ExtendScript makes three DOM calls per key, and one evalScript that writes them all
 * keeps Premiere busy, and the panel waiting, for as long as that takes. So the keys go in calls of
 * at most KEYS_PER_CALL: the placement carries the first batch, addScoreKeys the rest (only the last
 * asks Premiere to redraw). Each call's timeout grows with its own keys (HostBridge).
 *
 * The render is recorded (renders.json, so "Regenerate around edits" finds it) as soon as the clip
 * is placed, even when Premiere answers the placement after the panel stopped waiting. When any
 * call times out, Premiere still finishes it: its late answer is awaited and the remaining batches
 * follow, then `onLate` gets the whole result (or the refusal that stopped it).
 */
import { HostError, type AddScoreKeysRequest, type AddScoreKeysResult, type DuckKeyRequest, type PlaceScoreRequest, type PlaceScoreResult } from '../host/adapter';
import { HostTimeoutError } from './bridge';
import { placeThenRecord } from './place-record';

/**
 * Keys per host call. 100 keys are 300 ExtendScript DOM calls, a few seconds in Premiere even at
 * tens of milliseconds each, well inside a call's 30 s base timeout.
 */
export const KEYS_PER_CALL = 100;

export interface KeyBatchHost {
  replaceScore(req: PlaceScoreRequest): Promise<PlaceScoreResult>;
  /** Absent (an older host): every key goes with the placement, as before. */
  addScoreKeys?(req: AddScoreKeysRequest): Promise<AddScoreKeysResult>;
}

export interface KeyBatch {
  ducking: DuckKeyRequest[];
  editorKeys: DuckKeyRequest[];
}

/**
 * The request's keys in write order (ducking, then the editor's keys, which win at the same tick),
 * cut into batches of `size`. A batch keeps that order: its ducking keys all come before its editor keys.
 */
export function keyBatches(req: Pick<PlaceScoreRequest, 'ducking' | 'editorKeys'>, size = KEYS_PER_CALL): KeyBatch[] {
  const all = [...req.ducking.map((k) => ({ k, editor: false })), ...(req.editorKeys ?? []).map((k) => ({ k, editor: true }))];
  const out: KeyBatch[] = [];
  for (let i = 0; i < all.length || out.length === 0; i += Math.max(1, size)) {
    const part = all.slice(i, i + Math.max(1, size));
    out.push({ ducking: part.filter((p) => !p.editor).map((p) => p.k), editorKeys: part.filter((p) => p.editor).map((p) => p.k) });
  }
  return out;
}

export interface BatchedPlaceOptions {
  /** Records the placed render (renders.json); called once, as soon as the clip is placed. */
  record: (placed: PlaceScoreResult) => Promise<void>;
  /** After a timeout: the whole result once Premiere has finished every batch, or the refusal that stopped it. */
  onLate: (outcome: PlaceScoreResult | HostError) => void;
  /** Keys handed to Premiere so far, of all. */
  onProgress?: (written: number, total: number) => void;
  keysPerCall?: number;
}

/** replaceScore with the first batch of keys, then addScoreKeys for the rest. */
export async function replaceScoreInBatches(host: KeyBatchHost, req: PlaceScoreRequest, options: BatchedPlaceOptions): Promise<PlaceScoreResult> {
  const batches = host.addScoreKeys ? keyBatches(req, options.keysPerCall) : [{ ducking: req.ducking, editorKeys: req.editorKeys ?? [] }];
  const total = batches.reduce((n, b) => n + b.ducking.length + b.editorKeys.length, 0);
  const first: PlaceScoreRequest = { ...req, ducking: batches[0].ducking };
  delete first.editorKeys;
  if (batches[0].editorKeys.length) first.editorKeys = batches[0].editorKeys;
  if (batches.length > 1) first.moreKeys = true;

  let sent = 0;
  const progress = (b: KeyBatch) => {
    sent += b.ducking.length + b.editorKeys.length;
    options.onProgress?.(sent, total);
  };
  // Batches 1.. onto the placed clip; a timeout hands the rest to the background and rethrows.
  const rest = async (placed: PlaceScoreResult, from: number, background: boolean): Promise<PlaceScoreResult> => {
    const keyframes = [...placed.keyframes];
    for (let i = from; i < batches.length; i++) {
      const b = batches[i];
      const call: AddScoreKeysRequest = { wavPath: req.wavPath, startTicks: placed.clip.start, ducking: b.ducking };
      if (b.editorKeys.length) call.editorKeys = b.editorKeys;
      if (i < batches.length - 1) call.moreKeys = true;
      let r: AddScoreKeysResult;
      try {
        r = await (host.addScoreKeys as NonNullable<KeyBatchHost['addScoreKeys']>)(call);
      } catch (err) {
        // Already in the background: Premiere is still at it, so wait for its answer.
        if (background && err instanceof HostTimeoutError) r = (await err.late) as AddScoreKeysResult;
        else if (err instanceof HostTimeoutError) {
          const sofar = { ...placed, keyframes };
          void (err.late as Promise<AddScoreKeysResult>).then(
            (late) => finishLate({ ...sofar, keyframes: [...keyframes, ...late.keyframes] }, i + 1, b),
            (e: unknown) => options.onLate(asHostError(e)),
          );
          throw err;
        } else throw err;
      }
      keyframes.push(...r.keyframes);
      progress(b);
    }
    return { ...placed, keyframes };
  };
  const finishLate = (placed: PlaceScoreResult, from: number, answered: KeyBatch | null) => {
    if (answered) progress(answered);
    rest(placed, from, true).then(options.onLate, (e: unknown) => options.onLate(asHostError(e)));
  };

  const placed = await placeThenRecord(
    () => host.replaceScore(first),
    options.record,
    (late) => (late instanceof HostError || late.alreadyPlaced ? options.onLate(late) : finishLate(late, 1, batches[0])),
  );
  progress(batches[0]);
  if (placed.alreadyPlaced) return placed;
  return rest(placed, 1, false);
}

function asHostError(e: unknown): HostError {
  return e instanceof HostError ? e : new HostError('INTERNAL', e instanceof Error ? e.message : String(e));
}
