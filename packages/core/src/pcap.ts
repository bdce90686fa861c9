/**
 * A classic libpcap file writer (magic 0xa1b2c3d4, microsecond timestamps, little-endian,
 * link type Ethernet). Timestamps come from virtual time, so the same seed gives the same
 * file. The writer produces bytes; writing them to disk is the caller's business.
 */
import type { Nanos } from "./time";

export const LINKTYPE_ETHERNET = 1;
const GLOBAL_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;

export interface PcapOptions {
  /** Bytes kept per packet (default 262144, tcpdump's default). */
  snaplen?: number;
  /** Virtual time 0 is written as this Unix time in seconds (default 0, 1970-01-01). */
  epochSeconds?: number;
}

export class PcapWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private count = 0;
  readonly snaplen: number;
  readonly epochSeconds: number;

  constructor(options: PcapOptions = {}) {
    this.snaplen = options.snaplen ?? 262144;
    this.epochSeconds = options.epochSeconds ?? 0;
    const header = new Uint8Array(GLOBAL_HEADER_LEN);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0xa1b2c3d4, true);
    view.setUint16(4, 2, true);
    view.setUint16(6, 4, true);
    view.setInt32(8, 0, true);
    view.setUint32(12, 0, true);
    view.setUint32(16, this.snaplen, true);
    view.setUint32(20, LINKTYPE_ETHERNET, true);
    this.append(header);
  }

  /** Number of packets written. */
  get packets(): number {
    return this.count;
  }

  /** Records one frame seen at virtual time `time`. */
  write(time: Nanos, frame: Uint8Array): void {
    const captured = Math.min(frame.length, this.snaplen);
    const record = new Uint8Array(RECORD_HEADER_LEN + captured);
    const view = new DataView(record.buffer);
    const totalMicros = Math.floor(time / 1000);
    view.setUint32(0, this.epochSeconds + Math.floor(totalMicros / 1_000_000), true);
    view.setUint32(4, totalMicros % 1_000_000, true);
    view.setUint32(8, captured, true);
    view.setUint32(12, frame.length, true);
    record.set(frame.subarray(0, captured), RECORD_HEADER_LEN);
    this.append(record);
    this.count++;
  }

  /** The whole file so far. */
  bytes(): Uint8Array {
    if (this.chunks.length > 1) {
      const all = new Uint8Array(this.size);
      let offset = 0;
      for (const chunk of this.chunks) {
        all.set(chunk, offset);
        offset += chunk.length;
      }
      this.chunks = [all];
    }
    return this.chunks[0]!;
  }

  private append(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
  }
}

export interface PcapRecord {
  readonly time: Nanos;
  readonly originalLength: number;
  readonly data: Uint8Array;
}

/** Reads a classic pcap file (either byte order, µs or ns timestamps). Throws on a bad header. */
export function readPcap(file: Uint8Array): { linkType: number; records: PcapRecord[] } {
  if (file.length < GLOBAL_HEADER_LEN) throw new Error("pcap: file shorter than its global header");
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magicLe = view.getUint32(0, true);
  let little: boolean;
  let nanoRes: boolean;
  if (magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d) {
    little = true;
    nanoRes = magicLe === 0xa1b23c4d;
  } else {
    const magicBe = view.getUint32(0, false);
    if (magicBe !== 0xa1b2c3d4 && magicBe !== 0xa1b23c4d) throw new Error("pcap: bad magic");
    little = false;
    nanoRes = magicBe === 0xa1b23c4d;
  }
  const linkType = view.getUint32(20, little);
  const records: PcapRecord[] = [];
  let offset = GLOBAL_HEADER_LEN;
  while (offset + RECORD_HEADER_LEN <= file.length) {
    const sec = view.getUint32(offset, little);
    const frac = view.getUint32(offset + 4, little);
    const inclLen = view.getUint32(offset + 8, little);
    const origLen = view.getUint32(offset + 12, little);
    const start = offset + RECORD_HEADER_LEN;
    if (start + inclLen > file.length) break;
    records.push({
      time: sec * 1e9 + (nanoRes ? frac : frac * 1000),
      originalLength: origLen,
      data: file.slice(start, start + inclLen),
    });
    offset = start + inclLen;
  }
  return { linkType, records };
}
