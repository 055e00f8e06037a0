import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from './run';

/** A minimal valid xmeml with one clip, edited per case to break exactly one thing. */
function xmeml({ timebase = '25', clipStart = '0', clipEnd = '50', duration = '50', clips = true } = {}): string {
  const clip = clips
    ? `<clipitem id="c1"><name>shot</name><rate><timebase>${timebase}</timebase></rate><start>${clipStart}</start><end>${clipEnd}</end><in>0</in><out>50</out></clipitem>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<xmeml version="4"><sequence id="s"><name>bad</name><duration>${duration}</duration><rate><timebase>${timebase}</timebase><ntsc>FALSE</ntsc></rate>
<media><video><track>${clip}</track></video><audio><track/></audio></media></sequence></xmeml>`;
}

const cases: Array<{ name: string; file?: { name: string; text: string }; input?: string; extra?: string[]; message: RegExp }> = [
  { name: 'a missing file', input: 'nowhere/missing.xml', message: /missing\.xml: no such file or folder/ },
  { name: 'a file that is not XML', file: { name: 'notes.xml', text: 'this is { not xml' }, message: /notes\.xml: .*XML/i },
  { name: 'XML that is not xmeml', file: { name: 'page.xml', text: '<?xml version="1.0"?><html><body/></html>' }, message: /page\.xml: .*xmeml/i },
  { name: 'a sequence with no clips', file: { name: 'empty.xml', text: xmeml({ clips: false }) }, message: /empty\.xml: .*(no (enabled )?clips|nothing to score)/i },
  { name: 'a clip of zero length', file: { name: 'zero.xml', text: xmeml({ clipStart: '10', clipEnd: '10', duration: '0' }) }, message: /zero\.xml: / },
  { name: 'a clip of negative length', file: { name: 'negative.xml', text: xmeml({ clipStart: '40', clipEnd: '10', duration: '-30' }) }, message: /negative\.xml: / },
  { name: 'a frame rate of 0', file: { name: 'rate0.xml', text: xmeml({ timebase: '0' }) }, message: /rate0\.xml: .*(rate|timebase)/i },
  { name: 'an --out under a file', file: { name: 'ok.xml', text: xmeml() }, extra: ['--out', 'ok.xml/render'], message: /is a file, not a folder/ },
  { name: 'an unknown option', file: { name: 'ok.xml', text: xmeml() }, extra: ['--tempo', 'fast'], message: /Unknown option '--tempo'/ },
  { name: 'a bad bit depth', file: { name: 'ok.xml', text: xmeml() }, extra: ['--bit-depth', '20'], message: /--bit-depth must be 16, 24 or 32f/ },
];

describe('bad input exits 2 with one clear line and writes nothing', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const cwd = tempDir();
      if (c.file) fs.writeFileSync(path.join(cwd, c.file.name), c.file.text);
      const before = listFiles(cwd);
      const input = c.input ?? c.file?.name ?? '';
      const run = await runCli(['score', input, ...(c.extra ?? ['--out', 'render'])], cwd);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^cuebed: /);
      expect(lines[0]).toMatch(c.message);
      expect(lines[0]).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(listFiles(cwd)).toEqual(before);
    });
  }
});
