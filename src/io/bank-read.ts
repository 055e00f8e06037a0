/**
 * Reads a SoundFont (SF2/SF3) with spessasynth_core — the one file that imports it — into the
 * core's plain bank data (src/sampler/bank.ts): the GM presets the instruments name, flattened into
 * zones exactly as the library's own `getVoiceParameters` combines them (preset and instrument
 * global zones, preset generators added to instrument ones, attenuation × 0.4 as the library does,
 * modulators merged with the bank's defaults), and a decoder for one sample's PCM.
 *
 * spessasynth_core is ESM-only: it is loaded with a real `import()` (the build is module node16).
 */
import type { BasicPreset, BasicSoundBank, Modulator as ModulatorT } from 'spessasynth_core' with { 'resolution-mode': 'import' };
import { GENERATORS, type BankSample, type BankZone, type NoteMod } from '../sampler/bank';
import { GM } from '../sampler/gm';

type Spessa = typeof import('spessasynth_core', { with: { 'resolution-mode': 'import' } });

export interface ParsedBank {
  presets: Map<string, BankZone[]>;
  samples: BankSample[];
  /** Decodes one sample (Vorbis for SF3) to float PCM; throws when the decoder fails. */
  decode(index: number): Float32Array;
  /** The bank's own INFO text (name, engineer, copyright, comment). */
  info: { name: string; copyright: string; engineer: string; comment: string };
}

let spessa: Promise<Spessa> | null = null;
/** The library's warnings since the last decode: it reports a failed Vorbis decode only there. */
const warnings: string[] = [];

/** Loads the library once and waits for its Vorbis decoder (WASM) to be ready. */
export function loadSpessa(): Promise<Spessa> {
  spessa ??= import('spessasynth_core').then(async (m) => {
    // warnings are collected, not printed: a sample that fails to decode comes back as silence
    // with only a warning, and must not become a silent hole in a render
    m.SpessaLog.setLogLevel(false, true, false);
    m.SpessaLog.logFunctions = { ...m.SpessaLog.logFunctions, warn: (...parts: unknown[]) => { warnings.push(parts.map(String).join(' ')); } };
    await m.BasicSoundBank.isSF3DecoderReady;
    return m;
  });
  return spessa;
}

export async function parseBank(bytes: Uint8Array): Promise<ParsedBank> {
  const m = await loadSpessa();
  // the file's own buffer when it is the whole of it (a read of a large file is): a copy of the
  // 40 MB bank was left as garbage that a render thread's start need not free for a while
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const buf = whole ? (bytes.buffer as ArrayBuffer) : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sb = m.SoundBankLoader.fromArrayBuffer(buf);
  if (sb.presets.length === 0 || sb.samples.length === 0) throw new Error('it holds no presets or no samples');
  const index = new Map(sb.samples.map((s, i) => [s, i]));
  const samples: BankSample[] = sb.samples.map((s) => ({
    name: s.name, rate: s.sampleRate, originalKey: s.originalKey, pitchCorrection: s.pitchCorrection,
    loopStart: s.loopStart, loopEnd: s.loopEnd, linked: s.linkedSample ? index.get(s.linkedSample) ?? -1 : -1,
  }));
  const defaults = new Int16Array(GENERATORS);
  for (let i = 0; i < GENERATORS; i++) {
    const lim = (m.GeneratorLimits as Record<number, { def: number } | undefined>)[i];
    if (lim) defaults[i] = lim.def;
  }
  const presets = new Map<string, BankZone[]>();
  for (const gm of Object.values(GM)) {
    const key = `${gm.bank}:${gm.program}`;
    if (presets.has(key)) continue;
    const drum = gm.bank === 128;
    const p = sb.getPreset({ bankMSB: 0, bankLSB: 0, program: gm.program, isGMGSDrum: drum }, 'gs');
    // the library falls back to another preset when one is missing: that is still a usable sound
    presets.set(key, p ? flatten(m, sb, p, defaults, index) : []);
  }
  const info = sb.soundBankInfo as unknown as Record<string, unknown>;
  const text = (k: string): string => (typeof info[k] === 'string' ? (info[k] as string) : '');
  return {
    presets, samples,
    decode: (i) => {
      const s = sb.samples[i];
      if (!s) throw new Error(`no sample ${i}`);
      warnings.length = 0;
      const pcm = Float32Array.from(s.getAudioData());
      const failed = warnings.find((w) => /error decoding|no channels/i.test(w));
      if (failed) throw new Error(failed);
      return pcm;
    },
    info: { name: text('name'), copyright: text('copyright'), engineer: text('engineer'), comment: text('comment') },
  };
}

