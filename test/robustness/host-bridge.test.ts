/**
 * Issue 16, point 11: the UXP evalScript dispatcher routes by the call, never by a substring of
 * the script. A placeScore whose arguments contain "app.project.path" or
 * "app.project.activeSequence" is a placeScore (placed, or refused as placeScore), not a
 * project query answered with success.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planToPlaceRequest } from '../../src/host/levels';
import { createUxpAdapter, dispatchScript } from '../../src/host/uxp';
import { hostCallScript, parseEnvelope } from '../../src/host/bridge';
import { ACTIVE_SEQUENCE_SCRIPT, PROJECT_PATH_SCRIPT } from '../../src/panel/bridge';
import { samplesToTicks } from '../../src/time';
import { readFcp7Xml } from '../../src/timeline';
import { fakePlan } from '../host/plan';
import { OWN_FIXTURES } from '../paths';
import { UxpEmulator } from '../uxp/emulator';

function setup() {
  const emu = new UxpEmulator();
  emu.loadSequence(readFcp7Xml(fs.readFileSync(path.join(OWN_FIXTURES, 'speech', 'interview.xml'), 'utf8'), 'interview.xml'));
  const plan = fakePlan({ rate: { num: 25, den: 1 }, startTicks: 0, durationSeconds: 10, ducking: [{ seconds: 0, gainDb: 0 }] });
  const len = samplesToTicks(plan.sequence.durationSamples, 48000);
  const adapter = createUxpAdapter(emu.ppro, { fileExists: async (p) => emu.files.has(p) });
  return { emu, adapter, plan, len };
}

describe('UXP dispatcher routes by call name', () => {
  for (const marker of ['app.project.path', 'app.project.activeSequence']) {
    it(`a placeScore whose wavPath contains "${marker}" is a placeScore`, async () => {
      const { emu, adapter, plan, len } = setup();
      const wav = `/renders/${marker}/score.wav`;
      const missing = parseEnvelope(await dispatchScript(adapter, hostCallScript('placeScore', planToPlaceRequest(plan, wav, 'Score'))), 'placeScore');
      expect(!missing.ok && missing.error.code).toBe('IMPORT_FAILED');
      emu.addFile(wav, len);
      const placed = parseEnvelope<{ trackName: string }>(await dispatchScript(adapter, hostCallScript('placeScore', planToPlaceRequest(plan, wav, 'Score'))), 'placeScore');
      expect(placed.ok && placed.data.trackName).toBe('Cuebed');
    });
  }

  it('the two query scripts are answered only when sent whole', async () => {
    const { emu, adapter } = setup();
    expect(parseEnvelope<string>(await dispatchScript(adapter, PROJECT_PATH_SCRIPT), 'projectPath')).toEqual({ ok: true, data: emu.project!.path });
    expect(await dispatchScript(adapter, `alert(1);${PROJECT_PATH_SCRIPT}`)).toBe('EvalScript error.');
    expect(await dispatchScript(adapter, 'app.project.path')).toBe('EvalScript error.');
    expect(await dispatchScript(adapter, `${ACTIVE_SEQUENCE_SCRIPT};app.quit()`)).toBe('EvalScript error.');
  });

  it('fuzz: any argument text round-trips to its own call (never a query answer, never a throw)', async () => {
    const { adapter } = setup();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), fc.constantFrom('app.project.path', 'app.project.activeSequence', '")', '\\', '\u2028'), async (s, inject) => {
        const arg = { wavPath: `/x/${s}${inject}${s}.wav`, note: inject };
        const text = await dispatchScript(adapter, hostCallScript('scoreKeys', arg));
        const env = parseEnvelope(text, 'scoreKeys');
        // scoreKeys with a bad request is refused by scoreKeys itself; a query answer would be ok:true with a string
        if (env.ok) expect(typeof env.data).not.toBe('string');
      }),
      { numRuns: 100, seed: 16 },
    );
  });
});
