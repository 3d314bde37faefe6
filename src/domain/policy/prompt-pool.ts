import type { UniformSource } from './prng.js';

/** The simulator's stand-in for Troupe's prompt library: `types` pools, some prompts the filter always refuses. */
export interface StickyPrompts {
  readonly types: number;
  readonly promptsPerType: number;
  readonly stickyPerType: number;
}

/** A prompt refused this often in one job is not tried again while others remain (as in prompt-rotation.ts). */
const RETIREMENT_FILTERS = 2;

/**
 * Prompt choice as Troupe does it, per job: the type furthest from its share of N (counting attempts in flight),
 * then the least used prompt of that type, skipping retired prompts and the previous launch's prompt when others
 * remain, random among ties.
 */
export class PromptPool {
  private readonly uses: number[];
  private readonly filters: number[];
  private readonly targets: number[];
  private readonly pending: number[];
  private previous = -1;

  constructor(
    private readonly shape: StickyPrompts,
    n: number,
    private readonly random: UniformSource,
  ) {
    const total = shape.types * shape.promptsPerType;
    this.uses = new Array<number>(total).fill(0);
    this.filters = new Array<number>(total).fill(0);
    this.targets = Array.from(
      { length: shape.types },
      (_, t) => Math.floor(n / shape.types) + (t < n % shape.types ? 1 : 0),
    );
    this.pending = new Array<number>(shape.types).fill(0);
  }

  /** Picks and marks a prompt for a new attempt; returns its index. */
  launch(): number {
    let type = 0;
    for (let t = 1; t < this.shape.types; t += 1) {
      if (this.targets[t]! - this.pending[t]! > this.targets[type]! - this.pending[type]!) type = t;
    }
    const first = type * this.shape.promptsPerType;
    let pool = this.range(first, (i) => this.filters[i]! < RETIREMENT_FILTERS);
    pool = this.prefer(pool, (i) => i !== this.previous);
    const fewest = Math.min(...pool.map((i) => this.uses[i]!));
    const least = pool.filter((i) => this.uses[i] === fewest);
    const prompt = least[Math.floor(this.random() * least.length)]!;
    this.uses[prompt]! += 1;
    this.pending[type]! += 1;
    this.previous = prompt;
    return prompt;
  }

  isSticky(prompt: number): boolean {
    return prompt % this.shape.promptsPerType < this.shape.stickyPerType;
  }

  /** Records the end of an attempt: a failure frees its type's slot, a filter counts toward retirement. */
  finish(prompt: number, outcome: 'success' | 'content_filter' | 'transient'): void {
    if (outcome !== 'success') this.pending[Math.floor(prompt / this.shape.promptsPerType)]! -= 1;
    if (outcome === 'content_filter') this.filters[prompt]! += 1;
  }

  private range(first: number, keep: (i: number) => boolean): number[] {
    const all = Array.from({ length: this.shape.promptsPerType }, (_, i) => first + i);
    return this.prefer(all, keep);
  }

  private prefer(items: number[], keep: (i: number) => boolean): number[] {
    const kept = items.filter(keep);
    return kept.length > 0 ? kept : items;
  }
}
