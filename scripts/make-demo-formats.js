#!/usr/bin/env node
'use strict';
// The demo edit (scripts/make-demo.js: the same shots, interview audio, lower third and markers)
// written as OpenTimelineIO and as FCPXML 1.10, the way Resolve and Final Cut Pro would hand the
// same sequence over. Written from the edit's data, not from Cuebed's readers, so a test that reads
// all three and compares them checks the readers against each other.
// `node scripts/make-demo-formats.js` rewrites test/fixtures/otio/demo-sequence.otio and
// test/fixtures/fcpxml/demo-sequence.fcpxml.
const fs = require('fs');
const path = require('path');
const { DEMO_SHOTS, DEMO_DIALOGUE, DEMO_MARKERS } = require('./make-demo');

const NAME = 'Cuebed demo - Workshop to market';
const TITLE = { name: 'Lower third - Anna Berg, founder', file: 'lower_third_anna.png', start: 444, end: 564 };
const MEDIA = 'file:///Volumes/Media/demo/';
const RATE = 24000 / 1001; // what OTIO writes for 23.976
const SOURCE_IN = 24; // make-demo.js's default source in-frame
const AUDIO_IN = 100;

/** The demo (or an edit of it: other shots, dialogue, markers, title span) as OpenTimelineIO. */
function otioDemo(shots = DEMO_SHOTS, dialogue = DEMO_DIALOGUE, markerList = DEMO_MARKERS, title = [TITLE.start, TITLE.end]) {
  const rt = (value, rate = RATE) => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
  const range = (start, duration) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start), duration: rt(duration) });
  const ref = (file, length) => ({ OTIO_SCHEMA: 'ExternalReference.1', name: file, target_url: MEDIA + file, available_range: range(0, length), available_image_bounds: null, metadata: {} });
  const clip = (name, file, start, length, avail, metadata = {}) => ({
    OTIO_SCHEMA: 'Clip.2', name, source_range: range(start, length), effects: [], markers: [], enabled: true,
    media_references: { DEFAULT_MEDIA: ref(file, avail) }, active_media_reference_key: 'DEFAULT_MEDIA', metadata,
  });
  const gap = (length) => ({ OTIO_SCHEMA: 'Gap.1', name: '', source_range: range(0, length), effects: [], markers: [], enabled: true, metadata: {} });
  const track = (name, kind, children) => ({ OTIO_SCHEMA: 'Track.1', name, kind, source_range: null, effects: [], markers: [], enabled: true, metadata: {}, children });
  const v1 = shots.map(([name, len, inF]) => clip(`${name}.mov`, `${name}.mov`, inF ?? SOURCE_IN, len, len + 96));
  // The lower third is a PNG with alpha, as in the FCP7 file: OTIO's FCP7 adapter keeps that in metadata.
  const v2 = [gap(title[0]), clip(TITLE.name, TITLE.file, 0, title[1] - title[0], 120, { fcp_xml: { alphatype: 'straight' } })];
  const a1 = [];
  let at = 0;
  for (const [file, start, end] of dialogue) {
    a1.push(gap(start - at), clip(file, file, AUDIO_IN, end - start, end - start + 400));
    at = end;
  }
  const markers = markerList.map(([name, comment, frame]) => ({ OTIO_SCHEMA: 'Marker.2', name, comment, color: 'RED', marked_range: range(frame, 0), metadata: {} }));
  return {
    OTIO_SCHEMA: 'Timeline.1',
    name: NAME,
    global_start_time: rt(0),
    metadata: {},
    tracks: { OTIO_SCHEMA: 'Stack.1', name: 'tracks', source_range: null, effects: [], markers, enabled: true, metadata: {}, children: [track('V1', 'Video', v1), track('V2', 'Video', v2), track('A1', 'Audio', a1)] },
  };
}

