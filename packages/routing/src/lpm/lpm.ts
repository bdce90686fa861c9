import type { Ipv4Addr } from "@pktsim/core";

/** One stored prefix and its value. */
export interface LpmEntry<V> {
  readonly prefix: Ipv4Addr;
  readonly prefixLen: number;
  readonly value: V;
}

/**
 * A longest-prefix-match table over IPv4 prefixes. Prefixes are (network address, length) with
 * the host bits clear; inserting a prefix with host bits set, or a length outside 0..32, throws
 * a RangeError (the FIB validates first and answers EINVAL, as `fib_valid_key_len` does).
 */
export interface Lpm<V> {
  /** Number of stored prefixes. */
  readonly size: number;
  /** Stores `value` under the prefix, replacing any value already there. */
  insert(prefix: Ipv4Addr, prefixLen: number, value: V): void;
  /** Removes the prefix; false when it was not stored. */
  remove(prefix: Ipv4Addr, prefixLen: number): boolean;
  /** The value stored under exactly this prefix. */
  get(prefix: Ipv4Addr, prefixLen: number): V | undefined;
  /**
   * The value of the longest stored prefix covering `addr` whose length is at most `maxLen`
   * (default 32). Lowering `maxLen` below the length of the last match walks the covering
   * prefixes from longest to shortest, which is how the FIB back-tracks (`fib_table_lookup`).
   */
  lookup(addr: Ipv4Addr, maxLen?: number): V | undefined;
  /** Visits the prefixes covering `addr`, longest first, until `visit` returns true. */
  forEachMatch(addr: Ipv4Addr, visit: (value: V, prefixLen: number) => boolean | void): void;
  /** All entries in the kernel's dump order: ascending address, longer prefix first. */
  entries(): IterableIterator<LpmEntry<V>>;
  [Symbol.iterator](): IterableIterator<LpmEntry<V>>;
}

/** MASKS[len] is the netmask of a prefix length, as a uint32. */
export const MASKS: Uint32Array = (() => {
  const m = new Uint32Array(33);
  for (let len = 1; len <= 32; len++) m[len] = (0xffffffff << (32 - len)) >>> 0;
  return m;
})();

export function checkPrefix(prefix: Ipv4Addr, prefixLen: number): void {
  if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > 32) {
    throw new RangeError(`invalid prefix length ${prefixLen}`);
  }
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 0xffffffff) {
    throw new RangeError(`invalid IPv4 address ${prefix}`);
  }
  if ((prefix & ~(MASKS[prefixLen] as number)) !== 0) {
    throw new RangeError("host bits set for the prefix length");
  }
}

/** The kernel's dump order (fib_trie leaves by key, aliases by suffix length). */
export function compareDumpOrder(
  aPrefix: Ipv4Addr,
  aLen: number,
  bPrefix: Ipv4Addr,
  bLen: number,
): number {
  return aPrefix !== bPrefix ? aPrefix - bPrefix : bLen - aLen;
}
