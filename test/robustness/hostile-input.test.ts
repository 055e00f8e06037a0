/**
 * Hostile and broken input: each protection has a case here that fails if the protection is removed.
 * Files live in test/fixtures/hostile/ (small); the big ones are generated.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputFile } from '../../src/io/files';
import { TICKS_PER_SECOND } from '../../src/time';
import { HostSnapshot, MAX_XML_DEPTH, readFcp7Xml, readSnapshot, readTimelineFile } from '../../src/timeline';
import { listFiles, runCli, tempDir } from '../cli/run';
import { OWN_FIXTURES } from '../paths';
import { HOSTILE, hostileText, inputErrorOf } from './helpers';

const fixture = (name: string) => inputErrorOf(() => readTimelineFile(hostileText(name), name), name);

describe('DOCTYPE entities are refused before parsing: nothing expanded, nothing resolved', () => {
  it('billion laughs', () => {
    expect(fixture('billion-laughs.xml')).toMatch(/billion-laughs\.xml: the DOCTYPE declares entity "lol" \(<!ENTITY>\), which Cuebed refuses to expand or resolve; export .*<!DOCTYPE xmeml>/);
  });
  it('an external entity (file:///etc/passwd)', () => {
    expect(fixture('external-entity.xml')).toMatch(/declares entity "xxe"/);
  });
  it('a parameter entity pointing at a server', () => {
    expect(fixture('parameter-entity.xml')).toMatch(/declares entity "remote"/);
  });
  it('a declaration hidden behind a comment holding markup and 5 KB of padding', () => {
    expect(fixture('entity-behind-comment.xml')).toMatch(/declares entity "boom"/);
  });
  it('an external DTD is never fetched; an entity from it is an unknown entity, reported as not XML', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.end('<!ENTITY xxe "stolen">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const text = hostileText('external-entity.xml').replace(/<!DOCTYPE[^\n]*/, `<!DOCTYPE xmeml SYSTEM "http://127.0.0.1:${port}/x.dtd">`);
      expect(inputErrorOf(() => readTimelineFile(text, 'dtd.xml'), 'dtd.xml')).toMatch(/not XML \(.*entity/i);
      await new Promise((r) => setTimeout(r, 100));
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});

describe('deep nesting is refused before parsing', () => {
  it(`more than ${MAX_XML_DEPTH} levels (fixture: 250)`, () => {
    expect(fixture('deep-nesting.xml')).toMatch(/elements nest more than 200 levels deep \(<nest> at line 3\); .*export/);
  });
  it('100,000 levels: a message, not a stack overflow', () => {
    const text = `<xmeml version="4">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</xmeml>`;
    expect(inputErrorOf(() => readTimelineFile(text, 'deep.xml'), 'deep.xml')).toMatch(/nest more than 200 levels/);
  });
  it('the limit leaves real exports alone (nested sequences included)', () => {
    const text = `<xmeml version="4"><sequence><name>x</name><rate><timebase>25</timebase></rate><media><video><track><clipitem id="a"><name>A</name><start>0</start><end>50</end>${'<b>'.repeat(150)}${'</b>'.repeat(150)}</clipitem></track></video></media></sequence></xmeml>`;
    expect(readTimelineFile(text, 'ok.xml').range.end).toBe(2 * TICKS_PER_SECOND);
  });
});

describe('times', () => {
  it('non-numeric', () => {
    expect(fixture('float-time.xml')).toMatch(/<clipitem id="a" on V1><end> is "50\.5", not a whole number of frames; fix the value or export/);
  });
  it('out of range (20 digits)', () => {
    expect(fixture('time-out-of-range.xml')).toMatch(/<clipitem id="a" on V1> is at frame \d+ \([\d.e+]+ h\), beyond the 9\.8 hours of timeline Cuebed can represent; set In\/Out points/);
  });
  it('negative other than -1', () => {
    expect(fixture('negative-edge.xml')).toMatch(/<clipitem id="a" on V1><start> is -5; only -1 \(an edge inside a transition\) may be negative/);
  });
  it('a clip ending before it starts is refused, naming it', () => {
    expect(fixture('end-before-start.xml')).toMatch(/<clipitem id="b" on V1> "B" ends \(frame 60\) before it starts \(frame 80\); fix its <start>\/<end>/);
  });
  it('a sequence longer than 2^53 ticks (10 h at 25 fps) is refused with the limit named', () => {
    expect(fixture('too-long.xml')).toMatch(/<clipitem id="b" on V1> is at frame \d+ \(10\.0 h\), beyond the 9\.8 hours/);
  });
  it('an unknown frame rate on a clip', () => {
    expect(fixture('clip-unknown-rate.xml')).toMatch(/<clipitem id="a" on V1><rate> is 6\.993 fps \(timebase 7, NTSC\), not a frame rate editors use; conform the sequence to 23\.976/);
  });
});

