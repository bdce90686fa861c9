/**
 * The default FDB: open addressing with linear probing on numeric keys. A MAC is split into
 * two 24-bit halves that, with the VLAN, are hashed and compared as small integers, so a
 * lookup allocates nothing. Entries live in a slab indexed by number; a doubly linked list
 * through the slab keeps the kernel's dump order (newest first). Deletion shifts the probe
 * run back (no tombstones), so lookups stay short after heavy ageing.
 */
import type { MacAddr, Nanos } from "@pktsim/core";
import type { Fdb, FdbEntry } from "./fdb";

const EMPTY = -1;
const TWO_24 = 0x100_0000;
const MIN_CAPACITY = 16;

class FastEntry implements FdbEntry {
  constructor(
    readonly mac: MacAddr,
    readonly vlan: number,
    public port: number,
    public flags: number,
    public updated: Nanos,
    public used: Nanos,
  ) {}
}

export class FastFdb implements Fdb {
  /** Table slot → slab index, or EMPTY. */
  private slots: Int32Array;
  private mask: number;
  /** Slab: entry objects and their keys as numbers, plus the dump list links. */
  private readonly entry: Array<FastEntry | undefined> = [];
  private keyHi: Int32Array;
  private keyLo: Int32Array;
  private keyVlan: Int32Array;
  private prev: Int32Array;
  private next: Int32Array;
  private readonly freeList: number[] = [];
  private head = EMPTY;
  private count = 0;

  constructor(initialCapacity: number = MIN_CAPACITY) {
    let cap = MIN_CAPACITY;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    const slab = cap >> 1;
    this.keyHi = new Int32Array(slab);
    this.keyLo = new Int32Array(slab);
    this.keyVlan = new Int32Array(slab);
    this.prev = new Int32Array(slab);
    this.next = new Int32Array(slab);
  }

  get size(): number {
    return this.count;
  }

  /** A 32-bit mix of the key (murmur3's finaliser over the three parts). */
  private static hash(hi: number, lo: number, vlan: number): number {
    let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b);
    h ^= Math.imul(lo ^ (vlan << 24), 0xc2b2ae35);
    h ^= vlan;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }

  /** The table slot holding (hi, lo, vlan), or the empty slot where it would go (as ~slot). */
  private probe(hi: number, lo: number, vlan: number): number {
    let i = FastFdb.hash(hi, lo, vlan) & this.mask;
    for (;;) {
      const e = this.slots[i]!;
      if (e === EMPTY) return ~i;
      if (this.keyLo[e] === lo && this.keyHi[e] === hi && this.keyVlan[e] === vlan) return i;
      i = (i + 1) & this.mask;
    }
  }

  find(mac: MacAddr, vlan: number): FdbEntry | undefined {
    const hi = Math.floor(mac / TWO_24);
    const slot = this.probe(hi, mac - hi * TWO_24, vlan);
    return slot >= 0 ? this.entry[this.slots[slot]!] : undefined;
  }

  create(mac: MacAddr, vlan: number, port: number, flags: number, now: Nanos): FdbEntry {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const hi = Math.floor(mac / TWO_24);
    const lo = mac - hi * TWO_24;
    const slot = this.probe(hi, lo, vlan);
    if (slot >= 0) throw new Error("fdb entry exists");
    const idx = this.freeList.length > 0 ? this.freeList.pop()! : this.entry.length;
    const e = new FastEntry(mac, vlan, port, flags, now, now);
    this.entry[idx] = e;
    this.keyHi[idx] = hi;
    this.keyLo[idx] = lo;
    this.keyVlan[idx] = vlan;
    this.prev[idx] = EMPTY;
    this.next[idx] = this.head;
    if (this.head !== EMPTY) this.prev[this.head] = idx;
    this.head = idx;
    this.slots[~slot] = idx;
    this.count++;
    return e;
  }

  delete(mac: MacAddr, vlan: number): boolean {
    const hi = Math.floor(mac / TWO_24);
    let slot = this.probe(hi, mac - hi * TWO_24, vlan);
    if (slot < 0) return false;
    const idx = this.slots[slot]!;
    // Unlink from the dump list and free the slab slot.
    const p = this.prev[idx]!;
    const n = this.next[idx]!;
    if (p !== EMPTY) this.next[p] = n;
    else this.head = n;
    if (n !== EMPTY) this.prev[n] = p;
    this.entry[idx] = undefined;
    this.freeList.push(idx);
    this.count--;
    // Backward-shift deletion: move later members of the probe run into the hole.
    const mask = this.mask;
    let hole = slot;
    for (;;) {
      slot = (slot + 1) & mask;
      const e = this.slots[slot]!;
      if (e === EMPTY) break;
      const home = FastFdb.hash(this.keyHi[e]!, this.keyLo[e]!, this.keyVlan[e]!) & mask;
      // The entry may fill the hole unless its home lies cyclically in (hole, slot].
      const between = hole <= slot ? home > hole && home <= slot : home > hole || home <= slot;
      if (!between) {
        this.slots[hole] = e;
        hole = slot;
      }
    }
    this.slots[hole] = EMPTY;
    return true;
  }

  entries(): FdbEntry[] {
    const out: FdbEntry[] = [];
    for (let i = this.head; i !== EMPTY; i = this.next[i]!) out.push(this.entry[i]!);
    return out;
  }

  clear(): void {
    this.slots.fill(EMPTY);
    this.entry.length = 0;
    this.freeList.length = 0;
    this.head = EMPTY;
    this.count = 0;
  }

  /** Doubles the table and the slab, re-inserting every live entry. */
  private grow(): void {
    const cap = this.slots.length * 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    const slab = cap >> 1;
    const widen = (a: Int32Array): Int32Array => {
      const b = new Int32Array(slab);
      b.set(a);
      return b;
    };
    this.keyHi = widen(this.keyHi);
    this.keyLo = widen(this.keyLo);
    this.keyVlan = widen(this.keyVlan);
    this.prev = widen(this.prev);
    this.next = widen(this.next);
    for (let idx = 0; idx < this.entry.length; idx++) {
      if (this.entry[idx] === undefined) continue;
      const slot = this.probe(this.keyHi[idx]!, this.keyLo[idx]!, this.keyVlan[idx]!);
      this.slots[~slot] = idx;
    }
  }
}
