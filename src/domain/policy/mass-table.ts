/**
 * Probability mass over job states (missing, used), as an open-addressing hash table on typed arrays: the exact
 * forecast adds to it millions of times, and a Map of number keys is several times slower.
 */
export class MassTable {
  private missing: Int32Array;
  private used: Int32Array;
  private mass: Float64Array;
  private slots: number[] = [];

  /** `expectedStates` sizes the table; it grows past that as needed. */
  constructor(expectedStates = 256) {
    let capacity = 16;
    while (capacity < 2 * expectedStates) capacity *= 2;
    this.missing = new Int32Array(capacity).fill(-1);
    this.used = new Int32Array(capacity);
    this.mass = new Float64Array(capacity);
  }

  get size(): number {
    return this.slots.length;
  }

  add(missing: number, used: number, mass: number): void {
    if (2 * (this.slots.length + 1) > this.missing.length) this.grow();
    const slot = this.find(missing, used);
    if (this.missing[slot] === -1) {
      this.missing[slot] = missing;
      this.used[slot] = used;
      this.slots.push(slot);
    }
    this.mass[slot]! += mass;
  }

  /** Visits every state with its mass, in insertion order. */
  forEach(visit: (missing: number, used: number, mass: number) => void): void {
    for (const slot of this.slots) visit(this.missing[slot]!, this.used[slot]!, this.mass[slot]!);
  }

  private find(missing: number, used: number): number {
    const mask = this.missing.length - 1;
    let slot = (Math.imul(missing, 0x9e3779b1) ^ Math.imul(used, 0x85ebca6b)) & mask;
    while (this.missing[slot] !== -1 && (this.missing[slot] !== missing || this.used[slot] !== used)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const old = { missing: this.missing, used: this.used, mass: this.mass, slots: this.slots };
    const capacity = this.missing.length * 2;
    this.missing = new Int32Array(capacity).fill(-1);
    this.used = new Int32Array(capacity);
    this.mass = new Float64Array(capacity);
    this.slots = [];
    for (const slot of old.slots) this.add(old.missing[slot]!, old.used[slot]!, old.mass[slot]!);
  }
}
