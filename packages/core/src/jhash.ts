/**
 * Bob Jenkins' lookup3 hash as the kernel has it (include/linux/jhash.h): jhash2 over 32-bit
 * words and jhash_3words. The kernel uses it where pktsim must pick what the kernel picks (NAT's
 * address within a range, VXLAN's source port), so the words are the kernel's: an IPv4 address
 * is its network-order bytes read as a little-endian u32 (`ipv4Le`).
 */

function rol32(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** __jhash_final. */
function jhashFinal(a: number, b: number, c: number): number {
  c = (c ^ b) >>> 0;
  c = (c - rol32(b, 14)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rol32(c, 11)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rol32(a, 25)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rol32(b, 16)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rol32(c, 4)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rol32(a, 14)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rol32(b, 24)) >>> 0;
  return c;
}

/** jhash_3words (__jhash_nwords with JHASH_INITVAL + (3 << 2)). */
export function jhash3words(a: number, b: number, c: number, initval: number): number {
  const iv = (0xdeadbeef + (3 << 2) + initval) >>> 0;
  return jhashFinal((a + iv) >>> 0, (b + iv) >>> 0, (c + iv) >>> 0);
}

/** jhash2: `words` 32-bit words, `initval` the seed. */
export function jhash2(words: ArrayLike<number>, initval: number): number {
  let n = words.length;
  let a = (0xdeadbeef + (n << 2) + initval) >>> 0;
  let b = a;
  let c = a;
  let i = 0;
  while (n > 3) {
    a = (a + words[i]!) >>> 0;
    b = (b + words[i + 1]!) >>> 0;
    c = (c + words[i + 2]!) >>> 0;
    // __jhash_mix
    a = (a - c) >>> 0;
    a = (a ^ rol32(c, 4)) >>> 0;
    c = (c + b) >>> 0;
    b = (b - a) >>> 0;
    b = (b ^ rol32(a, 6)) >>> 0;
    a = (a + c) >>> 0;
    c = (c - b) >>> 0;
    c = (c ^ rol32(b, 8)) >>> 0;
    b = (b + a) >>> 0;
    a = (a - c) >>> 0;
    a = (a ^ rol32(c, 16)) >>> 0;
    c = (c + b) >>> 0;
    b = (b - a) >>> 0;
    b = (b ^ rol32(a, 19)) >>> 0;
    a = (a + c) >>> 0;
    c = (c - b) >>> 0;
    c = (c ^ rol32(b, 4)) >>> 0;
    b = (b + a) >>> 0;
    n -= 3;
    i += 3;
  }
  // The last one to three words (the kernel's switch falls through from case 3 to case 1).
  if (n === 0) return c;
  if (n === 3) c = (c + words[i + 2]!) >>> 0;
  if (n >= 2) b = (b + words[i + 1]!) >>> 0;
  a = (a + words[i]!) >>> 0;
  return jhashFinal(a, b, c);
}

/** An IPv4 address (host-order number) as the kernel's u32 holding its network-order bytes on little-endian x86. */
export function ipv4Le(addr: number): number {
  return (((addr & 255) << 24) | (((addr >>> 8) & 255) << 16) | (((addr >>> 16) & 255) << 8) | (addr >>> 24)) >>> 0;
}

/** reciprocal_scale: `value` scaled into [0, ep_ro). */
export function reciprocalScale(value: number, epRo: number): number {
  // (u64)value * ep_ro >> 32, exactly (the product needs up to 64 bits).
  return Number((BigInt(value >>> 0) * BigInt(epRo >>> 0)) >> 32n);
}
