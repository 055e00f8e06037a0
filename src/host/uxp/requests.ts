/**
 * The UXP adapter's request checks: the same fields, limits and BAD_REQUEST messages as
 * host/cuebed.jsx, so both hosts refuse the same requests the same way (contract tests).
 */
import { HostError, type HostErrorCode } from '../adapter';

export interface ScoreReq {
  wavPath: string;
  name: string;
  startTicks: number;
  durationTicks: number;
  /** The ducking keys, then the request's editorKeys (flagged `editor`), in the order they are written. */
  ducking: Array<{ ticks: number; gainDb: number | null; editor?: boolean }>;
}

export function fail(code: HostErrorCode, message: string): never {
  throw new HostError(code, message);
}

/* ------------------------------------------------------------------ request checks (as cuebed.jsx) */

export function requireTicks(v: unknown, field: string, allowNegative = false): number {
  if (typeof v !== 'string' || !/^-?[0-9]+$/.test(v)) fail('BAD_REQUEST', `${field} must be a tick string like "254016000000"`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) fail('BAD_REQUEST', `${field} is longer than 9.8 hours`);
  if (!allowNegative && n < 0) fail('BAD_REQUEST', `${field} must not be negative`);
  return n;
}

export function requireString(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') fail('BAD_REQUEST', `${field} must be a non-empty string`);
  return v;
}

export function asObject(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail('BAD_REQUEST', `${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

export function readScoreRequest(raw: unknown): ScoreReq {
  const req = asObject(raw, 'request');
  const r: ScoreReq = {
    wavPath: requireString(req.wavPath, 'wavPath'),
    name: req.name === undefined ? 'Cuebed score' : requireString(req.name, 'name'),
    startTicks: requireTicks(req.startTicks, 'startTicks'),
    durationTicks: requireTicks(req.durationTicks, 'durationTicks'),
    ducking: [],
  };
  if (r.durationTicks <= 0) fail('BAD_REQUEST', 'durationTicks must be positive');
  r.ducking = readDuckKeys(req);
  return r;
}

/** A request's ducking keys, then its editorKeys (flagged `editor`), in the order they are written. */
export function readDuckKeys(req: Record<string, unknown>): ScoreReq['ducking'] {
  const out: ScoreReq['ducking'] = [];
  readKeys(req.ducking, 'ducking', out, false);
  // The editor's own keys, carried over from the previous clip: written after the ducking (same tick: theirs wins).
  readKeys(req.editorKeys === null ? undefined : req.editorKeys, 'editorKeys', out, true);
  return out;
}

function readKeys(raw: unknown, field: string, out: ScoreReq['ducking'], editor: boolean): void {
  const list = raw === undefined ? [] : raw;
  if (!Array.isArray(list)) fail('BAD_REQUEST', `${field} must be an array of {ticks, gainDb}`);
  list.forEach((k: unknown, i) => {
    if (!k || typeof k !== 'object') fail('BAD_REQUEST', `${field}[${i}] must be an object`);
    const key = k as { ticks?: unknown; gainDb?: unknown };
    if (key.gainDb !== null && (typeof key.gainDb !== 'number' || !Number.isFinite(key.gainDb))) fail('BAD_REQUEST', `${field}[${i}].gainDb must be a number of dB (null for silence)`);
    const ticks = requireTicks(key.ticks, `${field}[${i}].ticks`);
    out.push(editor ? { ticks, gainDb: key.gainDb as number | null, editor: true } : { ticks, gainDb: key.gainDb as number | null });
  });
}

export function readStingerRequest(raw: unknown): Array<{ wavPath: string; name: string; startTicks: number; hitTicks: number; endTicks: number | null }> {
  const req = asObject(raw, 'request');
  const list = req.stingers;
  if (!Array.isArray(list) || list.length === 0) fail('BAD_REQUEST', 'stingers must be a non-empty array of {wavPath, name, startTicks, hitTicks}');
  return list.map((s: unknown, i) => {
    if (!s || typeof s !== 'object') fail('BAD_REQUEST', `stingers[${i}] must be an object`);
    const o = s as Record<string, unknown>;
    const item = {
      wavPath: requireString(o.wavPath, `stingers[${i}].wavPath`),
      name: o.name === undefined ? 'Cuebed stinger' : requireString(o.name, `stingers[${i}].name`),
      startTicks: requireTicks(o.startTicks, `stingers[${i}].startTicks`),
      hitTicks: requireTicks(o.hitTicks, `stingers[${i}].hitTicks`),
      endTicks: o.endTicks === undefined ? null : requireTicks(o.endTicks, `stingers[${i}].endTicks`),
    };
    if (item.hitTicks < item.startTicks) fail('BAD_REQUEST', `stingers[${i}].hitTicks must not be before its startTicks`);
    if (item.endTicks !== null && item.endTicks <= item.hitTicks) fail('BAD_REQUEST', `stingers[${i}].endTicks must be after its hitTicks`);
    return item;
  });
}
