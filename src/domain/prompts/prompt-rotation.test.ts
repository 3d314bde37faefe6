import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImageType } from './image-type.js';
import type { Prompt } from './prompt-library.js';
import {
  ACTOR_PROMPT_RETIREMENT,
  chooseNextType,
  choosePrompt,
  FILTERED_PROMPT_RETIREMENT,
  retiredPrompts,
  type PromptUse,
} from './prompt-rotation.js';

const targets = { photorealistic: 3, bw_stylized: 2, color_stylized: 1 };

function use(
  promptId: string,
  outcome: 'success' | 'failed' | 'filtered' | 'in_flight',
  type: ImageType = 'photorealistic',
): PromptUse {
  return {
    promptId,
    type,
    isSuccess: outcome === 'success',
    isFiltered: outcome === 'filtered',
    isFinished: outcome !== 'in_flight',
  };
}

function prompts(...ids: string[]): Prompt[] {
  return ids.map((id) => ({ id, type: 'photorealistic', template: `${id} {descriptor}` }));
}

const first = () => 0;

describe('chooseNextType', () => {
  it('picks the type furthest from its target', () => {
    expect(chooseNextType(targets, [])).toBe('photorealistic');
    expect(chooseNextType(targets, [use('a', 'success'), use('b', 'success')])).toBe('bw_stylized');
  });

  it('counts attempts in flight as if they will succeed', () => {
    const uses = [use('a', 'in_flight'), use('b', 'in_flight'), use('c', 'in_flight')];
    expect(chooseNextType(targets, uses)).toBe('bw_stylized');
  });

  it('does not count failed or filtered attempts', () => {
    const uses = [use('a', 'failed'), use('b', 'filtered'), use('c', 'success')];
    expect(chooseNextType(targets, uses)).toBe('photorealistic');
  });

  it('breaks ties in the seed order of types', () => {
    expect(chooseNextType({ photorealistic: 1, bw_stylized: 1, color_stylized: 1 }, [])).toBe('photorealistic');
    expect(chooseNextType({ photorealistic: 0, bw_stylized: 2, color_stylized: 2 }, [])).toBe('bw_stylized');
  });

  it('is undefined when every target is met (or over-met) counting in-flight attempts', () => {
    const uses = [
      use('a', 'success'),
      use('b', 'success'),
      use('c', 'in_flight'),
      use('d', 'success', 'bw_stylized'),
      use('e', 'in_flight', 'bw_stylized'),
      use('f', 'success', 'color_stylized'),
      use('g', 'success', 'color_stylized'),
    ];
    expect(chooseNextType(targets, uses)).toBeUndefined();
  });
});

