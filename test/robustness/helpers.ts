import * as fs from 'node:fs';
import * as path from 'node:path';
import { OWN_FIXTURES } from '../paths';
import { InputError } from '../../src/timeline';
import { TimeError } from '../../src/time';

export const HOSTILE = path.join(OWN_FIXTURES, 'hostile');

export function hostileText(name: string): string {
  return fs.readFileSync(path.join(HOSTILE, name), 'utf8');
}

/** Runs f, expects an InputError with a one-line message starting with `source: `, returns the message. */
export function inputErrorOf(f: () => unknown, source: string): string {
  try {
    f();
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`expected an InputError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    const message = e.message;
    if (message.includes('\n')) throw new Error(`message spans lines: ${message}`);
    if (!message.startsWith(`${source}: `)) throw new Error(`message does not start with "${source}: ": ${message}`);
    return message;
  }
  throw new Error('accepted');
}

/** The only failures a reader may throw. */
export function isExpectedFailure(e: unknown): boolean {
  return e instanceof InputError || e instanceof TimeError;
}

/** A minimal valid xmeml: `clips` are [start, end] frames on V1 at 25 fps; one dialogue clip on A1. */
export function tinyXmeml(clips: Array<[number, number]>, { timebase = 25, dialogue = true } = {}): string {
  const v = clips
    .map(([s, e], i) => `<clipitem id="v${i}"><name>shot ${i}</name><start>${s}</start><end>${e}</end><in>0</in><out>${e - s}</out><file id="f${i}"><pathurl>file:///media/shot${i}.mov</pathurl></file></clipitem>`)
    .join('');
  const end = Math.max(...clips.map((c) => c[1]));
  const a = dialogue ? `<clipitem id="a0"><name>interview</name><start>${Math.floor(end / 4)}</start><end>${Math.floor(end / 2)}</end></clipitem>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xmeml>
<xmeml version="4"><sequence id="seq"><name>tiny</name><duration>${end}</duration><rate><timebase>${timebase}</timebase><ntsc>FALSE</ntsc></rate>
<media><video><track>${v}</track></video><audio><track><name>Dialogue</name>${a}</track></audio></media>
<marker><name>m</name><comment>c</comment><in>${Math.floor(end / 3)}</in><out>-1</out></marker></sequence></xmeml>
`;
}
