/**
 * The CLI's sound bank: the installed default, another SF2/SF3 file, or none. A default bank that
 * is missing or broken is a stated fallback (a warning, then the synth palette), never a crash; a
 * bank the user named that cannot be used is bad input (exit 2).
 */
import * as path from 'node:path';
import { InputError } from '../timeline/model';
import { loadSoundBank, SoundBankError } from '../io/bank';
import type { SamplerBank } from '../sampler/bank';
import type { RenderRecord } from '../regen';

export async function cliSoundBank(flag: string | undefined, cwd: string, warn: (line: string) => void): Promise<SamplerBank | undefined> {
  // CUEBED_SOUND_BANK stands in for --sound-bank when it is not given
  const option = flag ?? (process.env.CUEBED_SOUND_BANK || undefined);
  if (option === 'none') return undefined;
  try {
    return await loadSoundBank(option === undefined ? {} : { file: path.resolve(cwd, option) });
  } catch (err) {
    if (!(err instanceof SoundBankError)) throw err;
    if (option !== undefined) throw new InputError(`--sound-bank: ${err.message}`);
    warn(`cuebed: warning: ${err.message}; rendering with the synth palette instead\n`);
    return undefined;
  }
}

/**
 * Regeneration plays the sampled instruments on the bank the previous render used (render.json),
 * so re-rendered sections sound like the kept ones; a different or missing bank is said.
 */
export async function regenSoundBank(record: RenderRecord | undefined, warn: (line: string) => void): Promise<SamplerBank | undefined> {
  const used = record?.options.soundBank;
  if (!used) return undefined;
  const bank = await cliSoundBank(undefined, '.', warn).catch((e: unknown) => {
    if (!(e instanceof InputError)) throw e;
    warn(`cuebed: warning: ${e.message}\n`);
    return undefined;
  });
  if (!bank) warn(`cuebed: warning: the previous render played sampled instruments on ${used.name}; the re-rendered sections use the synth palette\n`);
  else if (bank.hash !== used.sha256) warn(`cuebed: warning: the previous render used another version of ${used.name} (sha256 ${used.sha256.slice(0, 12)}…): re-rendered sections may sound different\n`);
  return bank;
}
