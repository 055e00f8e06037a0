#!/usr/bin/env node
'use strict';
// The bundled ~95 s, 23.976 fps demo edit that `cuebed score` scores when given no INPUT, as a
// generator: `node scripts/make-demo.js` rewrites demo/demo-sequence.xml (committed, and what the
// CLI reads); tests require demoXml() to build edited variants of the same sequence.
const fs = require('fs');
const path = require('path');

/** Shots as [name, frames, source in-frame (default 24)]: a calm opening, an interview with
 * cutaways, a faster montage that builds, a second interview, and a closing wide. */
const DEMO_SHOTS = [
  ['wide_workshop_dawn', 168], ['hands_on_bench', 96], ['tool_closeup', 60], ['window_light', 120],
  ['interview_anna_A', 216], ['cutaway_sketch', 72], ['interview_anna_B', 168], ['door_opens', 84],
  ['street_walk', 110], ['bike_pass', 48], ['market_stall', 60], ['coffee_pour', 40], ['laughing_group', 52],
  ['laptop_typing', 44], ['city_timelapse', 90], ['interview_ben_A', 240], ['prototype_reveal', 70],
  ['interview_ben_B', 150], ['assembly_fast_1', 30], ['assembly_fast_2', 28], ['assembly_fast_3', 34],
  ['product_turntable', 96], ['team_cheer', 62], ['logo_wide_end', 136],
];

/** The two interview stretches (frames): under them the score must duck. */
const DEMO_DIALOGUE = [
  ['anna_interview.wav', 420, 804],
  ['ben_interview.wav', 1296, 1680],
];

const DEMO_MARKERS = [
  ['Scene: out into the city', 'The film opens up', 864],
  ['Build', 'Montage gathers pace to the reveal', 1680],
  ['Stinger', 'Hit on the product reveal', 1626],
];

/** The FCP7 XML of the demo, or of an edit of it (other shots, dialogue, markers, title span). */
function demoXml(shots = DEMO_SHOTS, dialogue = DEMO_DIALOGUE, markers = DEMO_MARKERS, title = [444, 564]) {
  const total = shots.reduce((a, s) => a + s[1], 0);
  const rate = '<rate><timebase>24</timebase><ntsc>TRUE</ntsc></rate>';
  const TPF = 10594584000;
  let t = 0;
  const videoClips = shots.map(([name, len, inF], i) => {
    const start = t;
    t += len;
    const id = `clipitem-v${i + 1}`;
    const cin = inF ?? 24;
    return `        <clipitem id="${id}">
          <name>${name}.mov</name>
          <enabled>TRUE</enabled>
          <duration>${len + 48}</duration>
          ${rate}
          <start>${start}</start>
          <end>${start + len}</end>
          <in>${cin}</in>
          <out>${cin + len}</out>
          <pproTicksIn>${cin * TPF}</pproTicksIn>
          <pproTicksOut>${(cin + len) * TPF}</pproTicksOut>
          <alphatype>none</alphatype>
          <file id="file-v${i + 1}"><name>${name}.mov</name><pathurl>file://localhost/Volumes/Media/demo/${name}.mov</pathurl>${rate}<duration>${len + 96}</duration></file>
        </clipitem>`;
  });
  const dialogueClips = dialogue.map(([name, start, end], i) => `        <clipitem id="clipitem-a${i + 1}">
          <name>${name}</name>
          <enabled>TRUE</enabled>
          <duration>${end - start + 200}</duration>
          ${rate}
          <start>${start}</start>
          <end>${end}</end>
          <in>100</in>
          <out>${100 + end - start}</out>
          <file id="file-a${i + 1}"><name>${name}</name><pathurl>file://localhost/Volumes/Media/demo/${name}</pathurl>${rate}<duration>${end - start + 400}</duration><media><audio><channelcount>1</channelcount></audio></media></file>
          <sourcetrack><mediatype>audio</mediatype><trackindex>1</trackindex></sourcetrack>
        </clipitem>`);
  const titleClip = `        <clipitem id="clipitem-title">
          <name>Lower third - Anna Berg, founder</name>
          <enabled>TRUE</enabled>
          <duration>120</duration>
          ${rate}
          <start>${title[0]}</start>
          <end>${title[1]}</end>
          <in>0</in>
          <out>120</out>
          <alphatype>straight</alphatype>
          <file id="file-title"><name>lower_third_anna.png</name><pathurl>file://localhost/Volumes/Media/demo/lower_third_anna.png</pathurl>${rate}<duration>120</duration></file>
        </clipitem>`;
  const markerXml = markers.map(([name, comment, frame]) => `    <marker><name>${name}</name><comment>${comment}</comment><in>${frame}</in><out>-1</out></marker>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xmeml>
<xmeml version="4">
  <sequence id="sequence-1">
    <uuid>5c0e7d1e-0b1e-4c3a-9a4e-cuebed-demo</uuid>
    <name>Cuebed demo - Workshop to market</name>
    <duration>${total}</duration>
    ${rate}
    <timecode>${rate}<string>00:00:00:00</string><frame>0</frame><displayformat>NDF</displayformat></timecode>
    <in>-1</in>
    <out>-1</out>
${markerXml.join('\n')}
    <media>
      <video>
        <format><samplecharacteristics>${rate}<width>1920</width><height>1080</height></samplecharacteristics></format>
        <track>
${videoClips.join('\n')}
          <enabled>TRUE</enabled>
        </track>
        <track>
${titleClip}
          <enabled>TRUE</enabled>
        </track>
      </video>
      <audio>
        <format><samplecharacteristics><depth>16</depth><samplerate>48000</samplerate></samplecharacteristics></format>
        <track>
${dialogueClips.join('\n')}
          <enabled>TRUE</enabled>
        </track>
      </audio>
    </media>
  </sequence>
</xmeml>
`;
}

module.exports = { DEMO_SHOTS, DEMO_DIALOGUE, DEMO_MARKERS, demoXml };

if (require.main === module) {
  const out = path.join(__dirname, '..', 'demo', 'demo-sequence.xml');
  fs.writeFileSync(out, demoXml());
  const total = DEMO_SHOTS.reduce((a, s) => a + s[1], 0);
  console.log(`wrote ${out}: ${DEMO_SHOTS.length} shots, ${DEMO_SHOTS.length - 1} cuts, ${total} frames (${(total * 1001 / 24000).toFixed(2)} s)`);
}
