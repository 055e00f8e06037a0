/**
 * Lets the CEP panel page run unchanged on a UXP adapter: an `evalScript(script, callback)` that
 * understands exactly the scripts the panel sends (src/host/bridge.ts hostCallScript:
 * `$.cuebed.<fn>("<JSON>")`, and src/panel/bridge.ts PROJECT_PATH_SCRIPT and ACTIVE_SEQUENCE_SCRIPT) and answers with the
 * same `{ok,data}|{ok,error}` envelope text cuebed.jsx returns. The UXP panel entry installs it as
 * `window.__adobe_cep__.evalScript`; the browser test can route the page through it the same way.
 */
import { HostError } from '../adapter';
import { ACTIVE_SEQUENCE_SCRIPT, PROJECT_PATH_SCRIPT } from '../../panel/bridge';
import type { UxpHostAdapter } from './adapter';

const CALL = /^\$\.cuebed\.(snapshot|placeScore|replaceScore|placeStingers|scoreKeys|addScoreKeys|transcripts|ping)\(("(?:[^"\\]|\\.)*")?\)$/;

export const UXP_HOST_VERSION = '0.1.0';

function envelope(p: Promise<unknown>): Promise<string> {
  return p.then(
    (data) => JSON.stringify({ ok: true, data }),
    (e: unknown) =>
      JSON.stringify({
        ok: false,
        error: e instanceof HostError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: `Premiere raised: ${e instanceof Error ? e.message : String(e)}` },
      }),
  );
}

/** The envelope text for one panel script ("EvalScript error." for anything else, as CEP does). */
export function dispatchScript(adapter: UxpHostAdapter, script: string): Promise<string> {
  const text = script.trim();
  // Routed by the whole script, never by a substring: a placeScore whose wavPath (or any other
  // argument) contains "app.project.path" is a placeScore call, not a project-path query.
  if (text === PROJECT_PATH_SCRIPT) return envelope(adapter.projectPath());
  if (text === ACTIVE_SEQUENCE_SCRIPT) return envelope(adapter.activeSequence());
  const m = CALL.exec(text);
  if (!m) return Promise.resolve('EvalScript error.');
  let arg: unknown = {};
  try {
    if (m[2] !== undefined) arg = JSON.parse(JSON.parse(m[2]) as string);
  } catch {
    return envelope(Promise.reject(new HostError('BAD_REQUEST', 'request is not valid JSON')));
  }
  switch (m[1]) {
    case 'snapshot':
      return envelope(adapter.snapshot());
    case 'placeScore':
      return envelope(adapter.placeScore(arg as never));
    case 'replaceScore':
      return envelope(adapter.replaceScore(arg as never));
    case 'placeStingers':
      return envelope(adapter.placeStingers(arg as never));
    case 'scoreKeys':
      return envelope(adapter.scoreKeys(arg as never));
    case 'addScoreKeys':
      return envelope(adapter.addScoreKeys(arg as never));
    case 'transcripts':
      return envelope(adapter.transcripts());
    default:
      return envelope(Promise.resolve({ version: UXP_HOST_VERSION }));
  }
}

/** CSInterface.evalScript's shape over the UXP adapter. */
export function uxpEvalScript(adapter: UxpHostAdapter): (script: string, callback?: (result: string) => void) => void {
  return (script, callback) => {
    void dispatchScript(adapter, script).then((r) => callback?.(r));
  };
}
