import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

/** Font directories searched besides the system's own list (Debian/Ubuntu, macOS, Windows). */
export const FONT_DIRS: readonly string[] = [
  '/usr/share/fonts',
  '/usr/local/share/fonts',
  '/Library/Fonts',
  '/System/Library/Fonts',
  'C:\\Windows\\Fonts',
];

/** Environment variable naming a TTF/OTF file the PNG renderer should use (e.g. DejaVuSans.ttf). */
export const FONT_ENV = 'AMPMIX_FONT';

/** Options of {@link fontOptions}. */
export interface FontChoice {
  /** A TTF/OTF file to load first; default the `AMPMIX_FONT` environment variable. */
  fontFile?: string;
  /** Environment to read `AMPMIX_FONT` from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/**
 * The font part of resvg's options: the system fonts, the usual font folders that exist here and an
 * optional font file. resvg draws no text at all when it finds no font, so {@link textRenders} checks.
 * On Debian the package `fonts-dejavu-core` (a dependency of fontconfig) provides DejaVu Sans.
 */
export function fontOptions(choice: FontChoice = {}): NonNullable<ResvgRenderOptions['font']> {
  const env = choice.env ?? process.env;
  const file = choice.fontFile ?? env[FONT_ENV];
  return {
    loadSystemFonts: true,
    fontDirs: FONT_DIRS.filter((d) => existsSync(d)),
    fontFiles: file ? [file] : [],
    sansSerifFamily: 'DejaVu Sans',
    defaultFontFamily: 'DejaVu Sans',
  };
}

const PROBE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30"><rect width="60" height="30" fill="white"/>' +
  '<text x="4" y="24" font-family="sans-serif" font-size="24" fill="black">Ag</text></svg>';

/**
 * Whether resvg draws text with `font`: renders "Ag" on white and looks for dark pixels.
 * False means PNGs will have no labels (install a font, or set `AMPMIX_FONT` / `--font`).
 */
export function textRenders(font: NonNullable<ResvgRenderOptions['font']>): boolean {
  const img = new Resvg(PROBE_SVG, { font }).render();
  const px = img.pixels;
  for (let i = 0; i < px.length; i += 4) if (px[i] < 128) return true;
  return false;
}
