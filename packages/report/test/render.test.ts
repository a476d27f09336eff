import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { specToSvg, svgToPng } from '../src/render.js';
import { FONT_DIRS, fontOptions, textRenders } from '../src/fonts.js';
import { lineSpec } from '../src/specs.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function findTtf(dir: string, depth = 4): string | null {
  if (!existsSync(dir) || depth < 0) return null;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isFile() && /\.(ttf|otf)$/i.test(e.name)) return p;
    if (e.isDirectory()) {
      const found = findTtf(p, depth - 1);
      if (found) return found;
    }
  }
  return null;
}

const spec = lineSpec(
  [
    { run: 'word-mixup', step: 1, value: 2 },
    { run: 'word-mixup', step: 2, value: 1.5 },
    { run: 'word-mixup+amp', step: 1, value: 2 },
    { run: 'word-mixup+amp', step: 2, value: 1.2 },
  ],
  { title: 'Training loss', yTitle: 'loss' },
);

describe('specToSvg', () => {
  it('compiles vega-lite and renders an SVG with the title, axes and legend as text', async () => {
    const svg = await specToSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Training loss');
    expect(svg).toContain('word-mixup+amp');
    expect(svg).toMatch(/<path[^>]*d="M/); // the lines
  });
});

describe('svgToPng and fonts', () => {
  it('writes a PNG twice the SVG size', async () => {
    const svg = await specToSvg(spec);
    const png = svgToPng(svg, fontOptions());
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const w = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(png.readUInt32BE(16)).toBe(2 * w); // IHDR width
  });
  it('draws the text: the PNG differs from the same SVG without its text elements', async () => {
    const font = fontOptions();
    expect(textRenders(font)).toBe(true); // a machine of this kind has fonts-dejavu-core
    const svg = await specToSvg(spec);
    const noText = svg.replace(/<text[\s\S]*?<\/text>/g, '');
    expect(noText.length).toBeLessThan(svg.length);
    const a = new Resvg(svg, { font, background: 'white' }).render().pixels;
    const b = new Resvg(noText, { font, background: 'white' }).render().pixels;
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    expect(differing).toBeGreaterThan(1000);
  });
  it('detects when no font is available, and uses an explicit font file', () => {
    expect(textRenders({ loadSystemFonts: false, fontFiles: [], fontDirs: [] })).toBe(false);
    const ttf = FONT_DIRS.map((d) => findTtf(d)).find((f) => f !== null) ?? null;
    expect(ttf).not.toBeNull();
    expect(textRenders({ loadSystemFonts: false, fontFiles: [ttf!], fontDirs: [] })).toBe(true);
    expect(fontOptions({ env: { AMPMIX_FONT: ttf! } }).fontFiles).toEqual([ttf]);
    expect(fontOptions({ env: {} }).fontFiles).toEqual([]);
  });
});
