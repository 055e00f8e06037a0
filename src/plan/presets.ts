import type { Mode, Style } from './types';

/**
 * Use-case presets. Loudness targets follow where the music ends up: social feeds are played on
 * phones next to loud content (-16 LUFS, the common streaming/podcast delivery level); corporate
 * and documentary beds sit under speech in a -23/-24 LUFS programme mix, so the raw bed is
 * delivered at -18 to leave the mixer headroom; e-learning music is a bed under continuous
 * narration and is delivered at -20. Trailers are mixed hot (-14).
 */
export interface Preset {
  name: string;
  /** Allowed tempo range in bpm (inclusive). */
  tempo: [number, number];
  style: Style;
  targetLufs: number;
  /** Section length bounds in seconds: shorter feels restless, longer feels static. */
  sectionSec: [number, number];
  palette: PaletteVoice[];
  mode: Mode;
  /** Baseline energy before the brief and the picture adjust it. */
  energy: number;
  stinger: 'impact' | 'riser' | 'reverse-swell' | 'tonal-hit' | 'whoosh';
}

export type PaletteVoice = 'pad' | 'bass' | 'pluck' | 'keys' | 'lead' | 'drums' | 'texture';

export const PRESETS: Record<string, Preset> = {
  corporate: {
    name: 'corporate', tempo: [96, 124], style: 'underscore', targetLufs: -18, sectionSec: [6, 24],
    palette: ['pad', 'bass', 'pluck', 'keys', 'lead', 'drums'], mode: 'major', energy: 0.5, stinger: 'tonal-hit',
  },
  documentary: {
    name: 'documentary', tempo: [72, 96], style: 'underscore', targetLufs: -18, sectionSec: [8, 32],
    palette: ['pad', 'bass', 'keys', 'lead', 'texture', 'drums'], mode: 'dorian', energy: 0.35, stinger: 'reverse-swell',
  },
  social: {
    name: 'social', tempo: [110, 132], style: 'bed', targetLufs: -16, sectionSec: [4, 16],
    palette: ['pad', 'bass', 'pluck', 'lead', 'drums'], mode: 'major', energy: 0.65, stinger: 'whoosh',
  },
  'e-learning': {
    name: 'e-learning', tempo: [84, 104], style: 'bed', targetLufs: -20, sectionSec: [8, 32],
    palette: ['pad', 'bass', 'pluck', 'keys'], mode: 'major', energy: 0.35, stinger: 'tonal-hit',
  },
  trailer: {
    name: 'trailer', tempo: [120, 140], style: 'thematic', targetLufs: -14, sectionSec: [4, 20],
    palette: ['pad', 'bass', 'pluck', 'lead', 'drums', 'texture'], mode: 'aeolian', energy: 0.7, stinger: 'impact',
  },
  'ai-film': {
    name: 'ai-film', tempo: [70, 110], style: 'thematic', targetLufs: -18, sectionSec: [6, 28],
    palette: ['pad', 'bass', 'keys', 'lead', 'texture', 'drums'], mode: 'dorian', energy: 0.45, stinger: 'riser',
  },
};

export const DEFAULT_PRESET = 'corporate';

export function getPreset(name: string): Preset {
  // own keys only: "toString" or "__proto__" are not presets
  const preset = Object.prototype.hasOwnProperty.call(PRESETS, name) ? PRESETS[name] : undefined;
  if (!preset) throw new Error(`unknown preset "${name}"; choose one of ${Object.keys(PRESETS).join(', ')}`);
  return preset;
}
