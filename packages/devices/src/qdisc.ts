/**
 * Queueing disciplines on a device's transmit side (net/sched/sch_generic.c, sch_fifo.c,
 * sch_api.c): the root qdisc every device gets when first opened (noqueue for virtual
 * devices, pfifo_fast for a NIC), the fifos tc can attach, and the root part of tc's
 * qdisc API with the kernel's rules for add/change/replace/delete and its extack messages.
 *
 * A queueing qdisc takes frames through the device's `egress` hook and hands them to the
 * driver (`NetDevice.qdiscXmit`) while the driver's queue is awake; a NIC stops its queue
 * while a frame is on the wire and wakes it when done (`netifWakeQueue`).
 *
 * Limits: root qdiscs only (no classes, no `parent X:Y`, no ingress/clsact, no filters);
 * one queue per device (a root qdisc is shared by all tx queues, as for non-mq qdiscs).
 */
import { DropReason, type Packet, type Simulation } from "@pktsim/core";
import type { NetDevice, RootQdisc } from "./netdevice";

/** TC_H_ROOT: the parent id of a root qdisc. */
export const TC_H_ROOT = 0xffffffff;
/** The default psched_mtu: MTU plus the Ethernet header (bfifo's default limit per packet). */
const ETH_HLEN = 14;

/** gnet_stats_basic + gnet_stats_queue, what `tc -s qdisc` prints. */
export class QdiscStats {
  /** Bytes and packets dequeued to the driver (qdisc_bstats_update). */
  bytes = 0;
  packets = 0;
  drops = 0;
  overlimits = 0;
  requeues = 0;
  /** Bytes and packets waiting now. */
  backlog = 0;
  qlen = 0;
}

export abstract class Qdisc implements RootQdisc {
  abstract readonly kind: string;
  readonly dev: NetDevice;
  handle: number;
  /** TC_H_ROOT for a root qdisc. */
  parent: number = TC_H_ROOT;
  /** What the kernel reports as tcm_info: one reference per tx queue it sits on, plus dev->qdisc. */
  refcnt = 1;
  readonly stats: QdiscStats = new QdiscStats();

  constructor(dev: NetDevice, handle: number) {
    this.dev = dev;
    this.handle = handle;
  }

  get sim(): Simulation {
    return this.dev.sim;
  }

  /** Does this qdisc hold frames (false for noqueue: dev_queue_xmit calls the driver directly)? */
  get queues(): boolean {
    return true;
  }

  /** qdisc->enqueue: queue the frame, or drop it (counted here). */
  protected abstract enqueue(pkt: Packet): void;
  /** qdisc->dequeue: the next frame due now, or null. */
  protected abstract dequeue(): Packet | null;
  /** Forget every queued frame (no counters change except backlog/qlen). */
  protected abstract purge(): void;

  /** __dev_xmit_skb: enqueue, then run the qdisc. */
  xmit(pkt: Packet): void {
    this.enqueue(pkt);
    this.run();
  }

  run(): void {
    const dev = this.dev;
    while (!dev.txQueueStopped && dev.adminUp && dev.txQdisc === this) {
      const pkt = this.dequeue();
      if (pkt === null) return;
      this.stats.bytes += pkt.length;
      this.stats.packets++;
      dev.qdiscXmit(pkt);
    }
  }

  reset(): void {
    this.purge();
    this.stats.backlog = 0;
    this.stats.qlen = 0;
  }

  destroy(): void {
    this.reset();
  }

  /** qdisc_drop: count and report. */
  protected drop(pkt: Packet, where: string, reason: DropReason = DropReason.QDISC_DROP): void {
    this.stats.drops++;
    this.sim.reportDrop(pkt, where, reason, this.dev);
  }
}

/** noqueue_qdisc_ops: no queue; frames go straight to the driver. */
export class Noqueue extends Qdisc {
  readonly kind = "noqueue";
  override get queues(): boolean {
    return false;
  }
  protected enqueue(pkt: Packet): void {
    this.dev.qdiscXmit(pkt);
  }
  protected dequeue(): Packet | null {
    return null;
  }
  protected purge(): void {}
}

/** A tail-drop fifo (sch_fifo.c): pfifo counts packets, bfifo bytes; pfifo_fast is one here. */
abstract class FifoQdisc extends Qdisc {
  protected readonly queue: Packet[] = [];
  private head = 0;

  /** Would one more frame of `len` bytes overflow the limit? */
  protected abstract full(len: number): boolean;

