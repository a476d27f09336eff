import { OptionError } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import { cutMix, cutMixMixer, cutMixPolicy, resolveCutMixOptions } from '../src/index.js';

describe('resolveCutMixOptions', () => {
  it('defaults to alpha 1, tau 1, site "input", box "exact"', () => {
    expect(resolveCutMixOptions()).toEqual({ alpha: 1, tau: 1, site: 'input', box: 'exact' });
    expect(resolveCutMixOptions({ alpha: 0.4, tau: 0.25, site: 'hidden1' })).toEqual({ alpha: 0.4, tau: 0.25, site: 'hidden1', box: 'exact' });
  });

  it.each([
    [{ tau: 0 }, 'tau', '0', '> 0'],
    [{ tau: -1 }, 'tau', '-1', '> 0'],
    [{ tau: Number.NaN }, 'tau', 'NaN', '> 0'],
    [{ alpha: 0 }, 'alpha', '0', '> 0'],
    [{ alpha: -0.5 }, 'alpha', '-0.5', '> 0'],
    [{ alpha: Infinity }, 'alpha', 'Infinity', '> 0'],
    [{ site: '' }, 'site', '""', 'non-empty'],
  ])('rejects %o naming the option, the value and the range', (options, option, shown, range) => {
    let caught: unknown;
    try {
      resolveCutMixOptions(options);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(OptionError);
    const err = caught as OptionError;
    expect(err.option).toBe(option);
    expect(err.message).toContain(`got ${shown}`);
    expect(err.message).toContain(range);
  });

  it('rejects unknown keys (typos) and non-objects', () => {
    expect(() => resolveCutMixOptions({ alhpa: 1 } as never)).toThrow(/alhpa/);
    expect(() => resolveCutMixOptions(null as never)).toThrow(OptionError);
  });

  it('validates at every public factory', () => {
    expect(() => cutMix({ tau: 0 })).toThrow(/tau: got 0/);
    expect(() => cutMix({ alpha: -2 })).toThrow(/alpha: got -2/);
    expect(() => cutMixMixer({ tau: -3 })).toThrow(/tau: got -3/);
    expect(() => cutMixPolicy({ alpha: 0 })).toThrow(/alpha: got 0/);
    expect(() => cutMixMixer({ alpha: 1 } as never)).toThrow(/"alpha"/);
    expect(() => cutMixPolicy({ tau: 1 } as never)).toThrow(/"tau"/);
  });

  it('builds a method named cutmix from its policy and mixer', () => {
    const m = cutMix();
    expect([m.name, m.policy.name, m.mixer.name]).toEqual(['cutmix', 'cutmix', 'cutmix']);
  });
});
