import { describe, expect, it } from 'vitest';
import { baseLabel, formatCompareTable, summarizeCompare } from '../src/compare-table.js';

describe('summarizeCompare', () => {
  it('computes mean ± std per row and the +AMP row against its base', () => {
    const rows = summarizeCompare([
      { label: 'word-mixup', errors: [0.1, 0.08, 0.09] },
      { label: 'word-mixup+amp', errors: [0.08, 0.09, 0.07] },
      { label: 'sen-mixup+amp', errors: [0.05] },
    ]);
    expect(rows[0].mean).toBeCloseTo(0.09, 12);
    expect(rows[0].std).toBeCloseTo(0.01, 12);
    expect(rows[0].relative).toBeNull();
    expect(rows[1].mean).toBeCloseTo(0.08, 12);
    expect(rows[1].base).toBe('word-mixup');
    expect(rows[1].relative).toBeCloseTo((0.08 - 0.09) / 0.09, 12);
    expect(rows[2].base).toBeNull(); // its base is not in the comparison
    expect(rows[2].std).toBeNaN();
  });
  it('ignores missing seeds in the mean', () => {
    const [r] = summarizeCompare([{ label: 'a', errors: [0.2, NaN, 0.4] }]);
    expect(r.mean).toBeCloseTo(0.3, 12);
  });
  it('finds bases by the +amp suffix', () => {
    expect(baseLabel('cutmix+amp')).toBe('cutmix');
    expect(baseLabel('cutmix')).toBeNull();
  });
});

describe('formatCompareTable', () => {
  it('prints percentages, mean ± std and the relative change', () => {
    const rows = summarizeCompare([
      { label: 'word-mixup', errors: [0.1, 0.08] },
      { label: 'word-mixup+amp', errors: [0.09, 0.07] },
    ]);
    const text = formatCompareTable(rows, [1, 2]);
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/^configuration\s+seed 1\s+seed 2\s+mean ± std\s+vs base$/);
    expect(lines[3]).toMatch(/^word-mixup\s+10\.00\s+8\.00\s+9\.00 ± 1\.41$/);
    // (8 − 9) / 9 = −11.1 %
    expect(lines[4]).toMatch(/^word-mixup\+amp\s+9\.00\s+7\.00\s+8\.00 ± 1\.41\s+-11\.1% vs word-mixup$/);
  });
  it('marks a single seed std as n/a', () => {
    const text = formatCompareTable(summarizeCompare([{ label: 'none', errors: [0.125] }]), [7]);
    expect(text).toContain('12.50 ± n/a');
  });
});
