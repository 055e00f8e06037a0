/**
 * The small part of CEP's CSInterface the panel uses, typed here and implemented directly over
 * the native `window.__adobe_cep__` object (Adobe's CSInterface.js carries its own licence; the
 * panel needs only these few calls). Tests provide a stand-in `__adobe_cep__`.
 */

import type { CSEvent, CSInterfaceLike, HostEnvironment } from '../../src/panel/csinterface';

export * from '../../src/panel/csinterface';

/** The native object CEP injects into the panel's window. */
export interface AdobeCepNative {
  evalScript(script: string, callback?: (result: string) => void): void;
  getHostEnvironment(): string | HostEnvironment;
  addEventListener(type: string, listener: (event: CSEvent) => void, obj?: unknown): void;
  getSystemPath(type: string): string;
  registerKeyEventsInterest?(keyEventsInterest: string): void;
}

declare global {
  interface Window {
    __adobe_cep__?: AdobeCepNative;
  }
}

/** CSInterface over the native object, or null outside CEP. */
export function createCSInterface(w: Window = window): CSInterfaceLike | null {
  const cep = w.__adobe_cep__;
  if (!cep) return null;
  return {
    evalScript(script, callback) {
      cep.evalScript(script, callback);
    },
    getHostEnvironment() {
      // Premiere 26 was reported to hand back an object, earlier versions a JSON string (reference §2.7).
      const env = cep.getHostEnvironment();
      if (typeof env !== 'string') return env ?? {};
      try {
        return JSON.parse(env) as HostEnvironment;
      } catch {
        return {};
      }
    },
    addEventListener(type, listener) {
      cep.addEventListener(type, (event: CSEvent) => {
        // Since CEP 6.1 JSON data arrives parsed; older hosts give a string.
        if (typeof event?.data === 'string') {
          try {
            listener({ ...event, data: JSON.parse(event.data) });
            return;
          } catch {
            /* keep the string */
          }
        }
        listener(event);
      });
    },
    registerKeyEventsInterest(keys) {
      cep.registerKeyEventsInterest?.(keys);
    },
    getSystemPath(type) {
      let p = '';
      try {
        p = decodeURI(String(cep.getSystemPath(type) ?? ''));
      } catch {
        p = String(cep.getSystemPath(type) ?? '');
      }
      // CSInterface strips the file: scheme; Windows paths come as file:///C:/…
      if (p.startsWith('file:///')) p = /^file:\/\/\/[A-Za-z]:/.test(p) ? p.slice(8) : p.slice(7);
      else if (p.startsWith('file://')) p = p.slice(7);
      return p;
    },
  };
}
