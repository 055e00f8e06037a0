/**
 * `cuebed score --demo-styles --out DIR [--seed N] [--sound-bank FILE|none]`: the listening aid
 * for reviewers. Renders the bundled demo once per palette (src/music/palette.ts PALETTE_DEMOS)
 * into DIR/<palette>/ (score.wav, plan.svg, spectrogram.png) through the sound bank, and prints
 * for each the palette chosen and its mix figures beside produced music's range (issue 13), so a
 * reader can see sections, hits and ducking, and hear every palette, in one command.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeWav } from '../audio';
import { writeFilesAtomically } from '../io/files';
import { choosePalette, describePalette, PALETTE_DEMOS, PALETTES } from '../music/palette';
import { analyseMix, formatFigures, missedTargets } from '../report/mix-analysis';
import { renderSpectrogramPng } from '../report/spectrogram';
import { scoreTimeline } from '../score';
import { readTimelineFile } from '../timeline';
import { cliSoundBank } from './bank';
import type { CliIo } from './main';

const DEMO = path.resolve(__dirname, '..', '..', 'demo', 'demo-sequence.xml');

export async function runDemoStyles(argv: string[], io: CliIo): Promise<number> {
  let out: string | null = null;
  let seed = 1;
  let bankFlag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i] ?? null;
    else if (argv[i] === '--seed') seed = Number(argv[++i]);
    else if (argv[i] === '--sound-bank') bankFlag = argv[++i];
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
  const sampler = await cliSoundBank(bankFlag, io.cwd, io.stderr);
  const timeline = readTimelineFile(fs.readFileSync(DEMO, 'utf8'), 'demo-sequence.xml');
  for (const name of PALETTES) {
    const { preset, brief } = PALETTE_DEMOS[name];
    const r = scoreTimeline(timeline, { brief, preset, seed, sampleRate: 48000, bitDepth: 24, stingers: 'scenes', sampler });
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
    writeFilesAtomically(path.join(dir, name), files);
    const figures = analyseMix(wav.channels[0], wav.channels[1], wav.sampleRate);
    const missed = missedTargets(figures);
    io.stdout(`${path.join(out, name)}: ${r.plan.preset} ${r.plan.style}${brief ? ` "${brief}"` : ''}, ${r.integratedLufs.toFixed(1)} LUFS, ${r.truePeakDb.toFixed(1)} dBTP, ${r.plan.sections.length} sections, ${r.plan.stingers.length} stingers\n`);
    io.stdout(`  palette ${describePalette(choosePalette(r.plan.preset, r.plan.style, r.plan.brief))}${sampler ? '' : ' (synth stand-ins: no sound bank)'}\n`);
    io.stdout(`  mix: ${formatFigures(figures)}; ${missed.length === 0 ? 'inside produced music\'s range' : `outside produced music's range: ${missed.join(', ')}`}\n`);
  }
  return 0;
}
