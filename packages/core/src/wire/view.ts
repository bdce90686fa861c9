import type { WireError } from "./error";

/**
 * The window a wire view reads and writes: buf[offset, offset+length). Views are cheap, and
 * `reset` points one instance at another packet so the hot path allocates none.
 */
export abstract class WireView {
  // `declare`: no class-field definitions are emitted, only the constructor's assignments. The
  // ES2022 [[Define]] initializers cost about a tenth of the end-to-end benchmark's time, as
  // views are made per packet (benchmarks/README.md).
  declare buf: Uint8Array;
  declare offset: number;
  declare length: number;

  constructor(buf: Uint8Array, offset: number = 0, length: number = buf.length - offset) {
    this.buf = buf;
    this.offset = offset;
    this.length = length;
  }

  /** Points this view at another packet. */
  reset(buf: Uint8Array, offset: number, length: number): this {
    this.buf = buf;
    this.offset = offset;
    this.length = length;
    return this;
  }

  /** The one guard: after `WireError.Ok`, no accessor reads outside the window. */
  abstract checkLen(): WireError;
}
