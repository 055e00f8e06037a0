/**
 * A sampled palette on two threads: the worker's voice part plays the samples handed to it
 * (src/io/worker-bank.ts, shared memory, not copies) and the render is the same bytes as on one
 * thread, with and without stems. The workers run the compiled dist/, so without a build this
 * is skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArrangementRenderer } from '../../src/synth';
import { workerParts } from '../../src/io/render-worker';
import { compareChunks, stemsPasses } from '../audio/same-chunks';
import { bankForWorker } from '../../src/io/worker-bank';
import { splitEvents } from '../../src/synth/voice-part';
import type { NoteEvent } from '../../src/music/types';
import { arrangement, ev } from '../synth/fixtures';
import { useSoundBank } from './bank';
import { ROOT } from '../paths';

const BUILT = fs.existsSync(path.join(ROOT, 'dist', 'io', 'render-worker.js'));
const SR = 48000;

/** Piano, strings and a kit with chokes over 4 s: enough that both voice parts have notes. */
function sampledPiece(): NoteEvent[] {
  const out: NoteEvent[] = [];
  for (let t = 0, k = 0; t < 4 * SR; t += SR / 8, k++) {
    for (const m of [48, 55, 60, 64, 67, 72]) out.push(ev('pads', 'strings', t, SR, m + (k % 3), { velocity: 0.5 }));
    out.push(ev('keys', 'piano', t + 30, SR / 2, 72 + (k % 5), { velocity: 0.6 }));
    out.push(ev('percussion', k % 4 === 3 ? 'kit-hat-open' : 'kit-hat-closed', t + 11, SR / 8, 42));
  }
  return out;
}

describe.skipIf(!BUILT)(`a sampled palette on two threads${BUILT ? '' : ' (skipped: dist/ is not built)'}`, () => {
  const bank = useSoundBank('cuebed-worker-bank-');

  it('hands the worker only the samples its notes play, in shared memory', () => {
    const events = sampledPiece().filter((e) => e.instrument === 'piano');
    const b = bankForWorker(bank(), events, SR);
    expect(b.pcm.size).toBeGreaterThan(0);
    expect(b.pcm.size).toBeLessThan(bank().samples.length / 10);
    for (const p of b.pcm.values()) expect(p.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it.each([false, true])('renders the same bytes as one thread (stems: %s)', (stems) => {
    const arr = { ...arrangement(4, sampledPiece()), sampler: bank() };
    // both parts play: the one beside the mixer (with the kit) and the worker's
    for (const part of splitEvents(arr.events, SR)) expect(part.length).toBeGreaterThan(20);
    const parts = workerParts(arr, stems, 2)!;
    expect(parts).not.toBeNull();
    const [w, here] = stems ? stemsPasses(arr, parts) : [new ArrangementRenderer(arr, null, parts), new ArrangementRenderer(arr)];
    const { differ, energy } = compareChunks(w, here);
    expect(differ).toBe(0);
    expect(energy).toBeGreaterThan(1);
  });
});
