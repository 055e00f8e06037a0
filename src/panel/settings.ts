/**
 * Panel settings: defaults, validation and the mapping onto the core's ScoreOptions. Pure.
 */
import { PRESETS } from '../plan/presets';
import type { Style } from '../plan/types';
import type { ScoreOptions } from '../score';
import type { PanelSettings, StingerTarget } from './types';

export const STYLES: readonly Style[] = ['underscore', 'bed', 'thematic', 'ambient'];
export const PRESET_NAMES: readonly string[] = Object.keys(PRESETS);

export const BRIEF_PLACEHOLDER =
  'e.g. bright, forward-moving music for a 90-second product video, no vocals, builds in the final 20 seconds';

export const DEFAULT_SETTINGS: PanelSettings = {
  brief: '',
  preset: '',
  style: '',
  seed: 1,
  duckDb: -12,
  targetLufs: -18,
  stems: false,
  bitDepth: 24,
};

export const DUCK_RANGE: readonly [number, number] = [-40, 0];
export const LUFS_RANGE: readonly [number, number] = [-36, -8];
export const SEED_MAX = 2 ** 31 - 1;

/** Longest scored range the panel accepts: a 60-minute stereo bed is ~1.4 GB of float samples. */
export const MAX_SCORE_SECONDS = 60 * 60;

/** Problems with the settings, one line each, for the field that is wrong; [] when fine. */
export function validateSettings(s: PanelSettings): Array<{ field: keyof PanelSettings; message: string }> {
  const out: Array<{ field: keyof PanelSettings; message: string }> = [];
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > SEED_MAX) out.push({ field: 'seed', message: `Seed must be a whole number from 0 to ${SEED_MAX}.` });
  if (!(s.duckDb >= DUCK_RANGE[0] && s.duckDb <= DUCK_RANGE[1])) out.push({ field: 'duckDb', message: `Duck depth must be between ${DUCK_RANGE[0]} and ${DUCK_RANGE[1]} dB.` });
  if (!(s.targetLufs >= LUFS_RANGE[0] && s.targetLufs <= LUFS_RANGE[1])) out.push({ field: 'targetLufs', message: `Target loudness must be between ${LUFS_RANGE[0]} and ${LUFS_RANGE[1]} LUFS.` });
  if (s.preset !== '' && !PRESET_NAMES.includes(s.preset)) out.push({ field: 'preset', message: `Unknown preset "${s.preset}".` });
  if (s.style !== '' && !STYLES.includes(s.style)) out.push({ field: 'style', message: `Unknown style "${s.style}".` });
  return out;
}

/** A new seed from the current one (deterministic, never the same, stays in range). */
export function varySeed(seed: number): number {
  // One step of a 31-bit LCG (Park–Miller), so "vary" walks through well-spread seeds.
  const next = (Math.max(1, Math.floor(Math.abs(seed)) % SEED_MAX) * 48271) % SEED_MAX;
  return next === seed ? (next + 1) % SEED_MAX : next;
}

/** The core's options for a score render. */
export function toScoreOptions(s: PanelSettings, sampleRate: number, stingers: ScoreOptions['stingers'] = 'none'): ScoreOptions {
  return {
    brief: s.brief.trim(),
    preset: s.preset || undefined,
    style: s.style || undefined,
    seed: s.seed,
    sampleRate,
    bitDepth: s.bitDepth,
    targetLufs: s.targetLufs,
    duckDb: s.duckDb,
    stems: s.stems,
    stingers,
  };
}

/** A supported output rate: the sequence's own when it is one, else 48 kHz. */
export function outputSampleRate(sequenceRate: number | undefined): number {
  return sequenceRate !== undefined && [44100, 48000, 96000].includes(sequenceRate) ? sequenceRate : 48000;
}

export const STINGER_TARGET_LABELS: Record<StingerTarget, string> = {
  playhead: 'at the cut under the playhead',
  markers: 'at markers',
  scenes: 'at every scene change',
};
