import { describe, expect, it } from 'vitest';
import { betaPolicy, identityPlan, OptionError, Rng, ShapeError, validatePlan } from '../src/index.js';

describe('beta policy', () => {
  it('samples a valid plan at the first site by default', () => {
    const plan = betaPolicy().plan({ batchSize: 8, rng: new Rng(1), sites: ['input', 'hidden1'] });
    expect(validatePlan(plan, 8, ['input', 'hidden1'])).toBe(plan);
    expect(plan.site).toBe('input');
    expect([...plan.partners].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('per-batch granularity shares one λ', () => {
    const plan = betaPolicy({ granularity: 'batch', alpha: 0.4 }).plan({ batchSize: 5, rng: new Rng(2), sites: ['input'] });
    expect(new Set(plan.lambda).size).toBe(1);
  });

  it('same seed, same plan', () => {
    const p = betaPolicy({ alpha: 0.2 });
    const a = p.plan({ batchSize: 6, rng: new Rng(3), sites: ['input'] });
    const b = p.plan({ batchSize: 6, rng: new Rng(3), sites: ['input'] });
    expect(a).toEqual(b);
  });

  it('validates its options at the boundary', () => {
    expect(() => betaPolicy({ alpha: 0 })).toThrow(/alpha: got 0; expected a finite number > 0/);
    expect(() => betaPolicy({ alpha: Number.NaN })).toThrow(/alpha: got NaN/);
    expect(() => betaPolicy({ granularity: 'sample' as 'batch' })).toThrow(/granularity: got "sample"; expected one of "example", "batch"/);
    expect(() => betaPolicy({ alfa: 1 } as object)).toThrow(/beta policy option "alfa"/);
    expect(() => betaPolicy({ site: 'hidden9' }).plan({ batchSize: 2, rng: new Rng(1), sites: ['input'] })).toThrow(/site: got "hidden9"; expected one of the model's sites: "input"/);
  });
});

describe('validatePlan', () => {
  const good = identityPlan(3, 'input');
  it('accepts an identity plan', () => {
    expect(validatePlan(good, 3)).toBe(good);
  });
  it('rejects λ outside [0, 1], bad partners, wrong lengths and unknown sites', () => {
    expect(() => validatePlan({ ...good, lambda: Float32Array.from([1, 1.5, 0]) }, 3)).toThrow(/plan.lambda\[1\]: got 1.5; expected a number in \[0, 1\]/);
    expect(() => validatePlan({ ...good, lambda: Float32Array.from([1, Number.NaN, 0]) }, 3)).toThrow(OptionError);
    expect(() => validatePlan({ ...good, partners: Int32Array.from([0, 3, 1]) }, 3)).toThrow(/plan.partners\[1\]: got 3; expected an index in \[0, 2\]/);
    expect(() => validatePlan(good, 4)).toThrow(ShapeError);
    expect(() => validatePlan(good, 3, ['word'])).toThrow(/plan.site: got "input"/);
    expect(() => validatePlan({ ...good, lambda: [1, 1, 1] as unknown as Float32Array }, 3)).toThrow(/Float32Array/);
  });
});
