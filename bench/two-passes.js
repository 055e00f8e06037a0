/**
 * Pass 1 into a spill, pass 2 reading it back, to a discarding sink: the full render without file
 * I/O. The CLI's spill (src/io/files.ts) copies each chunk into one reused buffer, writes it at
 * the chunk's offset and later reads it back and copies it out; here the file is one array per
 * track, so the bench makes the same two copies per chunk. (It used to keep a fresh slice per
 * chunk: an allocation and its garbage collection that no caller has, ~190–270 ms of 10 minutes.)
 */
const path = require('path');

const synth = require(path.resolve(__dirname, '..', 'dist', 'synth'));

function renderStreamed(arr) {
  const N = arr.lengthSamples;
  let spill = null;
  const pre = synth.renderArrangementBlocks(arr, { targetLufs: -18 }, (offset, n, tracks) => {
    if (!spill) spill = tracks.map(() => new Float32Array(N));
    for (let t = 0; t < tracks.length; t++) spill[t].set(tracks[t].subarray(0, n), offset);
  });
  let frames = 0;
  const m = synth.finalise({ sampleRate: arr.sampleRate, lengthSamples: N, tracks: pre.trackCount, gainDb: pre.gainDb, tape: pre.tape },
    (offset, n, tracks) => { for (let t = 0; t < tracks.length; t++) tracks[t].set(spill[t].subarray(offset, offset + n)); },
    (offset, n) => { frames += n; });
  return { ...m, frames };
}

module.exports = { renderStreamed };
