/**
 * The network emulator qdisc (net/sched/sch_netem.c): delay with jitter (uniform, optionally
 * correlated), random loss, duplication, corruption, reordering and a rate limit with
 * serialisation delay, on any device (veth included), in virtual time.
 *
 * Parameters are kept in the kernel's units: the netlink structure carries latency and jitter
 * in psched ticks (64 ns) and probabilities as u32 fractions of 2^32-1; the qdisc stores
 * nanoseconds as netem_change does. Random numbers come from a generator forked from the
 * simulation's seed (the kernel seeds its own prng per qdisc).
 *
 * Limits: no delay distribution tables (uniform jitter only), no Gilbert-Elliott/4-state loss,
 * no ECN marking, no slotting. Frames with equal send times leave in arrival order (the
 * kernel's tfifo can, in rare ties, put a late arrival first).
 */
import { DropReason, type Packet, type Rng, Timer } from "@pktsim/core";
import type { NetDevice } from "./netdevice";
import { Qdisc } from "./qdisc";

/** PSCHED_SHIFT: a psched tick is 2^6 ns. */
export const PSCHED_SHIFT = 6;
const UINT32_MAX = 0xffffffff;
const INT_MAX = 0x7fffffff;

/** struct tc_netem_qopt (times in psched ticks, probabilities scaled to UINT32_MAX). */
export interface NetemQopt {
  latency: number;
  limit: number;
  loss: number;
  gap: number;
  duplicate: number;
  jitter: number;
}

/** struct tc_netem_corr. */
export interface NetemCorr {
  delayCorr: number;
  lossCorr: number;
  dupCorr: number;
}

/** struct tc_netem_reorder / tc_netem_corrupt. */
export interface NetemProbability {
  probability: number;
  correlation: number;
}

/** struct tc_netem_rate (rate in bytes per second). */
export interface NetemRate {
  rate: number;
  packetOverhead: number;
  cellSize: number;
  cellOverhead: number;
}

/** What `tc qdisc add … netem …` sends: the attributes present in the request. */
export interface NetemOptions {
  qopt: NetemQopt;
  corr?: NetemCorr;
  reorder?: NetemProbability;
  corrupt?: NetemProbability;
  rate?: NetemRate;
}

/** What netem_dump reports back. */
export interface NetemDump {
  qopt: NetemQopt;
  corr: NetemCorr;
  reorder: NetemProbability;
  corrupt: NetemProbability;
  rate: NetemRate;
}

/** struct crndstate: a correlated random source. */
interface Crnd {
  rho: number;
  last: number;
}

/** A queued frame and its netem_skb_cb->time_to_send. */
interface Timed {
  pkt: Packet;
  time: number;
}

export class NetemQdisc extends Qdisc {
  readonly kind = "netem";
  private readonly prng: Rng;
  /** sch->limit. */
  limit = 1000;
  /** Nanoseconds (q->latency, q->jitter). */
  latency = 0;
  jitter = 0;
  loss = 0;
  duplicate = 0;
  gap = 0;
  counter = 0;
  reorder = 0;
  corrupt = 0;
  /** Bytes per second; 0 = no rate limit. */
  rate = 0;
  packetOverhead = 0;
  cellSize = 0;
  cellOverhead = 0;
  private readonly delayCor: Crnd = { rho: 0, last: 0 };
  private readonly lossCor: Crnd = { rho: 0, last: 0 };
  private readonly dupCor: Crnd = { rho: 0, last: 0 };
  private readonly reorderCor: Crnd = { rho: 0, last: 0 };
  private readonly corruptCor: Crnd = { rho: 0, last: 0 };
  /** tfifo (t_head list + t_root rbtree): frames sorted by send time. */
  private readonly tfifo: Timed[] = [];
  /** sch->q: reordered frames, sent before anything in the tfifo. */
  private readonly immediate: Timed[] = [];
  private readonly watchdog: Timer;

  constructor(dev: NetDevice, handle: number, options: NetemOptions) {
    super(dev, handle);
    this.prng = dev.sim.rng.fork();
    this.watchdog = new Timer(dev.sim.scheduler, () => this.run(), "netem watchdog");
    this.change(options);
  }

  /** netem_change: the qopt fields are always replaced; the other attributes only when present. */
  change(options: NetemOptions): void {
    const o = options.qopt;
    this.limit = o.limit;
    this.latency = o.latency * 2 ** PSCHED_SHIFT;
    this.jitter = Math.min(o.jitter * 2 ** PSCHED_SHIFT, INT_MAX);
    this.gap = o.gap;
    this.counter = 0;
    this.loss = o.loss;
    this.duplicate = o.duplicate;
    // Compatibility: a gap alone means reorder with probability 1.
    if (this.gap !== 0) this.reorder = UINT32_MAX;
    if (options.corr !== undefined) {
      this.initCrandom(this.delayCor, options.corr.delayCorr);
      this.initCrandom(this.lossCor, options.corr.lossCorr);
      this.initCrandom(this.dupCor, options.corr.dupCorr);
    }
    if (options.reorder !== undefined) {
      this.reorder = options.reorder.probability;
      this.initCrandom(this.reorderCor, options.reorder.correlation);
    }
    if (options.corrupt !== undefined) {
      this.corrupt = options.corrupt.probability;
      this.initCrandom(this.corruptCor, options.corrupt.correlation);
    }
    if (options.rate !== undefined) {
      this.rate = options.rate.rate;
      this.packetOverhead = options.rate.packetOverhead;
      this.cellSize = options.rate.cellSize;
      this.cellOverhead = options.rate.cellOverhead;
    }
  }

