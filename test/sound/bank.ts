/**
 * The real sound bank for a test file: loaded once before its tests with the decoded samples cached
 * in a temporary folder of its own (removed afterwards), so no run shares or leaves a cache.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadSoundBank } from '../../src/io/bank';
import type { SamplerBank } from '../../src/sampler/bank';

/** Registers the hooks; the returned function gives the bank inside tests. */
export function useSoundBank(prefix: string): () => SamplerBank {
  let cacheDir = '';
  let bank: SamplerBank | undefined;
  beforeAll(async () => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    bank = await loadSoundBank({ cacheDir });
  }, 120000);
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
  return () => {
    if (!bank) throw new Error('the sound bank is loaded in beforeAll: use it inside a test');
    return bank;
  };
}
