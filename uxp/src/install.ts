/**
 * Runs before the shared panel page (panel/src/main.ts) boots: gives it the small CSInterface
 * surface it expects (`window.__adobe_cep__`), answered by the UXP host adapter instead of
 * ExtendScript. The page, its markup and all of src/panel are reused unchanged; the scripts it
 * sends (`$.cuebed.<fn>("<json>")`) are dispatched by src/host/uxp/dispatch.ts.
 */
import type { premierepro } from '@adobe/premierepro';
import { createUxpAdapter, uxpEvalScript } from '../../src/host/uxp';

declare const require: (id: string) => unknown;

const ppro = require('premierepro') as premierepro;
// The official module type is assignable to the adapter's surface (proved in src/host/uxp/surface.ts).
const adapter = createUxpAdapter(ppro, { windows: typeof navigator !== 'undefined' && /win/i.test(navigator.platform) });

interface CepShim {
  evalScript(script: string, callback?: (result: string) => void): void;
  getHostEnvironment(): Record<string, unknown>;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  getSystemPath(type: string): string;
}

(window as unknown as { __adobe_cep__: CepShim; cuebedHost: typeof adapter }).__adobe_cep__ = {
  evalScript: uxpEvalScript(adapter),
  getHostEnvironment: () => ({ appName: 'PPRO', platform: 'uxp' }),
  // Theme events are CEP's; the UXP panel follows Spectrum's CSS variables instead.
  addEventListener: () => undefined,
  // Renders go next to the project (the page prefers the project folder); no Documents fallback here.
  getSystemPath: () => '',
};
(window as unknown as { cuebedHost: typeof adapter }).cuebedHost = adapter;
