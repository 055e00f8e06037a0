/**
 * Issue 15 point 12: on a sync-sound timeline (audio tracks not named for dialogue) every audio
 * track counts as dialogue; when its media cannot be read the whole bed is ducked under the clips.
 * The plan now says so: which files could not be read and what was assumed; the panel shows it.
 */
import { describe, expect, it } from 'vitest';
import { createSpeechReader } from '../../src/io/media';
import { dialogueNote } from '../../src/panel/present';
import { planScore } from '../../src/plan';
import { ticksPerFrame } from '../../src/time';
import { buildTimeline, type SourceSequence } from '../../src/timeline';

const rate = { num: 25, den: 1 };
const f = ticksPerFrame(rate);

function syncSound(): SourceSequence {
  const shots = [0, 100, 200, 300].map((s, i) => ({ name: `shot ${i}`, start: s * f, end: (s + 100) * f, inPoint: 0, outPoint: 100 * f, mediaPath: `/cards/A00${i}.mov`, enabled: true, coverage: 'opaque' as const }));
  const sound = (track: number) => [0, 1, 2, 3].map((i) => ({ name: `A00${i}`, start: i * 100 * f, end: (i + 1) * 100 * f, inPoint: 0, outPoint: 100 * f, mediaPath: `/sound roll/T${track}_00${i}.wav`, enabled: true }));
  return {
    source: 'sync.xml', name: 'Sync sound', frameRate: rate, audioSampleRate: 48000, markers: [], warnings: [],
    tracks: [
      { kind: 'video', index: 1, name: 'Video 1', enabled: true, clips: shots },
      { kind: 'audio', index: 1, name: 'Audio 1', enabled: true, clips: sound(1) },
      { kind: 'audio', index: 2, name: 'Audio 2', enabled: true, clips: sound(2) },
    ],
  };
}

describe('dialogue media that cannot be read', () => {
  it('is named in a warning saying what was assumed, and the panel note repeats it', () => {
    const plan = planScore(buildTimeline(syncSound()), { brief: '', seed: 1, sampleRate: 48000, speech: createSpeechReader() });
    const w = plan.warnings.find((x) => /T1_000\.wav/.test(x));
    expect(w).toBeDefined();
    expect(w).toMatch(/8 dialogue media files/);
    expect(w).toMatch(/T2_003\.wav/);
    expect(w).toMatch(/A1, A2/);
    expect(w).toMatch(/whole length/);
    expect(w).toMatch(/--dialogue-tracks/);
    expect(plan.dialogue.every((d) => d.source.startsWith('clip:'))).toBe(true);
    const note = dialogueNote(plan);
    expect(note).toMatch(/T1_000\.wav/);
    expect(note).not.toMatch(/--dialogue-tracks/);
  });

  it('says nothing when speech is not read at all or every file was analysed', () => {
    const plan = planScore(buildTimeline(syncSound()), { brief: '', seed: 1, sampleRate: 48000 });
    expect(plan.warnings.some((x) => /dialogue media/.test(x))).toBe(false);
    const read = planScore(buildTimeline(syncSound()), { brief: '', seed: 1, sampleRate: 48000, speech: () => [[0, 25 * f]] });
    expect(read.warnings.some((x) => /dialogue media/.test(x))).toBe(false);
    expect(dialogueNote(read)).toBe('');
  });
});
