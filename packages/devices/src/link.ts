/**
 * The medium NICs sit on: a point-to-point cable (full duplex, one transmitter per direction)
 * or a shared segment (a hub: one frame on the medium at a time, seen by every other NIC).
 *
 * Timing: a frame occupies its transmitter for its wire time — (max(len, 60) + 24) bytes at
 * the bit rate: the frame padded to the Ethernet minimum, plus FCS (4), preamble and SFD (8)
 * and the inter-frame gap (12) — and arrives `propagationDelay` ns after its last bit left.
 * Loss is drawn per receiver from a generator forked from the simulation's seed; a lost frame
 * reaches the receiving NIC as a bad FCS (rx_errors, rx_crc_errors).
 *
 * Limits: no collisions on a shared segment (carrier sense only: a sender waits for the medium
 * to be idle), no autonegotiation, no duplex mismatch, no bit errors other than whole-frame loss.
 */
import type { Nanos, Rng, Simulation } from "@pktsim/core";
import type { Nic } from "./nic";

/** ETH_ZLEN: the shortest frame a NIC puts on the wire, without FCS. */
export const ETH_ZLEN = 60;
/** FCS (4) + preamble/SFD (8) + inter-frame gap (12): wire bytes around each frame. */
export const ETH_WIRE_OVERHEAD = 24;

export interface LinkOptions {
  /** Bits per second (default 1 Gbit/s); 0 means no serialisation delay. */
  bitRate?: number;
  /** Nanoseconds from the last bit sent to the last bit received (default 500 ns, ~100 m of copper). */
  propagationDelay?: Nanos;
  /** Probability that a receiver loses a frame, 0 … 1 (default 0). */
  loss?: number;
}

export abstract class Link {
  readonly sim: Simulation;
  bitRate: number;
  propagationDelay: Nanos;
  loss: number;
  /** Plugged in / powered: without it no NIC on the link has carrier. */
  up = true;
  protected readonly ends: Nic[] = [];
  protected readonly rng: Rng;

  constructor(sim: Simulation, options: LinkOptions = {}) {
    this.sim = sim;
    this.bitRate = options.bitRate ?? 1e9;
    this.propagationDelay = options.propagationDelay ?? 500;
    this.loss = options.loss ?? 0;
    this.rng = sim.rng.fork();
  }

  /** The NICs attached, in attach order. */
  get nics(): readonly Nic[] {
    return this.ends;
  }

  /** Can `nic` have carrier now? */
  abstract carrierFor(nic: Nic): boolean;

  /** Starts sending `frame` from `from`; returns when its transmitter is free again. */
  abstract transmit(from: Nic, frame: Uint8Array, id?: number): Nanos;

  /** Called by Nic.attach. */
  attachEnd(nic: Nic): void {
    if (this.ends.includes(nic)) return;
    this.checkAttach(nic);
    this.ends.push(nic);
    this.updateCarrier();
  }

  detachEnd(nic: Nic): void {
    const i = this.ends.indexOf(nic);
    if (i < 0) return;
    this.ends.splice(i, 1);
    this.updateCarrier();
  }

  protected checkAttach(_nic: Nic): void {}

  /** Plug or unplug the cable (or power the hub): carrier follows on every end. */
  setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    this.updateCarrier();
  }

  /** Recompute carrier on every end (after attach, detach, up/down of the link or a NIC). */
  updateCarrier(): void {
    for (const nic of this.ends) nic.setCarrier(this.carrierFor(nic));
  }

  /** Nanoseconds `len` bytes of frame occupy the medium. */
  wireTime(len: number): Nanos {
    if (this.bitRate <= 0) return 0;
    return Math.round(((Math.max(len, ETH_ZLEN) + ETH_WIRE_OVERHEAD) * 8 * 1e9) / this.bitRate);
  }

  /** Schedules arrival at `to` once the last bit has propagated; the medium decides loss. */
  protected deliver(to: Nic, frame: Uint8Array, lastBitSent: Nanos, id: number): void {
    const lost = this.loss > 0 && this.rng.chance(this.loss);
    this.sim.scheduler.at(lastBitSent + this.propagationDelay, () => {
      // Unplugged or detached while the frame was on its way: it never arrives.
      if (!this.up || !this.ends.includes(to)) return;
      to.linkReceive(frame, lost, id);
    }, "link");
  }
}

/** A cable between two NICs: full duplex; carrier when plugged and both ends are up. */
export class PointToPointLink extends Link {
  private readonly busyUntil = new Map<Nic, Nanos>();

  protected override checkAttach(): void {
    if (this.ends.length >= 2) throw new RangeError("a point-to-point link has two ends");
  }

  peerOf(nic: Nic): Nic | undefined {
    return this.ends.find((n) => n !== nic);
  }

  carrierFor(nic: Nic): boolean {
    const peer = this.peerOf(nic);
    return this.up && nic.adminUp && peer !== undefined && peer.adminUp;
  }

  transmit(from: Nic, frame: Uint8Array, id = 0): Nanos {
    const now = this.sim.now;
    const start = Math.max(now, this.busyUntil.get(from) ?? 0);
    const end = start + this.wireTime(frame.length);
    this.busyUntil.set(from, end);
    const peer = this.peerOf(from);
    if (peer !== undefined) this.deliver(peer, frame, end, id);
    return end;
  }
}

/** A shared segment (a hub): every NIC hears every frame; one frame on the medium at a time. */
export class SharedSegment extends Link {
  private mediumFreeAt: Nanos = 0;

  carrierFor(nic: Nic): boolean {
    return this.up && nic.adminUp;
  }

  transmit(from: Nic, frame: Uint8Array, id = 0): Nanos {
    // Carrier sense: wait for the medium to be idle, then hold it for the whole frame.
    const start = Math.max(this.sim.now, this.mediumFreeAt);
    const end = start + this.wireTime(frame.length);
    this.mediumFreeAt = end;
    for (const nic of this.ends) if (nic !== from) this.deliver(nic, frame, end, id);
    return end;
  }
}
