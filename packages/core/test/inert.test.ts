import { describe, expect, it } from 'vitest';
import { createInertAmpMonitor } from '../src/index.js';

const lambda = [0.3, 0.6];
describe('createInertAmpMonitor', () => {
  it('reports once after N steps in a row where λ never moved (a batch of one), never again', () => {
    const m = createInertAmpMonitor({ steps: 3 });
    const step = { lambda: [0.4], lambdaPrime: [0.4], maskRate: 0 };
    expect(m.observe(step)).toBeNull();
    expect(m.observe(step)).toBeNull();
    const r = m.observe(step)!;
    expect(r).toMatchObject({ step: 3, steps: 3, reason: 'delta-below-resolution', meanAbsDeltaLambda: 0, meanResolution: 0 });
    expect(r.message).toMatch(/AMP is inert: over 3 steps in a row λ' equalled λ for every example/);
    expect(m.observe(step)).toBeNull();
    expect(m.report).toBe(r);
  });

  it("compares |Δλ| with the mixer's resolution (CutMix: one pixel of box side)", () => {
    const m = createInertAmpMonitor({ steps: 2, mixerName: 'cutmix' });
    const below = { lambda, lambdaPrime: [0.301, 0.599], maskRate: 0, resolution: [0.02, 0.03] };
    m.observe(below);
    const r = m.observe(below)!;
    expect(r.reason).toBe('delta-below-resolution');
    expect(r.meanAbsDeltaLambda).toBeCloseTo(0.001, 12);
    expect(r.meanResolution).toBeCloseTo(0.025, 12);
    expect(r.message).toMatch(/cutmix's resolution/);
  });

  it('an acting step resets the count; a mask rate of 0 alone is also inert', () => {
    const m = createInertAmpMonitor({ steps: 2 });
    const acting = { lambda, lambdaPrime: [0.31, 0.59], maskRate: 0.5 };
    const maskless = { lambda, lambdaPrime: [0.31, 0.59], maskRate: 0 };
    expect(m.observe(maskless)).toBeNull();
    expect(m.observe(acting)).toBeNull();
    expect(m.observe(maskless)).toBeNull();
    expect(m.observe(maskless)?.reason).toBe('mask-rate-zero');
    const busy = createInertAmpMonitor({ steps: 1 });
    expect(busy.observe(acting)).toBeNull();
    expect(busy.observe({ ...acting, resolution: [0.001, 0.001] })).toBeNull();
  });

  it('validates steps', () => {
    expect(() => createInertAmpMonitor({ steps: 0 })).toThrow(/steps: got 0; expected an integer ≥ 1/);
  });
});
