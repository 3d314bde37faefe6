import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.js';
import { PromptPool } from './prompt-pool.js';

const shape = { types: 3, promptsPerType: 15, stickyPerType: 3 };

describe('PromptPool', () => {
  it('cycles through every prompt of a type before repeating one', () => {
    const pool = new PromptPool({ types: 1, promptsPerType: 15, stickyPerType: 0 }, 100, createPrng(1));
    const first = Array.from({ length: 15 }, () => pool.launch());
    expect(new Set(first).size).toBe(15);
  });

  it('balances types by their share of N', () => {
    const pool = new PromptPool(shape, 9, createPrng(2));
    const types = Array.from({ length: 9 }, () => Math.floor(pool.launch() / 15));
    expect([0, 1, 2].map((t) => types.filter((x) => x === t).length)).toEqual([3, 3, 3]);
  });

  it('retires a prompt after 2 filters while others remain', () => {
    const pool = new PromptPool(shape, 300, createPrng(3));
    const stickyUses = new Map<number, number>();
    for (let i = 0; i < 300; i += 1) {
      const prompt = pool.launch();
      const isSticky = pool.isSticky(prompt);
      if (isSticky) stickyUses.set(prompt, (stickyUses.get(prompt) ?? 0) + 1);
      pool.finish(prompt, isSticky ? 'content_filter' : 'success');
    }
    expect(stickyUses.size).toBe(9);
    for (const uses of stickyUses.values()) expect(uses).toBe(2);
  });
});
