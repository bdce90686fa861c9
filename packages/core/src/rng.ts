/**
 * The seeded random number generator: every random choice of a simulation (MAC addresses,
 * ping identifiers, IP ID keys, jitter, loss) is drawn from one of these, so the same seed
 * gives the same bytes. Backed by pure-rand's xoroshiro128+.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

export const DEFAULT_SEED = 1;

export class Rng {
  private readonly gen: RandomGenerator;
  readonly seed: number;

  constructor(seed: number = DEFAULT_SEED) {
    this.seed = seed;
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** A uniformly distributed uint32. */
  uint32(): number {
    return this.gen.next() >>> 0;
  }

  /** An integer uniformly in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  /** A float uniformly in [0, 1). */
  float(): number {
    return (this.uint32() * 0x200000 + (this.uint32() >>> 11)) / 2 ** 53;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.float() < p;
  }

  /** Fills `out` with random bytes. */
  bytes(out: Uint8Array): Uint8Array {
    for (let i = 0; i < out.length; i += 4) {
      let word = this.uint32();
      for (let j = i; j < i + 4 && j < out.length; j++) {
        out[j] = word & 255;
        word >>>= 8;
      }
    }
    return out;
  }

  /** An independent generator (for a sub-system), derived deterministically from this one. */
  fork(): Rng {
    return new Rng(this.uint32() | 0);
  }

  /** eth_random_addr(): random bytes, multicast bit cleared, locally administered bit set. */
  randomMac(): number {
    const first = (this.int(0, 255) & 0xfe) | 0x02;
    let mac = first;
    for (let i = 0; i < 5; i++) mac = mac * 256 + this.int(0, 255);
    return mac;
  }
}
