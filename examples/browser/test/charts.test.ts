import { describe, expect, it } from 'vitest';
import { histogram, lineChart, median, tickLabels } from '../src/charts.js';

/** The numbers of an SVG attribute, e.g. every `cy` of the chart's dots. */
const attrs = (svg: string, name: string) => [...svg.matchAll(new RegExp(` ${name}="([-\\d.]+)"`, 'g'))].map((m) => Number(m[1]));
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('the page charts', () => {
  it('tick labels differ even over a narrow range, and are whole numbers for integer axes', () => {
    expect(tickLabels(0.77, 0.78)).toEqual(['0.770', '0.775', '0.780']);
    expect(tickLabels(2.08, 2.34)).toEqual(['2.08', '2.21', '2.34']);
    expect(tickLabels(35.7, 331)).toEqual(['36', '183', '331']);
    expect(tickLabels(1, 24, true)).toEqual(['1', '13', '24']);
    expect(tickLabels(0, 0.0026)).toEqual(['0.0000', '0.0013', '0.0026']);
  });

  it('a line chart puts the legend above the plot box, labels the x axis and maps the points into the box', () => {
    const svg = lineChart('loss', [
      { name: 'Mixup at λ', color: '#00f', points: [[1, 2], [2, 1], [3, 0]] },
      { name: "AMP at λ'", color: '#f00', dashed: true, points: [[1, 2], [2, 1.5], [3, 1]] },
    ]);
    const box = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none"/.exec(svg)!.slice(1).map(Number);
    const [left, top, width, height] = box;
    const legendY = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)">(Mixup at λ|AMP at λ')<\/text>/g)].map((m) => Number(m[1]));
    expect(legendY).toHaveLength(2);
    for (const y of legendY) expect(y).toBeLessThan(top);
    expect(texts(svg)).toContain('step');
    expect(texts(svg)).toEqual(expect.arrayContaining(['1', '2', '3', '0.0', '1.0', '2.0']));
    const cx = attrs(svg, 'cx');
    const cy = attrs(svg, 'cy');
    expect(cx.slice(0, 3)).toEqual([left, left + width / 2, left + width]);
    expect(cy.slice(0, 3)).toEqual([top, top + height / 2, top + height]);
    expect(svg).toContain('stroke-dasharray');
  });

  it('a histogram counts the values into equal bins over [0, max]', () => {
    const svg = histogram('|Δλ|', [0, 0.1, 0.1, 0.35, 0.4], '#f00', { x: '|Δλ|', yIntegers: true }, 4);
    const heights = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="#f00"/g)].map((m) => Number(m[1])).slice(1); // the first is the legend box
    // bins [0, .1), [.1, .2), [.2, .3), [.3, .4]: 1, 2, 0, 2 values; the tallest fills the plot
    expect(heights.map((h) => h / Math.max(...heights))).toEqual([0.5, 1, 0, 1]);
    expect(texts(svg)).toEqual(expect.arrayContaining(['0', '1', '2', '|Δλ|', '5 values']));
  });

  it('median of odd and even counts, NaN when empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
