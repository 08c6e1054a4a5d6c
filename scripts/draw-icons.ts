/**
 * Draws the Teams app icons (our own artwork) and writes them as PNG with node:zlib:
 * manifest/color.png   192x192, a white shield with "401" on the accent colour
 * manifest/outline.png 32x32, the shield with a keyhole, white on transparent
 * Run: npx tsx scripts/draw-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const ACCENT = { r: 0x1f, g: 0x5f, b: 0xad };
type Rgba = [number, number, number, number];
type Point = [number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array): number => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const chunk = (type: string, data: Uint8Array): Buffer => {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
};

/** RGBA pixels (row-major) -> PNG bytes: 8-bit RGBA, no filtering, deterministic. */
export const encodePng = (width: number, height: number, pixels: Uint8Array): Buffer => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, pixels.byteOffset + y * width * 4, width * 4).copy(
      raw,
      y * (width * 4 + 1) + 1,
    );
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
};

const insidePolygon = (poly: readonly Point[], x: number, y: number): boolean => {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};

/** A shield in a unit box: peaked top, straight sides, curved to a point at the bottom. */
const shield = (cx: number, top: number, w: number, h: number): Point[] => {
  const unit: Point[] = [
    [0, 0.12],
    [0.5, 0],
    [1, 0.12],
    [1, 0.5],
  ];
  // quadratic curve from the right side down to the point, then mirrored
  for (let i = 1; i <= 16; i++) {
    const t = i / 16;
    const x = (1 - t) ** 2 * 1 + 2 * (1 - t) * t * 1 + t * t * 0.5;
    const y = (1 - t) ** 2 * 0.5 + 2 * (1 - t) * t * 0.85 + t * t * 1;
    unit.push([x, y]);
  }
  for (let i = 15; i >= 0; i--) {
    const t = i / 16;
    const x = (1 - t) ** 2 * 1 + 2 * (1 - t) * t * 1 + t * t * 0.5;
    const y = (1 - t) ** 2 * 0.5 + 2 * (1 - t) * t * 0.85 + t * t * 1;
    unit.push([1 - x, y]);
  }
  return unit.map(([x, y]) => [cx - w / 2 + x * w, top + y * h]);
};

const DIGITS: Record<string, string[]> = {
  '4': ['101', '101', '111', '001', '001'],
  '0': ['111', '101', '101', '101', '111'],
  '1': ['010', '110', '010', '010', '111'],
};

/** True where the pixel-font text covers (x, y); cells of `cell` pixels, one cell between digits. */
const insideText = (
  text: string,
  left: number,
  top: number,
  cell: number,
  x: number,
  y: number,
) => {
  const col = Math.floor((x - left) / cell);
  const row = Math.floor((y - top) / cell);
  if (x < left || y < top || row < 0 || row > 4) return false;
  const digit = Math.floor(col / 4);
  const within = col % 4;
  const glyph = DIGITS[text[digit] ?? ''];
  return within < 3 && glyph?.[row]?.[within] === '1';
};

/** Rasterises with 4x4 supersampling: `paint` gives the colour (or null) at a sample point. */
const render = (size: number, paint: (x: number, y: number) => Rgba | null): Uint8Array => {
  const px = new Uint8Array(size * size * 4);
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = paint(x + (sx + 0.5) / S, y + (sy + 0.5) / S);
          if (!c) continue;
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const o = (y * size + x) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return px;
};

export const drawColor = (): Buffer => {
  const size = 192;
  const outer = shield(96, 30, 124, 140);
  const accent: Rgba = [ACCENT.r, ACCENT.g, ACCENT.b, 1];
  const white: Rgba = [255, 255, 255, 1];
  const cell = 8;
  const textLeft = 96 - (11 * cell) / 2;
  const textTop = 66;
  return encodePng(
    size,
    size,
    render(size, (x, y) => {
      if (!insidePolygon(outer, x, y)) return accent;
      return insideText('401', textLeft, textTop, cell, x, y) ? accent : white;
    }),
  );
};

export const drawOutline = (): Buffer => {
  const size = 32;
  const outer = shield(16, 2, 24, 28);
  const inner = shield(16, 4.6, 19.5, 23);
  const white: Rgba = [255, 255, 255, 1];
  return encodePng(
    size,
    size,
    render(size, (x, y) => {
      if (insidePolygon(outer, x, y) && !insidePolygon(inner, x, y)) return white;
      const keyhole =
        (x - 16) ** 2 + (y - 13) ** 2 <= 2.6 ** 2 ||
        (Math.abs(x - 16) <= 1.2 && y >= 13 && y <= 20);
      return keyhole ? white : null;
    }),
  );
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL('../manifest/', import.meta.url));
  writeFileSync(`${dir}color.png`, drawColor());
  writeFileSync(`${dir}outline.png`, drawOutline());
  console.log(`wrote ${dir}color.png and ${dir}outline.png`);
}
