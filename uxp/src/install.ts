/**
 * Runs before the shared panel page (panel/src/main.ts) boots: gives it the small CSInterface
 * surface it expects (`window.__adobe_cep__`), answered by the UXP host adapter instead of
 * ExtendScript, and a render service that runs in the panel itself (UXP has no Node and no worker
 * threads) over UXP's fs. The page, its markup and all of src/panel are reused unchanged; the
 * scripts it sends (`$.cuebed.<fn>("<json>")`) are dispatched by src/host/uxp/dispatch.ts.
 */
import type { premierepro } from '@adobe/premierepro';
import { createUxpAdapter, uxpEvalScript } from '../../src/host/uxp';
import { uxpJobOutput, uxpRenderStore, type UxpFs } from '../../src/io/uxp-output';
import { InProcessRenderService } from '../../src/panel/inprocess-service';
import { isWindowsHost, joinPath } from '../../src/panel/paths';
import { cssColor } from '../../src/panel/theme';
import { THEME_COLOR_CHANGED_EVENT } from '../../src/panel/csinterface';
import { fileUrl, type InstalledRenderService, type PanelRenderService } from '../../panel/src/render-services';

declare const require: (id: string) => unknown;

const ppro = require('premierepro') as premierepro;
const fs = require('fs') as UxpFs;
const os = require('os') as { homedir?: () => string; platform?: () => string };
const windows = isWindowsHost(os, typeof navigator !== 'undefined' ? navigator : undefined);
// The official module type is assignable to the adapter's surface (proved in src/host/uxp/surface.ts).
const adapter = createUxpAdapter(ppro, { windows });

/** The user's Documents folder: where renders go when the project is unsaved (as in CEP). */
function documentsFolder(): string {
  try {
    const home = typeof os.homedir === 'function' ? os.homedir() : '';
    return home ? joinPath(home, 'Documents') : '';
  } catch {
    return '';
  }
}

/** The preview plays a WAV of up to this size from memory; a longer one by its file URL. */
const PREVIEW_IN_MEMORY_BYTES = 256 << 20;

class UxpRenderService extends InProcessRenderService implements PanelRenderService {
  private blobUrl = '';
  /**
   * A blob URL of the WAV where the panel can make one: a UXP panel's media elements are not
   * guaranteed to read file: URLs (the page's own origin is the plugin folder).
   */
  mediaUrl(path: string): string {
    try {
      const size = fs.lstatSync(path).size;
      if (typeof URL.createObjectURL === 'function' && typeof size === 'number' && size <= PREVIEW_IN_MEMORY_BYTES) {
        if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
        this.blobUrl = URL.createObjectURL(new Blob([fs.readFileSync(path) as ArrayBuffer], { type: 'audio/wav' }));
        return this.blobUrl;
      }
    } catch {
      /* fall back to the file itself */
    }
    return fileUrl(path);
  }
}

interface CepShim {
  evalScript(script: string, callback?: (result: string) => void): void;
  getHostEnvironment(): Record<string, unknown>;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  getSystemPath(type: string): string;
}

const w = window as unknown as { __adobe_cep__: CepShim; cuebedHost: typeof adapter } & InstalledRenderService;
/** Premiere's skin as CEP's appSkinInfo, from the CSS variables UXP sets on the panel's document. */
function hostSkin(): Record<string, unknown> {
  const css = getComputedStyle(document.documentElement);
  const bg = cssColor(css.getPropertyValue('--uxp-host-background-color'));
  const size = parseFloat(css.getPropertyValue('--uxp-host-font-size'));
  return { ...(bg ? { panelBackgroundColor: { color: bg } } : {}), ...(size > 0 ? { baseFontSize: size } : {}) };
}

/** UXP's theme-change hook (`document.theme.onUpdated`), where this UXP version has one. */
function onThemeChange(listener: () => void): void {
  const theme = (document as unknown as { theme?: { onUpdated?: { addListener?: (l: () => void) => void } } }).theme;
  theme?.onUpdated?.addListener?.(listener);
}

w.__adobe_cep__ = {
  evalScript: uxpEvalScript(adapter),
  getHostEnvironment: () => ({ appName: 'PPRO', platform: 'uxp', appSkinInfo: hostSkin() }),
  addEventListener: (type, listener) => {
    if (type === THEME_COLOR_CHANGED_EVENT) onThemeChange(() => listener({ type }));
  },
  getSystemPath: (type) => (type === 'myDocuments' ? documentsFolder() : ''),
};
w.cuebedHost = adapter;
/**
 * The UXP plugin carries neither the sound bank (40 MB) nor its Vorbis decoder (spessasynth_core's
 * stb-vorbis WebAssembly; whether UXP's runtime can run it is untried): every render plays the
 * synth palette, and the panel says so with each one, never silently.
 */
const UXP_SOUND = async () => ({
  bank: null,
  why: 'the UXP plugin does not run the sound bank\'s Vorbis decoder yet, so this render plays the synth palette (the CEP panel and the cuebed command line play the sampled instruments)',
});
w.cuebedRenderService = new UxpRenderService(uxpJobOutput(fs), undefined, undefined, UXP_SOUND);
w.cuebedRenderStore = uxpRenderStore(fs);
