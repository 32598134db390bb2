// Draws the Kariz app icons (icon-192.png, icon-512.png) next to this script, with node alone:
// three board columns whose cards thin out left to right, the leaky pipeline, on a deep-blue
// square that fills the whole icon (so it is also a maskable icon: the drawing stays inside
// the central safe zone). Deterministic: running it again writes the same bytes.
//   node assets/icons/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BG = [0x1d, 0x4e, 0x89], COLUMN = [0x2b, 0x63, 0xa6], CARD = [0xf4, 0xf6, 0xfa], ACCENT = [0xf2, 0xa5, 0x3c];

// Shapes in a unit square: rounded rectangles [x, y, w, h, radius, colour], painted in order.
const shapes = [];
const colX = [0.21, 0.41, 0.61], colW = 0.18, top = 0.24, bottom = 0.78;
const cards = [3, 2, 1];
for (let c = 0; c < 3; c++) {
  shapes.push([colX[c] - 0.005, top, colW + 0.01, bottom - top, 0.03, COLUMN]);
  for (let k = 0; k < cards[c]; k++) shapes.push([colX[c] + 0.015, top + 0.03 + k * 0.125, colW - 0.02, 0.1, 0.02, c === 2 ? ACCENT : CARD]);
}

function inside(px, py, [x, y, w, h, r]) {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r), cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

function render(size) {
  const S = 4;  // 4x4 samples a pixel: smooth edges
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);  // filter byte 0, then RGB
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) {
        const px = (x + (sx + 0.5) / S) / size, py = (y + (sy + 0.5) / S) / size;
        let col = BG;
        for (const s of shapes) if (inside(px, py, s)) col = s[5];
        for (let i = 0; i < 3; i++) sum[i] += col[i];
      }
      for (let i = 0; i < 3; i++) row[1 + x * 3 + i] = Math.round(sum[i] / (S * S));
    }
    rows.push(row);
  }
  return png(size, size, Buffer.concat(rows));
}

const CRC = new Int32Array(256).map((_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c; });
function crc32(buf) { let c = -1; for (const b of buf) c = CRC[(c ^ b) & 255] ^ (c >>> 8); return (c ^ -1) >>> 0; }
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function png(w, h, raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2;  // 8-bit RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

for (const size of [192, 512]) fs.writeFileSync(path.join(here, `icon-${size}.png`), render(size));