describe('overlapping clips on one track', () => {
  it('video: refused, naming both clips', () => {
    expect(fixture('video-overlap.xml')).toBe(
      'video-overlap.xml: <clipitem id="b" on V1> "B" (frames 90–150) overlaps <clipitem id="a" on V1> "A" (frames 0–100); a video track shows one clip at a time, so trim or move one of them and export the sequence with File > Export > Final Cut Pro XML again',
    );
  });
  it('video in a snapshot: refused, naming both clips', () => {
    const s = JSON.parse(fs.readFileSync(path.join(OWN_FIXTURES, 'snapshots', 'contract.json'), 'utf8')) as HostSnapshot;
    s.videoTracks[0].clips[1].start = String(TICKS_PER_SECOND); // A runs 0–2 s, B now 1–4 s
    expect(inputErrorOf(() => readSnapshot(s, 'snap.json'), 'snap.json')).toMatch(
      /videoTracks\[0\]\.clips\[1\] "B" .* overlaps videoTracks\[0\]\.clips\[0\] "A" .*a video track shows one clip at a time/,
    );
  });
  it('audio: accepted (Premiere writes such overlaps on exploded stereo itself)', () => {
    const text = hostileText('video-overlap.xml').replace(/<video><track>(.*)<\/track><\/video><audio><track\/><\/audio>/, '<video><track><clipitem id="v"><name>V</name><start>0</start><end>150</end></clipitem></track></video><audio><track>$1</track></audio>');
    expect(readFcp7Xml(text, 'a.xml').tracks.find((t) => t.kind === 'audio')?.clips).toHaveLength(2);
  });
});

describe('snapshots with missing or wrongly typed fields', () => {
  const base = () => JSON.parse(fs.readFileSync(path.join(OWN_FIXTURES, 'snapshots', 'contract.json'), 'utf8')) as Record<string, any>;
  const cases: Array<[string, (s: Record<string, any>) => void, RegExp]> = [
    ['missing sequence', (s) => delete s.sequence, /sequence must be an object \(got nothing\)/],
    ['frame rate as a string', (s) => (s.sequence.frameRate = '25'), /sequence\.frameRate must be an object/],
    ['unknown frame rate', (s) => (s.sequence.frameRate = { num: 7, den: 1 }), /sequence\.frameRate is unsupported \(7\/1 = 7 fps is not a frame rate editors use/],
    ['ticks as a number', (s) => (s.videoTracks[0].clips[0].end = 508032000000), /videoTracks\[0\]\.clips\[0\]\.end must be a tick string/],
    ['ticks past 2^53', (s) => (s.videoTracks[0].clips[0].end = '9007199254740993'), /longer than the 9\.8 hours Cuebed supports/],
    ['clip ending before it starts', (s) => (s.videoTracks[0].clips[1].end = '1'), /clips\[1\]\.end must be at or after start/],
    ['enabled as a string', (s) => (s.audioTracks[0].enabled = 'true'), /audioTracks\[0\]\.enabled must be true or false/],
    ['clips missing', (s) => delete s.videoTracks[1].clips, /videoTracks\[1\]\.clips must be an array/],
    ['marker name as null', (s) => (s.markers[0].name = null), /markers\[0\]\.name must be a string/],
  ];
  for (const [name, mutate, message] of cases) {
    it(name, () => {
      const s = base();
      mutate(s);
      expect(inputErrorOf(() => readTimelineFile(JSON.stringify(s), 'snap.json'), 'snap.json')).toMatch(message);
    });
  }
});

describe('input size limit', () => {
  it('a file over the limit is refused before it is read, naming both sizes and the option', () => {
    const file = path.join(tempDir(), 'big.xml');
    fs.writeFileSync(file, hostileText('video-overlap.xml') + ' '.repeat(4096));
    expect(inputErrorOf(() => readInputFile(file, 2048), file)).toMatch(/: 4\.4 KB is over the 2 KB input limit \(real exports are a few MB\); raise it with --max-input-mb/);
    expect(readInputFile(file, 1 << 20).text.length).toBeGreaterThan(4096);
  });
  it('the CLI applies --max-input-mb: exit 2, one line, nothing written', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'big.xml'), 'x'.repeat(200_000));
    const run = await runCli(['score', 'big.xml', '--max-input-mb', '0.1', '--out', 'render'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cuebed: .*big\.xml: 195 KB is over the 102 KB input limit/);
    expect(listFiles(cwd)).toEqual(['big.xml']);
  });
});

describe('the CLI turns every hostile fixture into exit 2, one line, nothing written', () => {
  for (const name of fs.readdirSync(HOSTILE).sort()) {
    it(name, async () => {
      const cwd = tempDir();
      fs.copyFileSync(path.join(HOSTILE, name), path.join(cwd, name));
      const run = await runCli(['score', name, '--out', 'render'], cwd);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(new RegExp(`^cuebed: ${name.replace(/\./g, '\\.')}: `));
      expect(listFiles(cwd)).toEqual([name]);
    });
  }
});
