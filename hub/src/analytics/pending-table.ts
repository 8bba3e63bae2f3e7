/**
 * The repeat engine's memory of served visits still waiting for their next visit: a hash table
 * of chains over typed arrays, keyed by the 52-bit identity key. A year is ~1.2 million served
 * visits; as objects in a Map they cost more in garbage collection than the analysis itself.
 * Entries older than 7 days are dropped lazily (when their bucket is walked) and by a sweep
 * every few weeks of data.
 */
const NIL = -1;

export class PendingTable {
  private readonly bits: number;
  private readonly heads: Int32Array;
  private cap: number;
  key: Float64Array;
  end: Float64Array;
  ref: Float64Array;
  service: Int32Array;
  staff: Int32Array;
  /** bit 0: served visit inside the report's range; bit 1: it was itself a repeat; bit 2: a phone call (repeats.ts). */
  flags: Uint8Array;
  next: Int32Array;
  private free = NIL;
  private top = 0;

  constructor(bits = 19, capacity = 1 << 12) {
    this.bits = bits;
    this.heads = new Int32Array(1 << bits).fill(NIL);
    this.cap = capacity;
    this.key = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.ref = new Float64Array(capacity);
    this.service = new Int32Array(capacity);
    this.staff = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.next = new Int32Array(capacity);
  }

  bucket(key: number): number {
    const lo = key >>> 0;
    const hi = Math.floor(key / 4_294_967_296) | 0;
    return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> (32 - this.bits);
  }

  head(bucket: number): number {
    return this.heads[bucket] as number;
  }

  setHead(bucket: number, i: number): void {
    this.heads[bucket] = i;
  }

  /** A new entry at the head of the key's bucket chain. */
  insert(key: number, end: number, service: number, staff: number, flags: number, ref: number): void {
    let i = this.free;
    if (i !== NIL) this.free = this.next[i] as number;
    else {
      if (this.top === this.cap) this.grow();
      i = this.top++;
    }
    const b = this.bucket(key);
    this.key[i] = key;
    this.end[i] = end;
    this.service[i] = service;
    this.staff[i] = staff;
    this.flags[i] = flags;
    this.ref[i] = ref;
    this.next[i] = this.heads[b] as number;
    this.heads[b] = i;
  }

  /** Returns entry `i` (already unlinked from its chain) to the free list. */
  release(i: number): void {
    this.next[i] = this.free;
    this.free = i;
  }

  /** Drops every entry that ended before `before`. */
  sweep(before: number): void {
    for (let b = 0; b < this.heads.length; b++) {
      let prev = NIL;
      let i = this.heads[b] as number;
      while (i !== NIL) {
        const nxt = this.next[i] as number;
        if ((this.end[i] as number) < before) {
          if (prev === NIL) this.heads[b] = nxt;
          else this.next[prev] = nxt;
          this.release(i);
        } else prev = i;
        i = nxt;
      }
    }
  }

  private grow(): void {
    const cap = this.cap * 2;
    const widen = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.key = widen(this.key, (n) => new Float64Array(n));
    this.end = widen(this.end, (n) => new Float64Array(n));
    this.ref = widen(this.ref, (n) => new Float64Array(n));
    this.service = widen(this.service, (n) => new Int32Array(n));
    this.staff = widen(this.staff, (n) => new Int32Array(n));
    this.flags = widen(this.flags, (n) => new Uint8Array(n));
    this.next = widen(this.next, (n) => new Int32Array(n));
    this.cap = cap;
  }
}

export const PENDING_NIL = NIL;