  protected enqueue(pkt: Packet): void {
    if (this.full(pkt.length)) {
      this.drop(pkt, `${this.kind}_enqueue`);
      return;
    }
    this.queue.push(pkt);
    this.stats.backlog += pkt.length;
    this.stats.qlen++;
  }

  protected dequeue(): Packet | null {
    if (this.head >= this.queue.length) return null;
    const pkt = this.queue[this.head++]!;
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.stats.backlog -= pkt.length;
    this.stats.qlen--;
    return pkt;
  }

  protected purge(): void {
    this.queue.length = 0;
    this.head = 0;
  }
}

/** pfifo: at most `limit` packets (default: the device's txqueuelen when created). */
export class Pfifo extends FifoQdisc {
  readonly kind = "pfifo";
  limit: number;
  constructor(dev: NetDevice, handle: number, limit?: number) {
    super(dev, handle);
    this.limit = limit ?? Math.max(dev.txqueuelen, 1);
  }
  protected full(): boolean {
    return this.stats.qlen >= this.limit;
  }
}

/** bfifo: at most `limit` bytes (default: txqueuelen × (MTU + Ethernet header)). */
export class Bfifo extends FifoQdisc {
  readonly kind = "bfifo";
  limit: number;
  constructor(dev: NetDevice, handle: number, limit?: number) {
    super(dev, handle);
    this.limit = limit ?? Math.max(dev.txqueuelen, 1) * (dev.mtu + ETH_HLEN);
  }
  protected full(len: number): boolean {
    return this.stats.backlog + len > this.limit;
  }
}

/** sch_generic.c prio2band: the priomap pfifo_fast reports (TC_PRIO_* → band). */
export const PFIFO_FAST_PRIOMAP: readonly number[] = [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];

/**
 * pfifo_fast, the default of a NIC: three bands by skb->priority, each a ring of txqueuelen
 * frames. Every frame here has priority 0 (band 1), so it is one tail-drop fifo.
 */
export class PfifoFast extends FifoQdisc {
  readonly kind = "pfifo_fast";
  readonly bands = 3;
  readonly priomap: readonly number[] = PFIFO_FAST_PRIOMAP;
  protected full(): boolean {
    return this.stats.qlen >= Math.max(this.dev.txqueuelen, 1);
  }
}

// ---- attaching ----------------------------------------------------------------------------

/** Points the device's transmit path at `q` (or at noop_qdisc for null). */
function setRoot(dev: NetDevice, q: Qdisc | null): void {
  dev.txQdisc = q;
  dev.egress = q !== null && q.queues ? (pkt) => q.xmit(pkt) : null;
}

/**
 * attach_default_qdiscs (dev_activate on first open): noqueue for IFF_NO_QUEUE devices,
 * pfifo_fast for a single-queue NIC, handle 0:, refcnt 2.
 */
export function attachDefaultQdisc(dev: NetDevice, kind: string): void {
  const q = kind === "pfifo_fast" ? new PfifoFast(dev, 0) : new Noqueue(dev, 0);
  q.refcnt = 2;
  setRoot(dev, q);
}

/** qdisc_graft at the root: replace dev->qdisc, destroy the old one, reactivate an up device. */
export function qdiscGraftRoot(dev: NetDevice, q: Qdisc | null): void {
  const old = dev.txQdisc;
  if (q !== null) q.refcnt = dev.numTxQueues + 1;
  setRoot(dev, q);
  if (old !== null && old !== q) old.destroy();
  // dev_activate: an up device left with noop gets its default again.
  if (dev.adminUp) {
    dev.devActivate();
    dev.txQdisc?.run();
  }
}

// ---- handles ------------------------------------------------------------------------------

/** qdisc_alloc_handle's `static u32 autohandle`: one counter for the whole machine. */
const autohandles = new WeakMap<Simulation, number>();

/** qdisc_alloc_handle: 8001:, 8002:, … skipping handles in use on this device. */
export function qdiscAllocHandle(dev: NetDevice): number {
  let auto = autohandles.get(dev.sim) ?? 0x80000000;
  for (let i = 0; i < 0x8000; i++) {
    auto = (auto + 0x10000) >>> 0;
    if (auto === 0xffff0000) auto = 0x80000000;
    if (dev.txQdisc?.handle !== auto) {
      autohandles.set(dev.sim, auto);
      return auto;
    }
  }
  autohandles.set(dev.sim, auto);
  return 0;
}

/** Formats a handle as tc prints it (`8001:`). */
export function formatQdiscHandle(handle: number): string {
  return `${(handle >>> 16).toString(16)}:`;
}
