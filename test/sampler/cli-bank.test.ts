import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSoundBank } from '../../src/cli/bank';
import { InputError } from '../../src/timeline/model';
import { listFiles, runCli, tempDir } from '../cli/run';
import { OWN_FIXTURES } from '../paths';

/** Runs fn with CUEBED_SOUND_BANK unset (vitest.config sets it to none for the other CLI tests). */
async function withoutBankEnv<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.CUEBED_SOUND_BANK;
  delete process.env.CUEBED_SOUND_BANK;
  try {
    return await fn();
  } finally {
    if (saved !== undefined) process.env.CUEBED_SOUND_BANK = saved;
  }
}

describe('the sound bank on the command line', () => {
  it('a corrupt --sound-bank is bad input: exit 2, one line naming the file, nothing written', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'broken.sf2'), 'RIFF....sfbk not really');
    const r = await runCli(['score', '--sound-bank', 'broken.sf2', '--out', 'o', '--quiet'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--sound-bank: sound bank .*broken\.sf2 is not a usable SF2\/SF3 file/);
    expect(listFiles(cwd)).toEqual(['broken.sf2']);
  });

  it('a missing --sound-bank names the file; "none" renders with the synth palette', async () => {
    await expect(cliSoundBank('nowhere.sf3', tempDir(), () => {})).rejects.toThrow(InputError);
    await expect(cliSoundBank('none', tempDir(), () => {})).resolves.toBeUndefined();
  });

  it('the default bank is the installed MuseScore_General_Lite', async () => {
    const warnings: string[] = [];
    const bank = await withoutBankEnv(() => cliSoundBank(undefined, tempDir(), (l) => warnings.push(l)));
    expect(warnings).toEqual([]);
    expect(bank?.name).toBe('MuseScore_General_Lite');
    expect(bank?.credits).toMatch(/MIT/);
  });

  it('cuebed score with no options plays the sampled instruments and credits the bank', async () => {
    const cwd = tempDir();
    fs.copyFileSync(path.join(OWN_FIXTURES, 'xmeml', 'contract.xml'), path.join(cwd, 'short.xml'));
    const r = await withoutBankEnv(() => runCli(['score', 'short.xml', '--out', 'o', '--quiet', '--no-speech'], cwd));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const record = JSON.parse(fs.readFileSync(path.join(cwd, 'o', 'render.json'), 'utf8')) as { options: { soundBank?: { name: string; credits: string } } };
    expect(record.options.soundBank?.name).toBe('MuseScore_General_Lite');
    const wav = fs.readFileSync(path.join(cwd, 'o', 'score.wav')).toString('latin1');
    expect(wav).toMatch(/played on sampled instruments[^]*MuseScore_General_Lite v0\.2\.1 \(MIT/);
  });
});
