/**
 * The typed, promise-based panel → host bridge over CSInterface.evalScript. Script text and
 * envelope parsing are src/host/bridge.ts (arguments spliced in as JSON literals, U+2028/2029
 * escaped; `{ok,data}|{ok,error}` envelopes; "EvalScript error." as a BRIDGE error); this adds
 * timeouts and the few reads the panel needs beyond the HostAdapter.
 */
import { hostCallScript, parseEnvelope } from '../host/bridge';
import {
  HostError,
  type AddScoreKeysRequest,
  type AddScoreKeysResult,
  type HostAdapter,
  type HostFunction,
  type HostSnapshot,
  type PlaceScoreRequest,
  type PlaceScoreResult,
  type PlaceStingersRequest,
  type PlaceStingersResult,
  type ScoreKeysRequest,
  type ScoreKeysResult,
  type TranscriptsResult,
} from '../host/adapter';
import type { CSInterfaceLike } from './csinterface';

/**
 * The host did not answer within the timeout (a modal dialog in Premiere, a hung script, or a long
 * interview's keys still being written). Premiere keeps running the script: `late` settles with its
 * answer when one comes (the raw text from evalScriptAsync; the parsed data from HostBridge.call).
 */
export class HostTimeoutError extends HostError {
  override name = 'HostTimeoutError';
  late: Promise<unknown>;
  constructor(
    readonly fn: string,
    readonly ms: number,
    late: Promise<unknown> = new Promise(() => {}),
  ) {
    super('BRIDGE', `${fn} took longer than ${Math.round(ms / 1000)} s`);
    this.late = late;
    // Nobody may be listening for the late answer: an unobserved refusal must not crash the page.
    late.catch(() => {});
  }
}

export interface BridgeOptions {
  /** Per call, default 30 s (placing imports a file; snapshot walks every clip). */
  timeoutMs?: number;
  /**
   * Extra time per Volume key when placing a score, default 50 ms: ExtendScript makes three DOM
   * calls per key, and speech-gated ducking on a long interview is hundreds of keys.
   */
  perKeyMs?: number;
}

/** Evaluates script text, resolves with the raw string, rejects with HostTimeoutError (whose `late` resolves with the text if it comes). */
export function evalScriptAsync(cs: CSInterfaceLike, script: string, what: string, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let done = false;
    let lateAnswer: (text: string) => void = () => {};
    const late = new Promise<string>((r) => (lateAnswer = r));
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      reject(new HostTimeoutError(what, timeoutMs, late));
    }, timeoutMs);
    try {
      cs.evalScript(script, (result) => {
        if (done) return lateAnswer(result);
        done = true;
        clearTimeout(timer);
        resolve(result);
      });
    } catch (err) {
      done = true;
      clearTimeout(timer);
      reject(new HostError('BRIDGE', `${what}: evalScript failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  });
}

/** Read-only, guarded: the saved project's path or '' (never throws in the host). */
export const PROJECT_PATH_SCRIPT =
  "(function(){var p='';try{if(app&&app.project&&app.project.path){p=String(app.project.path);}}catch(e){p='';}" +
  "try{return $.cuebed.json.stringify({ok:true,data:p});}catch(e2){return '{\"ok\":true,\"data\":\"\"}';}})()";

/** Read-only, guarded: the active sequence's {id, name}, or null (never throws in the host). */
export const ACTIVE_SEQUENCE_SCRIPT =
  "(function(){var d=null;try{var s=app&&app.project?app.project.activeSequence:null;if(s){d={id:String(s.sequenceID),name:String(s.name)};}}catch(e){d=null;}" +
  "try{return $.cuebed.json.stringify({ok:true,data:d});}catch(e2){return '{\"ok\":true,\"data\":null}';}})()";

export class HostBridge implements HostAdapter {
  readonly kind = 'cep' as const;
  private readonly timeoutMs: number;
  private readonly perKeyMs: number;

  constructor(
    private readonly cs: CSInterfaceLike,
    options: BridgeOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.perKeyMs = options.perKeyMs ?? 50;
  }

  async call<T>(fn: HostFunction, arg?: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    const read = (text: string): T => {
      const env = parseEnvelope<T>(text, fn);
      if (!env.ok) throw new HostError(env.error.code, env.error.message);
      return env.data;
    };
    let text: string;
    try {
      text = await evalScriptAsync(this.cs, hostCallScript(fn, arg ?? {}), fn, timeoutMs);
    } catch (err) {
      if (err instanceof HostTimeoutError) err.late = err.late.then((t) => read(t as string));
      throw err;
    }
    return read(text);
  }

  /** Placing a score or more of its keys: the base timeout plus time for every Volume key it writes. */
  private placeTimeout(req: Pick<PlaceScoreRequest, 'ducking' | 'editorKeys'>): number {
    const keys = (req.ducking?.length ?? 0) + (req.editorKeys?.length ?? 0);
    return this.timeoutMs + keys * this.perKeyMs;
  }

  snapshot(): Promise<HostSnapshot> {
    return this.call<HostSnapshot>('snapshot');
  }
  placeScore(req: PlaceScoreRequest): Promise<PlaceScoreResult> {
    return this.call<PlaceScoreResult>('placeScore', req, this.placeTimeout(req));
  }
  replaceScore(req: PlaceScoreRequest): Promise<PlaceScoreResult> {
    return this.call<PlaceScoreResult>('replaceScore', req, this.placeTimeout(req));
  }
  addScoreKeys(req: AddScoreKeysRequest): Promise<AddScoreKeysResult> {
    return this.call<AddScoreKeysResult>('addScoreKeys', req, this.placeTimeout(req));
  }
  placeStingers(req: PlaceStingersRequest): Promise<PlaceStingersResult> {
    return this.call<PlaceStingersResult>('placeStingers', req);
  }
  scoreKeys(req: ScoreKeysRequest): Promise<ScoreKeysResult> {
    return this.call<ScoreKeysResult>('scoreKeys', req);
  }
  /** Premiere's transcripts (the UXP host answers; ExtendScript has no transcript access and refuses). */
  transcripts(): Promise<TranscriptsResult> {
    return this.call<TranscriptsResult>('transcripts', {}, 30_000);
  }
  /** The active sequence's id and name; null when there is none or the host cannot say. */
  async activeSequence(): Promise<{ id: string; name: string } | null> {
    const env = parseEnvelope<{ id: string; name: string } | null>(await evalScriptAsync(this.cs, ACTIVE_SEQUENCE_SCRIPT, 'activeSequence', 5_000), 'activeSequence');
    return env.ok && env.data && typeof env.data.id === 'string' ? env.data : null;
  }
  ping(): Promise<{ version: string }> {
    return this.call<{ version: string }>('ping', {}, 5_000);
  }
  /** The project file's path, '' when unsaved or unreadable. */
  async projectPath(): Promise<string> {
    const env = parseEnvelope<string>(await evalScriptAsync(this.cs, PROJECT_PATH_SCRIPT, 'projectPath', 5_000), 'projectPath');
    return env.ok && typeof env.data === 'string' ? env.data : '';
  }
}
