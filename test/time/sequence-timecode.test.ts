/**
 * Issue 15 point 9: timecode as the editor's timeline shows it. A 29.97 drop-frame sequence labels
 * frame 1800 "00:01:00;02" (not "00:01:00:00": 28 frames off by 15 minutes), and a sequence that
 * starts at 01:00:00:00 (Resolve and Hiero exports) starts its cue sheet there. Both in plan.json's
 * sequence and in every timecode the tool prints (cue sheet, `cuebed plan`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planScore } from '../../src/plan';
import { renderCueSheet } from '../../src/report/cuesheet';
import type { HostSnapshot } from '../../src/host/adapter';
import { framesToTicks, framesToTimecode, timecodeToFrames } from '../../src/time';
import { buildTimeline, readFcp7Xml, readSnapshot, readTimelineFile } from '../../src/timeline';
import { Emulator } from '../host/emulator';
import { call, data } from '../host/helpers';
import { runCli, tempDir } from '../cli/run';
import { SHARED_FIXTURES } from '../paths';

const NTSC = { num: 30000, den: 1001 };

/** 29.97 DF, 2 minutes: shots cut at frames 900, 1800 and 2400. */
function dropFrameXml(tc = '<timecode><rate><timebase>30</timebase><ntsc>TRUE</ntsc></rate><string>00:00:00;00</string><frame>0</frame><displayformat>DF</displayformat></timecode>'): string {
  const cuts = [0, 900, 1800, 2400, 3600];
  const clips = cuts.slice(0, -1).map((s, i) => `<clipitem id="c${i}"><name>shot ${i}</name><start>${s}</start><end>${cuts[i + 1]}</end><in>0</in><out>${cuts[i + 1] - s}</out></clipitem>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<xmeml version="4"><sequence id="s"><duration>3600</duration><rate><timebase>30</timebase><ntsc>TRUE</ntsc></rate><name>drop frame</name>${tc}
<media><video><track>${clips}</track></video><audio></audio></media></sequence></xmeml>`;
}

const column = (csv: string, name: string) => {
  const [head, ...rows] = csv.trim().split('\r\n').map((l) => l.split(','));
  const i = head.indexOf(name);
  return rows.map((r) => r[i]);
};

describe('sequence timecode', () => {
  it('drop-frame: plan.json says so and the cue sheet labels frame 1800 00:01:00;02', () => {
    const plan = planScore(readTimelineFile(dropFrameXml(), 'df.xml'), { brief: '', seed: 1, sampleRate: 48000, stingers: [(1800 * 1001) / 30000] });
    expect(plan.sequence.timecode).toEqual({ start: '00:00:00;00', dropFrame: true });
    const csv = renderCueSheet(plan);
    expect(column(csv, 'start_tc').every((t) => /^\d\d:\d\d:\d\d;\d\d$/.test(t))).toBe(true);
    expect(csv).toContain('hit at 00:01:00;02');
    expect(framesToTimecode(1800, NTSC, true)).toBe('00:01:00;02');
  });

  it('a sequence without a <timecode> keeps non-drop labels from 00:00:00:00 and plan.json unchanged', () => {
    const plan = planScore(readTimelineFile(dropFrameXml(''), 'ndf.xml'), { brief: '', seed: 1, sampleRate: 48000 });
    expect(plan.sequence.timecode).toBeUndefined();
    expect(column(renderCueSheet(plan), 'start_tc')[0]).toBe('00:00:00:00');
  });

  it('a start timecode of 01:00:00:00 (Hiero) starts the cue sheet, plan.json and `cuebed plan` there', async () => {
    const file = path.join(SHARED_FIXTURES, 'hiero_xml_export.xml');
    const plan = planScore(readTimelineFile(fs.readFileSync(file, 'utf8'), 'hiero_xml_export.xml'), { brief: '', seed: 1, sampleRate: 48000 });
    expect(plan.sequence.timecode).toEqual({ start: '01:00:00:00', dropFrame: false });
    const starts = column(renderCueSheet(plan), 'start_tc');
    expect(starts[0]).toBe('01:00:00:00');
    // Every label is the start timecode plus the offset.
    const rate = plan.sequence.frameRate;
    expect(timecodeToFrames(starts[1], rate) - timecodeToFrames('01:00:00:00', rate)).toBe(Math.floor((plan.sections[1].start * rate.num) / rate.den + 1e-9));
    const run = await runCli(['plan', file], tempDir());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}01:00:00:00 /m);
  });

  it('a drop-frame start timecode string without <frame> is read as a label', () => {
    const plan = planScore(readTimelineFile(dropFrameXml('<timecode><rate><timebase>30</timebase><ntsc>TRUE</ntsc></rate><string>00:59:59;29</string><displayformat>DF</displayformat></timecode>'), 'df.xml'), { brief: '', seed: 1, sampleRate: 48000 });
    expect(plan.sequence.timecode).toEqual({ start: '00:59:59;29', dropFrame: true });
    expect(column(renderCueSheet(plan), 'start_tc')[0]).toBe('00:59:59;29');
  });
});

describe('sequence timecode from Premiere (ExtendScript snapshot)', () => {
  it('zeroPoint 01:00:00;00 and a drop-frame display reach plan.json and the cue sheet', () => {
    const emu = new Emulator();
    const seq = emu.loadSequence(readFcp7Xml(dropFrameXml(''), 'df.xml'));
    seq.init.zeroPoint = framesToTicks(timecodeToFrames('01:00:00;00', NTSC), NTSC);
    seq.init.videoDisplayFormat = 102;
    const snap = data(call<HostSnapshot>(emu, 'snapshot'));
    expect(snap.sequence.dropFrame).toBe(true);
    const plan = planScore(buildTimeline(readSnapshot(snap, 'snapshot')), { brief: '', seed: 1, sampleRate: 48000 });
    expect(plan.sequence.timecode).toEqual({ start: '01:00:00;00', dropFrame: true });
    expect(column(renderCueSheet(plan), 'start_tc')[0]).toBe('01:00:00;00');
  });
});
