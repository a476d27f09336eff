import { permutation, Rng } from '@ampmix/core';
import { describe, expect, it } from 'vitest';
import { DataOrder } from '../src/data-order.js';

function epoch(order: DataOrder, rng: Rng, batches: number): number[][] {
  return Array.from({ length: batches }, () => Array.from(order.next(rng)));
}

describe('DataOrder', () => {
  it('draws a fresh seeded permutation each epoch and keeps the last partial batch', () => {
    const rng = new Rng(3);
    const order = new DataOrder(10, 4, false);
    const e1 = epoch(order, rng, 3);
    expect(e1.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(e1.flat()).toEqual(Array.from(permutation(new Rng(3), 10)));
    expect(order.epoch).toBe(1);
    const e2 = epoch(order, rng, 3);
    expect(order.epoch).toBe(2);
    expect([...e2.flat()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(e2.flat()).not.toEqual(e1.flat());
  });

  it('drops the last partial batch when asked', () => {
    const rng = new Rng(3);
    const order = new DataOrder(10, 4, true);
    const sizes = epoch(order, rng, 5).map((b) => b.length);
    expect(sizes).toEqual([4, 4, 4, 4, 4]);
    expect(order.epoch).toBe(3);
  });

  it('continues identically from a saved state (and from a mark)', () => {
    const rng = new Rng(9);
    const a = new DataOrder(7, 3, false);
    epoch(a, rng, 2);
    const mark = a.mark();
    const saved = { order: a.getState(), rng: rng.getState() };
    const next = epoch(a, rng, 4);
    for (const state of [saved.order, mark()]) {
      const b = new DataOrder(7, 3, false);
      b.setState(state);
      expect(epoch(b, Rng.fromState(saved.rng), 4)).toEqual(next);
    }
  });

  it('refuses a state from a training set of another size', () => {
    const order = new DataOrder(5, 2, false);
    expect(() => order.setState({ epoch: 1, position: 0, order: [0, 1, 2] })).toThrow(/3 examples cannot drive a training set of 5/);
  });
});