function flatten(m: Spessa, sb: BasicSoundBank, preset: BasicPreset, defaults: Int16Array, index: Map<unknown, number>): BankZone[] {
  const out: BankZone[] = [];
  const addUnique = (main: ModulatorT[], adder: ModulatorT[]): void => {
    for (const a of adder) if (!main.some((x) => m.Modulator.isIdentical(a, x))) main.push(a);
  };
  const pg = preset.globalZone;
  for (const pz of preset.zones) {
    const inst = pz.instrument;
    if (!inst || inst.zones.length === 0) continue;
    const pk = pz.hasKeyRange ? pz.keyRange : pg.keyRange;
    const pv = pz.hasVelRange ? pz.velRange : pg.velRange;
    const presetGens = new Int16Array(GENERATORS);
    for (const g of pg.generators) if (g.type < GENERATORS) presetGens[g.type] = g.value;
    for (const g of pz.generators) if (g.type < GENERATORS) presetGens[g.type] = g.value;
    const presetMods = [...pz.modulators];
    addUnique(presetMods, pg.modulators);
    const ig = inst.globalZone;
    for (const iz of inst.zones) {
      const ik = iz.hasKeyRange ? iz.keyRange : ig.keyRange;
      const iv = iz.hasVelRange ? iz.velRange : ig.velRange;
      const keyLo = Math.max(pk.min, ik.min, 0), keyHi = Math.min(pk.max, ik.max, 127);
      const velLo = Math.max(pv.min, iv.min, 0), velHi = Math.min(pv.max, iv.max, 127);
      if (keyLo > keyHi || velLo > velHi) continue;
      const mods = [...iz.modulators];
      addUnique(mods, ig.modulators);
      addUnique(mods, sb.defaultModulators);
      for (const pm of presetMods) {
        const at = mods.findIndex((x) => m.Modulator.isIdentical(pm, x));
        if (at === -1) mods.push(pm); else mods[at] = mods[at].sumTransform(pm);
      }
      const gens = new Int16Array(defaults);
      for (const g of ig.generators) if (g.type < GENERATORS) gens[g.type] = g.value;
      for (const g of iz.generators) if (g.type < GENERATORS) gens[g.type] = g.value;
      for (let i = 0; i < GENERATORS; i++) gens[i] = Math.max(-32768, Math.min(32767, gens[i] + presetGens[i]));
      gens[48] = Math.floor(gens[48] * 0.4);
      out.push({ keyLo, keyHi, velLo, velHi, sample: index.get(iz.sample) ?? 0, gens, mods: mods.map(noteMod).filter((x): x is NoteMod => x !== null) });
    }
  }
  return out;
}

/** Keeps the modulators a note-on can move (see src/sampler/bank.ts for which). */
function noteMod(mod: ModulatorT): NoteMod | null {
  if (mod.transformAmount === 0 || mod.destination < 0 || mod.destination >= GENERATORS) return null;
  return { src: mod.primarySource.toSourceEnum(), src2: mod.secondarySource.toSourceEnum(), dest: mod.destination, amount: mod.transformAmount, abs: mod.transformType === 2 };
}