  /** netem_dump. */
  dump(): NetemDump {
    const ticks = (ns: number): number => Math.min(Math.floor(ns / 2 ** PSCHED_SHIFT), UINT32_MAX);
    return {
      qopt: { latency: ticks(this.latency), limit: this.limit, loss: this.loss, gap: this.gap, duplicate: this.duplicate, jitter: ticks(this.jitter) },
      corr: { delayCorr: this.delayCor.rho, lossCorr: this.lossCor.rho, dupCorr: this.dupCor.rho },
      reorder: { probability: this.reorder, correlation: this.reorderCor.rho },
      corrupt: { probability: this.corrupt, correlation: this.corruptCor.rho },
      rate: { rate: this.rate, packetOverhead: this.packetOverhead, cellSize: this.cellSize, cellOverhead: this.cellOverhead },
    };
  }

  private initCrandom(state: Crnd, rho: number): void {
    state.rho = rho >>> 0;
    state.last = this.prng.uint32();
  }

  /** get_crandom: the next value leans on the last by rho/2^32. */
  private crandom(state: Crnd): number {
    const value = this.prng.uint32();
    if (state.rho === 0) return value;
    const rho = BigInt(state.rho) + 1n;
    const answer = Number((BigInt(value) * ((1n << 32n) - rho) + BigInt(state.last) * rho) >> 32n);
    state.last = answer;
    return answer;
  }

  /** tabledist without a table: uniform in [mu - sigma, mu + sigma). */
  private tabledist(mu: number, sigma: number, state: Crnd): number {
    if (sigma === 0) return mu;
    const rnd = this.crandom(state);
    return (rnd % (2 * sigma)) + mu - sigma;
  }

  /** packet_time_ns: serialisation time at the configured rate. */
  private packetTime(len: number): number {
    let bytes = len + this.packetOverhead;
    if (this.cellSize !== 0) {
      const cells = Math.ceil(bytes / this.cellSize);
      bytes = cells * (this.cellSize + this.cellOverhead);
    }
    return Math.floor((bytes * 1e9) / this.rate);
  }

  /** netem_enqueue (one frame, `dup` marks the copy re-enqueued for duplication). */
  protected enqueue(pkt: Packet, dup = false): void {
    let count = 1;
    if (this.duplicate !== 0 && !dup && this.duplicate >= this.crandom(this.dupCor)) count++;
    if (this.loss !== 0 && this.loss >= this.crandom(this.lossCor)) count--;
    if (count === 0) {
      this.drop(pkt, "netem_enqueue", DropReason.TC_LOSS);
      return;
    }
    const copy = count > 1 ? pkt.clone() : null;
    if (this.corrupt !== 0 && this.corrupt >= this.crandom(this.corruptCor) && pkt.length > 0) {
      const at = this.prng.int(0, pkt.length - 1);
      pkt.buf[pkt.head + at]! ^= 1 << this.prng.int(0, 7);
    }
    if (this.stats.qlen >= this.limit) {
      this.drop(pkt, "netem_enqueue");
      if (copy !== null) this.sim.reportDrop(copy, "netem_enqueue", DropReason.QDISC_DROP, this.dev);
      return;
    }
    // The duplicate goes through the root qdisc (this one) again, before the original.
    if (copy !== null) this.enqueue(copy, true);
    this.stats.backlog += pkt.length;
    this.stats.qlen++;
    const now = this.sim.now;
    if (this.gap === 0 || this.counter < this.gap - 1 || this.reorder < this.crandom(this.reorderCor)) {
      let delay = this.tabledist(this.latency, this.jitter, this.delayCor);
      let start = now;
      if (this.rate !== 0) {
        const last = this.lastSendTime();
        if (last !== undefined) {
          // The last queued frame is the reference point: its wait is this one's head start.
          delay = Math.max(0, delay - (last - now));
          start = last;
        }
        delay += this.packetTime(pkt.length);
      }
      this.counter++;
      this.tfifoEnqueue({ pkt, time: Math.max(now, start + delay) });
    } else {
      // Reordering: this frame jumps the queue.
      this.counter = 0;
      this.immediate.unshift({ pkt, time: now });
      this.stats.requeues++;
    }
  }

  private lastSendTime(): number | undefined {
    let last: number | undefined;
    const tail = this.tfifo[this.tfifo.length - 1];
    if (tail !== undefined) last = tail.time;
    const imm = this.immediate[this.immediate.length - 1];
    if (imm !== undefined && (last === undefined || imm.time > last)) last = imm.time;
    return last;
  }

  /** tfifo_enqueue: sorted by send time, after frames due at the same time. */
  private tfifoEnqueue(entry: Timed): void {
    const q = this.tfifo;
    let lo = 0;
    let hi = q.length;
    if (hi === 0 || entry.time >= q[hi - 1]!.time) {
      q.push(entry);
      return;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (q[mid]!.time <= entry.time) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, entry);
  }

  /** netem_dequeue: reordered frames first, then the tfifo head once due; else arm the watchdog. */
  protected dequeue(): Packet | null {
    const imm = this.immediate.shift();
    if (imm !== undefined) return this.deliver(imm.pkt);
    const head = this.tfifo[0];
    if (head === undefined) return null;
    if (head.time <= this.sim.now) {
      this.tfifo.shift();
      return this.deliver(head.pkt);
    }
    if (this.watchdog.expires !== head.time) this.watchdog.mod(head.time);
    return null;
  }

  private deliver(pkt: Packet): Packet {
    this.stats.backlog -= pkt.length;
    this.stats.qlen--;
    return pkt;
  }

  protected purge(): void {
    this.tfifo.length = 0;
    this.immediate.length = 0;
    this.watchdog.del();
  }
}
