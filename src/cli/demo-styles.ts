/**
 * `cuebed score --demo-styles --out DIR`: the listening aid for reviewers. Renders the bundled
 * demo once per preset into DIR/<preset>/ (score.wav, plan.svg, spectrogram.png), so a reader can
 * see sections, stinger hits and ducking for every style without listening.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeWav } from '../audio';
import { writeFilesAtomically } from '../io/files';
import { PRESETS } from '../plan/presets';
import { renderSpectrogramPng } from '../report/spectrogram';
import { scoreTimeline } from '../score';
import { readTimelineFile } from '../timeline';
import type { CliIo } from './main';

const DEMO = path.resolve(__dirname, '..', '..', 'demo', 'demo-sequence.xml');

export function runDemoStyles(argv: string[], io: CliIo): number {
  let out: string | null = null;
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i] ?? null;
    else if (argv[i] === '--seed') seed = Number(argv[++i]);
  }
  if (!out) {
    io.stderr('cuebed: --demo-styles needs --out DIR\n');
    return 2;
  }
  if (!Number.isInteger(seed)) {
    io.stderr('cuebed: --seed must be an integer\n');
    return 2;
  }
  const dir = path.resolve(io.cwd, out);
  const timeline = readTimelineFile(fs.readFileSync(DEMO, 'utf8'), 'demo-sequence.xml');
  for (const preset of Object.keys(PRESETS)) {
    const r = scoreTimeline(timeline, { brief: '', preset, seed, sampleRate: 48000, bitDepth: 24, stingers: 'scenes' });
    const wav = decodeWav(r.files.get('score.wav') as Uint8Array);
    const png = renderSpectrogramPng(wav.channels, wav.sampleRate, {
      sections: r.plan.sections.map((s) => s.startSample),
      hits: r.plan.stingers.map((s) => s.hitSample),
      ducks: r.plan.dialogue.map((d) => [d.startSample, d.endSample] as [number, number]),
    });
    const files = new Map<string, Uint8Array>([
      ['score.wav', r.files.get('score.wav') as Uint8Array],
      ['plan.svg', r.files.get('plan.svg') as Uint8Array],
      ['spectrogram.png', png],
    ]);
    writeFilesAtomically(path.join(dir, preset), files);
    io.stdout(`${path.join(out, preset)}: ${r.plan.preset} ${r.plan.style}, ${r.integratedLufs.toFixed(1)} LUFS, ${r.truePeakDb.toFixed(1)} dBTP, ${r.plan.sections.length} sections, ${r.plan.stingers.length} stingers\n`);
  }
  return 0;
}
