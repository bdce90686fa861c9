/**
 * The shared context of one simulation: its scheduler (virtual time), its seeded random
 * numbers, the packet id counter and the observers that traces and captures hang on.
 */
import type { DropReason } from "./drop";
import type { DeviceRef, Packet } from "./packet";
import { Rng, DEFAULT_SEED } from "./rng";
import { Scheduler, type SchedulerOptions } from "./scheduler";
import type { Nanos } from "./time";

/** Something that wants to know where packets go and where they die. */
export interface PacketObserver {
  /** A packet was dropped: where (a kernel function name), why, and on which device if any. */
  drop?(pkt: Packet, where: string, reason: DropReason, dev: DeviceRef | null): void;
  /** A named step of a packet's way (e.g. a netfilter hook verdict); free-form detail. */
  step?(pkt: Packet, where: string, detail: string): void;
}

export interface SimulationOptions extends SchedulerOptions {
  seed?: number;
}

export class Simulation {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly seed: number;
  private readonly observers: PacketObserver[] = [];
  /** Sees every frame every device sends or receives (what `pktsim run --pcap` records). */
  capture: ((dev: DeviceRef, pkt: Packet, direction: "rx" | "tx") => void) | null = null;
  private packetIds = 0;

  constructor(options: SimulationOptions = {}) {
    this.seed = options.seed ?? DEFAULT_SEED;
    this.scheduler = new Scheduler(options);
    this.rng = new Rng(this.seed);
  }

  get now(): Nanos {
    return this.scheduler.now;
  }

  /** Gives a packet its trace id. */
  stamp(pkt: Packet): Packet {
    pkt.id = ++this.packetIds;
    return pkt;
  }

  observe(observer: PacketObserver): () => void {
    this.observers.push(observer);
    return () => {
      const i = this.observers.indexOf(observer);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  get observed(): boolean {
    return this.observers.length > 0;
  }

  reportDrop(pkt: Packet, where: string, reason: DropReason, dev: DeviceRef | null): void {
    for (const o of this.observers) o.drop?.(pkt, where, reason, dev);
  }

  reportStep(pkt: Packet, where: string, detail: string): void {
    for (const o of this.observers) o.step?.(pkt, where, detail);
  }
}