/** The same as FCPXML 1.10. */
function fcpxmlDemo(shots = DEMO_SHOTS, dialogue = DEMO_DIALOGUE, markerList = DEMO_MARKERS, title = [TITLE.start, TITLE.end]) {
  const t = (frames) => (frames === 0 ? '0s' : `${frames * 1001}/24000s`);
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const assets = [];
  const placed = [];
  let pos = 0;
  shots.forEach(([name, len, inF], i) => {
    placed.push({ id: `r${i + 3}`, name: `${name}.mov`, pos, len, start: inF ?? SOURCE_IN, anchored: [] });
    assets.push(`<asset id="r${i + 3}" name="${name}" start="0s" duration="${t(len + 96)}" hasVideo="1" format="r1" videoSources="1"><media-rep kind="original-media" src="${MEDIA}${name}.mov"/></asset>`);
    pos += len;
  });
  // Anchored items hang off the shot under their start, at an offset in that shot's local time.
  const under = (frame) => placed.find((s) => s.pos <= frame && frame < s.pos + s.len);
  const local = (s, frame) => t(s.start + frame - s.pos);
  const titleShot = under(title[0]);
  titleShot.anchored.push(`<title ref="r2" lane="1" offset="${local(titleShot, title[0])}" name="${esc(TITLE.name)}" start="0s" duration="${t(title[1] - title[0])}"><text><text-style ref="ts1">Anna Berg, founder</text-style></text><text-style-def id="ts1"><text-style font="Helvetica" fontSize="60"/></text-style-def></title>`);
  dialogue.forEach(([file, start, end], i) => {
    const id = `r${shots.length + 3 + i}`;
    assets.push(`<asset id="${id}" name="${file.replace(/\.wav$/, '')}" start="0s" duration="${t(end - start + 400)}" hasAudio="1" audioSources="1" audioChannels="1" audioRate="48000"><media-rep kind="original-media" src="${MEDIA}${file}"/></asset>`);
    const s = under(start);
    s.anchored.push(`<asset-clip ref="${id}" lane="-1" offset="${local(s, start)}" name="${file}" start="${t(AUDIO_IN)}" duration="${t(end - start)}" audioRole="dialogue"/>`);
  });
  const markers = new Map();
  for (const [name, comment, frame] of markerList) {
    const s = under(frame);
    markers.set(s, [...(markers.get(s) ?? []), `<marker start="${local(s, frame)}" duration="${t(1)}" value="${esc(name)}" note="${esc(comment)}"/>`]);
  }
  const spine = placed.map((s) => {
    const inner = [...s.anchored, ...(markers.get(s) ?? [])];
    const open = `<asset-clip ref="${s.id}" offset="${t(s.pos)}" name="${s.name}" start="${t(s.start)}" duration="${t(s.len)}" tcFormat="NDF"`;
    return inner.length === 0 ? `${open}/>` : `${open}>\n              ${inner.join('\n              ')}\n            </asset-clip>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>

<fcpxml version="1.10">
    <resources>
        <format id="r1" name="FFVideoFormat1080p2398" frameDuration="1001/24000s" width="1920" height="1080" colorSpace="1-1-1 (Rec. 709)"/>
        <effect id="r2" name="Basic Lower Third" uid=".../Titles.localized/Lower Thirds.localized/Basic Lower Third.localized/Basic Lower Third.moti"/>
        ${assets.join('\n        ')}
    </resources>
    <library>
        <event name="Cuebed demo">
            <project name="${NAME}">
                <sequence format="r1" duration="${t(pos)}" tcStart="0s" tcFormat="NDF" audioLayout="stereo" audioRate="48k">
                    <spine>
            ${spine.join('\n            ')}
                    </spine>
                </sequence>
            </project>
        </event>
    </library>
</fcpxml>
`;
}

module.exports = { otioDemo, fcpxmlDemo };

if (require.main === module) {
  const root = path.join(__dirname, '..', 'test', 'fixtures');
  fs.writeFileSync(path.join(root, 'otio', 'demo-sequence.otio'), `${JSON.stringify(otioDemo(), null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'fcpxml', 'demo-sequence.fcpxml'), fcpxmlDemo());
  console.log(`wrote ${path.join(root, 'otio', 'demo-sequence.otio')} and ${path.join(root, 'fcpxml', 'demo-sequence.fcpxml')}`);
}
