'use strict';
/**
 * Writes the CEP panel icons (CSXS/manifest.xml <Icons>) into icons/: 23×23 PNGs, the size
 * Premiere's Window > Extensions menu and panel tabs draw. The glyph is a music bed under a duck:
 * five bars of a level meter, the middle ones lower. One shape, five tints (Normal, RollOver,
 * Disabled for light skins; DarkNormal, DarkRollOver for dark ones). Deterministic: same bytes on
 * every run. `node scripts/make-icons.js` rewrites them; test/host/manifest.test.ts checks them.
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZE = 23;
// [x0, x1, top]: bar columns (inclusive) and the row their top starts at; all end at row 19.
const BARS = [[3, 5, 6], [7, 9, 10], [11, 13, 13], [15, 17, 10], [19, 21, 4]];

const ICONS = {
  'icon-normal.png': [60, 60, 60, 255],
  'icon-rollover.png': [21, 101, 192, 255],
  'icon-disabled.png': [60, 60, 60, 96],
  'icon-dark-normal.png': [200, 200, 200, 255],
  'icon-dark-rollover.png': [255, 255, 255, 255],
};

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(rgba) {
  const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 4);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      const on = BARS.some(([x0, x1, top]) => x >= x0 && x <= x1 && y >= top && y <= 19);
      if (on) rgba.forEach((v, i) => (raw[row + 1 + x * 4 + i] = v));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function makeIcons(dir = path.join(__dirname, '..', 'icons')) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, rgba] of Object.entries(ICONS)) fs.writeFileSync(path.join(dir, name), png(rgba));
  return Object.keys(ICONS);
}

if (require.main === module) console.log(makeIcons().join('\n'));

module.exports = { makeIcons, ICONS, SIZE };