describe('choosePrompt', () => {
  it('picks among the least used prompts, with the injected pick', () => {
    const candidates = prompts('a', 'b', 'c');
    const uses = [use('a', 'success'), use('b', 'failed'), use('a', 'success'), use('b', 'failed')];
    expect(choosePrompt(candidates, uses, { pick: first }).id).toBe('c');
  });

  it('passes pick the number of equally good candidates and uses its answer', () => {
    const counts: number[] = [];
    const chosen = choosePrompt(prompts('a', 'b', 'c'), [], {
      pick: (count) => {
        counts.push(count);
        return 2;
      },
    });
    expect(counts).toEqual([3]);
    expect(chosen.id).toBe('c');
  });

  it('falls back to the first candidate when pick answers out of range', () => {
    expect(choosePrompt(prompts('a', 'b'), [], { pick: () => 7 }).id).toBe('a');
  });

  it('refuses an empty candidate list', () => {
    expect(() => choosePrompt([], [], { pick: first })).toThrow('at least one candidate');
  });

  it('repeats the only candidate', () => {
    expect(choosePrompt(prompts('a'), [use('a', 'failed')], { pick: first }).id).toBe('a');
  });

  it('never returns the previous prompt when another candidate exists (random histories)', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: ids.length }),
        fc.array(
          fc.record({
            id: fc.constantFrom(...ids),
            outcome: fc.constantFrom('success', 'failed', 'in_flight' as const),
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.nat(),
        (candidateCount, history, seed) => {
          const candidates = prompts(...ids.slice(0, candidateCount));
          const uses = history.map((h) => use(h.id, h.outcome));
          const chosen = choosePrompt(candidates, uses, { pick: (n) => seed % n });
          expect(candidates).toContain(chosen);
          expect(chosen.id).not.toBe(uses.at(-1)?.promptId);
        },
      ),
    );
  });

  it('never returns the previous prompt when another non-retired candidate exists (random filtered histories)', () => {
    const ids = ['a', 'b', 'c', 'd'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.constantFrom(...ids),
            outcome: fc.constantFrom('success', 'failed', 'filtered' as const),
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.nat(),
        (history, seed) => {
          const candidates = prompts(...ids);
          const uses = history.map((h) => use(h.id, h.outcome));
          const previous = uses.at(-1)?.promptId;
          const filtered = (id: string) => uses.filter((u) => u.promptId === id && u.isFiltered).length;
          const isActive = (id: string) => filtered(id) < FILTERED_PROMPT_RETIREMENT;
          const hasActiveAlternative = ids.some((id) => id !== previous && isActive(id));
          const chosen = choosePrompt(candidates, uses, { pick: (n) => seed % n });
          if (hasActiveAlternative) {
            expect(chosen.id).not.toBe(previous);
            expect(isActive(chosen.id)).toBe(true);
          }
        },
      ),
    );
  });

  it('cycles through all prompts of a type before repeating any (3 cycles of 5)', () => {
    const candidates = prompts('p1', 'p2', 'p3', 'p4', 'p5');
    let state = 12345;
    const seededPick = (count: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % count;
    };
    const uses: PromptUse[] = [];
    for (let i = 0; i < 15; i += 1) {
      const chosen = choosePrompt(candidates, uses, { pick: seededPick });
      uses.push(use(chosen.id, i % 3 === 0 ? 'failed' : 'success'));
    }
    const picked = uses.map((u) => u.promptId);
    for (let block = 0; block < 3; block += 1) {
      expect([...picked.slice(block * 5, block * 5 + 5)].sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    }
    expect(
      new Set([picked.slice(0, 5).join(), picked.slice(5, 10).join(), picked.slice(10, 15).join()]).size,
    ).toBeGreaterThan(1);
  });

  it(`skips a prompt filtered ${FILTERED_PROMPT_RETIREMENT} times while others remain`, () => {
    const candidates = prompts('a', 'b', 'c');
    const history = [
      use('a', 'filtered'),
      use('a', 'filtered'),
      use('b', 'success'),
      use('b', 'success'),
      use('b', 'success'),
    ];
    const uses = [...history, use('c', 'success'), use('c', 'success'), use('c', 'success')];
    expect(choosePrompt(candidates, uses, { pick: first }).id).toBe('b');
  });

  it('still uses a prompt filtered fewer times when it is the least used', () => {
    const candidates = prompts('a', 'b', 'c');
    const uses = [
      use('a', 'filtered'),
      use('a', 'success'),
      use('b', 'success'),
      use('b', 'success'),
      use('b', 'success'),
    ];
    const withC = [...uses, use('c', 'success'), use('c', 'success'), use('c', 'success')];
    expect(choosePrompt(candidates, withC, { pick: first }).id).toBe('a');
  });

  it('falls back to filtered prompts when every candidate is retired', () => {
    const candidates = prompts('a', 'b');
    const uses = [use('a', 'filtered'), use('b', 'filtered'), use('a', 'filtered'), use('b', 'filtered')];
    expect(choosePrompt(candidates, uses, { pick: first }).id).toBe('a');
  });
});

describe('choosePrompt: learning which prompts pass', () => {
  it('takes the prompt whose estimate draws highest among the least used', () => {
    const draws: Record<string, number> = { a: 0.2, b: 0.9, c: 0.5 };
    expect(choosePrompt(prompts('a', 'b', 'c'), [], { pick: first, draw: (id) => draws[id]! }).id).toBe('b');
  });

  it('never lets a good draw repeat a prompt before the others of its type are used', () => {
    const draws: Record<string, number> = { a: 0.99, b: 0.1, c: 0.1 };
    const uses = [use('a', 'success')];
    const chosen = choosePrompt(prompts('a', 'b', 'c'), uses, { pick: first, draw: (id) => draws[id]! });
    expect(chosen.id).not.toBe('a');
  });

  it('skips prompts retired for the actor while others remain, and falls back to them when none do', () => {
    const retired = new Set(['a', 'b']);
    expect(choosePrompt(prompts('a', 'b', 'c'), [], { pick: first, retired }).id).toBe('c');
    expect(choosePrompt(prompts('a', 'b'), [], { pick: first, retired }).id).toBe('a');
  });

  it('retires a prompt for an actor after ACTOR_PROMPT_RETIREMENT refusals', () => {
    const counts = new Map([
      ['a', ACTOR_PROMPT_RETIREMENT],
      ['b', ACTOR_PROMPT_RETIREMENT - 1],
    ]);
    expect([...retiredPrompts(counts)]).toEqual(['a']);
  });
});

describe('chooseNextType: over-launching', () => {
  it('spreads spare attempts over the types whose targets are already covered', () => {
    const targets = { photorealistic: 2, bw_stylized: 1, color_stylized: 0 };
    const uses = [use('p1', 'in_flight', 'photorealistic'), use('b1', 'in_flight', 'bw_stylized')];
    expect(chooseNextType(targets, uses)).toBe('photorealistic');
    const covered = [...uses, use('p2', 'in_flight', 'photorealistic')];
    expect(chooseNextType(targets, covered)).toBeUndefined();
    expect(chooseNextType(targets, covered, true)).toBe('photorealistic');
    expect(chooseNextType(targets, [...covered, use('p3', 'in_flight', 'photorealistic')], true)).toBe('bw_stylized');
  });
});
