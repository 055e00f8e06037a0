/**
 * Panel → host bridge for the CEP/ExtendScript adapter. Pure: it builds the script text handed to
 * CSInterface.evalScript and reads the JSON envelope back; the evalScript function is injected.
 *
 * - The argument is passed as a JSON string literal spliced into the script (bolt-cep's pattern,
 *   reference §2.7): `$.cuebed.placeScore("{\"wavPath\":...}")`. U+2028/U+2029 are escaped because
 *   ES3 string literals cannot hold them raw (reference §6 item 9).
 * - evalScript is async and string-only; exceptions come back as "EvalScript error." and no
 *   result as "undefined" (reference §6 item 8): both become HostError('BRIDGE').
 */
import type { HostSnapshot } from '../timeline/snapshot';
import {
  AddScoreKeysRequest,
  AddScoreKeysResult,
  HostAdapter,
  HostEnvelope,
  HostError,
  HostErrorCode,
  HostFunction,
  PlaceScoreRequest,
  PlaceScoreResult,
  PlaceStingersRequest,
  PlaceStingersResult,
  ScoreKeysRequest,
  ScoreKeysResult,
} from './adapter';

/** `(script, callback)` as CSInterface.evalScript has it. */
export type EvalScript = (script: string, callback: (result: unknown) => void) => void;

/** A JS string literal safe in ES3 source. */
export function es3StringLiteral(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The script text that calls `$.cuebed.<fn>(<JSON of arg, as a string literal>)`. */
export function hostCallScript(fn: HostFunction, arg: unknown = {}): string {
  return `$.cuebed.${fn}(${es3StringLiteral(JSON.stringify(arg))})`;
}

const CODES: readonly HostErrorCode[] = [
  'NO_PROJECT',
  'NO_SEQUENCE',
  'EMPTY_SEQUENCE',
  'IMPORT_FAILED',
  'TRACK_LOCKED',
  'NO_TRACK',
  'PLACE_FAILED',
  'KEYFRAMES_FAILED',
  'BAD_REQUEST',
  'INTERNAL',
  'BRIDGE',
];

/** Reads what evalScript handed back; anything that is not an envelope is a BRIDGE error envelope. */
export function parseEnvelope<T>(result: unknown, fn: string): HostEnvelope<T> {
  const bridge = (message: string): HostEnvelope<T> => ({ ok: false, error: { code: 'BRIDGE', message: `${fn}: ${message}` } });
  if (typeof result !== 'string') return bridge(`the host returned ${typeof result}, not JSON text (is cuebed.jsx loaded?)`);
  if (result === 'EvalScript error.') return bridge('the host script raised an error (EvalScript error.)');
  if (result === 'undefined' || result === '') return bridge('the host returned nothing (is cuebed.jsx loaded?)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(result);
  } catch {
    return bridge(`the host returned text that is not JSON: ${result.slice(0, 80)}`);
  }
  if (typeof parsed !== 'object' || parsed === null) return bridge('the host returned JSON that is not an envelope');
  const env = parsed as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (env.ok === true) return { ok: true, data: env.data as T };
  if (env.ok === false && env.error && typeof env.error.message === 'string') {
    const code = (CODES as readonly unknown[]).includes(env.error.code) ? (env.error.code as HostErrorCode) : 'INTERNAL';
    return { ok: false, error: { code, message: env.error.message } };
  }
  return bridge('the host returned JSON that is not an envelope');
}

/** The CEP/ExtendScript HostAdapter over an injected evalScript. */
export function createCepAdapter(evalScript: EvalScript): HostAdapter {
  const call = <T>(fn: HostFunction, arg?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      evalScript(hostCallScript(fn, arg ?? {}), (result) => {
        const env = parseEnvelope<T>(result, fn);
        if (env.ok) resolve(env.data);
        else reject(new HostError(env.error.code, env.error.message));
      });
    });
  return {
    kind: 'cep',
    snapshot: () => call<HostSnapshot>('snapshot'),
    placeScore: (req: PlaceScoreRequest) => call<PlaceScoreResult>('placeScore', req),
    placeStingers: (req: PlaceStingersRequest) => call<PlaceStingersResult>('placeStingers', req),
    replaceScore: (req: PlaceScoreRequest) => call<PlaceScoreResult>('replaceScore', req),
    scoreKeys: (req: ScoreKeysRequest) => call<ScoreKeysResult>('scoreKeys', req),
    addScoreKeys: (req: AddScoreKeysRequest) => call<AddScoreKeysResult>('addScoreKeys', req),
  };
}
