/**
 * Big-endian field access over a byte buffer, shared by the wire views (not exported from the
 * package). Reads past the end yield 0 and writes past the end are dropped (typed-array
 * semantics): a view that skipped `checkLen()` reads garbage but never throws.
 */

export function readU16(buf: Uint8Array, at: number): number {
  return (buf[at]! << 8) | buf[at + 1]!;
}

export function writeU16(buf: Uint8Array, at: number, value: number): void {
  buf[at] = value >>> 8;
  buf[at + 1] = value;
}

export function readU32(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

export function writeU32(buf: Uint8Array, at: number, value: number): void {
  buf[at] = value >>> 24;
  buf[at + 1] = value >>> 16;
  buf[at + 2] = value >>> 8;
  buf[at + 3] = value;
}

/** A copy of `length` bytes at `at`, clipped to the buffer (Reprs own their bytes). */
export function copyBytes(buf: Uint8Array, at: number, length: number): Uint8Array {
  const start = Math.min(Math.max(at, 0), buf.length);
  return buf.slice(start, Math.min(start + Math.max(length, 0), buf.length));
}

/** The view's window lies inside its buffer. */
export function windowFits(buf: Uint8Array, offset: number, length: number): boolean {
  return offset >= 0 && length >= 0 && offset + length <= buf.length;
}
