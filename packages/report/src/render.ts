import type { TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

// vega and vega-lite are ES modules (vega with top-level await): loaded on first use with import(), so that
// the CommonJS build of this package can still be require()d.
let libs: Promise<{ vega: typeof import('vega'); vl: typeof import('vega-lite') }> | null = null;
function loadVega() {
  libs ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return libs;
}

/**
 * Compiles a vega-lite spec with vega-lite and renders it headless to an SVG string with vega
 * (`renderer: 'none'`, no browser, no canvas).
 */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vl } = await loadVega();
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG string to PNG bytes with resvg on a white background, at `scale` (default 2). */
export function svgToPng(svg: string, font: NonNullable<ResvgRenderOptions['font']>, scale = 2): Buffer {
  const r = new Resvg(svg, { font, background: 'white', fitTo: { mode: 'zoom', value: scale } });
  return r.render().asPng();
}
