/**
 * The neighbour table and its state machine (net/core/neighbour.c), used by ARP. An entry
 * is keyed by (next-hop address, device); packets wait in its queue while it resolves.
 *
 * Model limits: entries are never garbage-collected (the kernel only collects once a table
 * holds more than gc_thresh1 = 128 entries); proxy entries (pneigh) for `ip neigh add proxy`.
 */
import { type Ipv4Addr, type MacAddr, type Nanos, type Packet, Timer, DropReason, type Simulation } from "@pktsim/core";
import { type NetDevice, IFF } from "@pktsim/devices";
import type { NeighParms } from "./devconf";

/** NUD_* states (include/uapi/linux/neighbour.h). */
export const Nud = {
  INCOMPLETE: 0x01,
  REACHABLE: 0x02,
  STALE: 0x04,
  DELAY: 0x08,
  PROBE: 0x10,
  FAILED: 0x20,
  NOARP: 0x40,
  PERMANENT: 0x80,
  NONE: 0x00,
} as const;
export type Nud = (typeof Nud)[keyof typeof Nud];

const NUD_IN_TIMER = Nud.INCOMPLETE | Nud.REACHABLE | Nud.DELAY | Nud.PROBE;
const NUD_VALID = Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE | Nud.PROBE | Nud.STALE | Nud.DELAY;
const NUD_CONNECTED = Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE;

export function nudName(state: number): string {
  switch (state) {
    case Nud.INCOMPLETE: return "INCOMPLETE";
    case Nud.REACHABLE: return "REACHABLE";
    case Nud.STALE: return "STALE";
    case Nud.DELAY: return "DELAY";
    case Nud.PROBE: return "PROBE";
    case Nud.FAILED: return "FAILED";
    case Nud.NOARP: return "NOARP";
    case Nud.PERMANENT: return "PERMANENT";
    default: return "NONE";
  }
}

/** NEIGH_UPDATE_F_* flags. */
export const NeighUpdate = { OVERRIDE: 1, WEAK_OVERRIDE: 2, ADMIN: 0x80000000 } as const;

export interface NeighOps {
  /** Sends a probe (arp_solicit); `skb` is the newest queued packet, if any. */
  solicit(neigh: Neighbour, skb: Packet | undefined): void;
  /** A queued packet that could not be sent (arp_error_report → ICMP host unreachable). */
  errorReport(neigh: Neighbour, skb: Packet): void;
  /** Sends a packet now that the link-layer address is known (neigh_resolve_output's tail). */
  output(neigh: Neighbour, skb: Packet): void;
  /** Parameters of the device the entry is on. */
  parms(dev: NetDevice): NeighParms;
  /** The table's constructor (arp_constructor): entries that need no resolution start NOARP. */
  construct(neigh: Neighbour): void;
}

export class Neighbour {
  readonly key: Ipv4Addr;
  readonly dev: NetDevice;
  state: number = Nud.NONE;
  lladdr: MacAddr = 0;
  hasLladdr = false;
  probes = 0;
  /** Last time the entry was confirmed reachable / updated / used (ns). */
  confirmed: Nanos;
  updated: Nanos;
  used: Nanos;
  /** Creation order, for the hash-chain dump order. */
  readonly serial: number;
  readonly queue: Packet[] = [];
  queueBytes = 0;
  readonly timer: Timer;
  dead = false;
  readonly isRouter = false;

  constructor(table: NeighTable, key: Ipv4Addr, dev: NetDevice, serial: number) {
    this.key = key;
    this.dev = dev;
    this.serial = serial;
    const now = table.sim.now;
    // ___neigh_create: confirmed is backdated (twice base_reachable_time) so a new entry is not
    // considered confirmed; `ip -s neigh` shows it (`used 0/60/0`).
    this.confirmed = now - 2 * table.parms(dev).baseReachableTimeMs * 1e6;
    this.updated = now;
    this.used = now;
    this.timer = new Timer(table.sim.scheduler, () => table.timerHandler(this), "neigh timer");
  }

  get valid(): boolean {
    return (this.state & NUD_VALID) !== 0;
  }
}

/** A proxy entry (struct pneigh_entry): answer ARP for `key` arriving on `dev` (null: any device). */
export interface ProxyNeighbour {
  readonly key: Ipv4Addr;
  readonly dev: NetDevice | null;
}

/** pneigh_hash: the key's low bits folded into one of 16 buckets. */
function pneighHash(key: Ipv4Addr): number {
  // The key as the kernel reads it: network-order bytes in a little-endian u32.
  let h = (((key & 255) << 24) | (((key >>> 8) & 255) << 16) | (((key >>> 16) & 255) << 8) | (key >>> 24)) >>> 0;
  h ^= h >>> 16;
  h ^= h >>> 8;
  h ^= h >>> 4;
  return h & 0xf;
}

/** A neighbour table (struct neigh_table): arp_tbl for one namespace. */
export class NeighTable {
  readonly sim: Simulation;
  private readonly ops: NeighOps;
  private readonly entries = new Map<string, Neighbour>();
  private serial = 0;
  /** Random reachable time per device, re-drawn as neigh_periodic_work does. */
  private readonly reachableTime = new Map<NetDevice, Nanos>();
  /** The hash seed (tbl->nht->hash_rnd), from the simulation's RNG. */
  readonly hashRnd: number;
  unresolvedDiscards = 0;
  /** tbl->phash_buckets: proxy entries, each bucket newest first. */
  private readonly phash: ProxyNeighbour[][] = Array.from({ length: 16 }, () => []);
  private last: Neighbour | null = null;
  private lastIfindex = 0;

  constructor(sim: Simulation, ops: NeighOps) {
    this.sim = sim;
    this.ops = ops;
    this.hashRnd = (sim.rng.uint32() | 1) >>> 0;
  }

  parms(dev: NetDevice): NeighParms {
    return this.ops.parms(dev);
  }

  private static keyOf(addr: Ipv4Addr, dev: NetDevice): string {
    return `${dev.ifindex}:${addr}`;
  }

  lookup(addr: Ipv4Addr, dev: NetDevice): Neighbour | undefined {
    return this.entries.get(NeighTable.keyOf(addr, dev));
  }

  /** __neigh_lookup(create): finds or creates an entry in state NONE, or as the constructor sets it. */
  lookupOrCreate(addr: Ipv4Addr, dev: NetDevice): Neighbour {
    // arp_constructor (and ip_neigh_gw4 before it): a loopback or point-to-point device has one
    // neighbour, keyed 0.0.0.0, whatever address was asked for.
    if ((dev.baseFlags & (IFF.LOOPBACK | IFF.POINTOPOINT)) !== 0) addr = 0;
    // The entry the previous packet went through, while it is still in the table under the same
    // key: a flow's packets skip building the text key (ip_finish_output2 runs per packet).
    const last = this.last;
    if (last !== null && last.key === addr && last.dev === dev && !last.dead && dev.ifindex === this.lastIfindex) return last;
    const key = NeighTable.keyOf(addr, dev);
    let n = this.entries.get(key);
    if (n === undefined) {
      n = new Neighbour(this, addr, dev, this.serial++);
      this.ops.construct(n);
      this.entries.set(key, n);
    }
    this.last = n;
    this.lastIfindex = dev.ifindex;
    return n;
  }

  /** Every entry, in the order `ip neigh show` dumps them (hash buckets, newest first in each). */
  dump(): Neighbour[] {
    const all = [...this.entries.values()];
    let shift = 3;
    while (all.length > 1 << shift) shift++;
    const bucketOf = (n: Neighbour): number => {
      // arp_hashfn: (key as read in host order on little-endian x86) ^ a device hash, times hash_rnd.
      const k = n.key;
      const key = (((k & 255) << 24) | (((k >>> 8) & 255) << 16) | (((k >>> 16) & 255) << 8) | (k >>> 24)) >>> 0;
      const devHash = Math.imul(n.dev.ifindex, 0x61c88647) >>> 0;
      return Math.imul((key ^ devHash) >>> 0, this.hashRnd) >>> (32 - shift);
    };
    return all.sort((a, b) => bucketOf(a) - bucketOf(b) || b.serial - a.serial);
  }

  get size(): number {
    return this.entries.size;
  }

  /** pneigh_lookup (no create): an entry for `key` on `dev` or on any device. */
  pneighLookup(key: Ipv4Addr, dev: NetDevice): ProxyNeighbour | undefined {
    return this.phash[pneighHash(key)]!.find((p) => p.key === key && (p.dev === dev || p.dev === null));
  }

  /** pneigh_lookup (create), for `ip neigh add proxy`: an existing match is kept. */
  pneighAdd(key: Ipv4Addr, dev: NetDevice | null): ProxyNeighbour {
    const bucket = this.phash[pneighHash(key)]!;
    const found = bucket.find((p) => p.key === key && (p.dev === dev || p.dev === null));
    if (found !== undefined) return found;
    const p = { key, dev };
    bucket.unshift(p);
    return p;
  }

  /** pneigh_delete: the entry for exactly this device; false (ENOENT) when there is none. */
  pneighDelete(key: Ipv4Addr, dev: NetDevice | null): boolean {
    const bucket = this.phash[pneighHash(key)]!;
    const i = bucket.findIndex((p) => p.key === key && p.dev === dev);
    if (i < 0) return false;
    bucket.splice(i, 1);
    return true;
  }

  /** pneigh_dump_table order: bucket by bucket. */
  proxyDump(): ProxyNeighbour[] {
    return this.phash.flat();
  }

  /** Removes an entry (neigh_del / ifdown), dropping what it queued. */
  remove(n: Neighbour): void {
    n.timer.del();
    n.dead = true;
    this.entries.delete(NeighTable.keyOf(n.key, n.dev));
    for (const skb of n.queue.splice(0)) this.sim.reportDrop(skb, "neigh_flush_dev", DropReason.NEIGH_DEAD, n.dev);
    n.queueBytes = 0;
  }

  /** neigh_ifdown / neigh_flush_dev: a device went down or away. Permanent entries survive a plain down. */
  flushDevice(dev: NetDevice, keepPermanent: boolean): void {
    for (const n of [...this.entries.values()]) {
      if (n.dev !== dev) continue;
      if (keepPermanent && n.state === Nud.PERMANENT) continue;
      this.remove(n);
    }
    // pneigh_ifdown_and_unlock: the device's proxy entries go with it.
    for (const bucket of this.phash) {
      for (let i = bucket.length - 1; i >= 0; i--) if (bucket[i]!.dev === dev) bucket.splice(i, 1);
    }
  }

  /**
   * neigh_changeaddr (a device's hardware address changed, or its NOARP flag): every entry on it
   * goes, permanent and noarp ones too (neigh_flush_dev without skip_perm); proxy entries stay.
   */
  changeaddr(dev: NetDevice): void {
    for (const n of [...this.entries.values()]) if (n.dev === dev) this.remove(n);
  }

  /** The current randomised reachable time of a device (neigh_rand_reach_time). */
  reachableTimeOf(dev: NetDevice): Nanos {
    let t = this.reachableTime.get(dev);
    if (t === undefined) {
      const base = this.parms(dev).baseReachableTimeMs * 1e6;
      t = base > 0 ? this.sim.rng.int(Math.floor(base / 2), Math.floor((base * 3) / 2) - 1) : 0;
      this.reachableTime.set(dev, t);
    }
    return t;
  }

  /**
   * neigh_resolve_output / neigh_event_send: send `skb` through the entry, starting or
   * advancing resolution as needed. Returns true when the packet was sent now.
   */
  output(n: Neighbour, skb: Packet): boolean {
    n.used = this.sim.now;
    if (this.eventSend(n, skb)) return false;
    this.ops.output(n, skb);
    return true;
  }

  /** __neigh_event_send: returns true when the packet was queued or dropped (skb undefined: only start resolving). */
  eventSend(n: Neighbour, skb: Packet | undefined): boolean {
    if ((n.state & (NUD_CONNECTED | Nud.DELAY | Nud.PROBE)) !== 0) return false;
    if (n.dead) {
      if (skb) this.sim.reportDrop(skb, "__neigh_event_send", DropReason.NEIGH_DEAD, n.dev);
      return true;
    }
    const parms = this.parms(n.dev);
    let immediateProbe = false;
    const now = this.sim.now;
    if ((n.state & (Nud.STALE | Nud.INCOMPLETE)) === 0) {
      if (parms.mcastProbes + parms.appProbes > 0) {
        n.probes = parms.ucastProbes;
        n.timer.del();
        n.state = Nud.INCOMPLETE;
        n.updated = now;
        immediateProbe = true;
        this.addTimer(n, now + Math.max(parms.retransTimeMs * 1e6, 10e6));
      } else {
        n.state = Nud.FAILED;
        n.updated = now;
        if (skb) this.sim.reportDrop(skb, "__neigh_event_send", DropReason.NEIGH_FAILED, n.dev);
        return true;
      }
    } else if ((n.state & Nud.STALE) !== 0) {
      n.timer.del();
      n.state = Nud.DELAY;
      n.updated = now;
      this.addTimer(n, now + parms.delayProbeTimeMs * 1e6);
    }
    let queued = false;
    if (n.state === Nud.INCOMPLETE) {
      if (skb) {
        const size = skbTruesize(skb);
        while (n.queueBytes + size > parms.queueLenBytes && n.queue.length > 0) {
          const old = n.queue.shift()!;
          n.queueBytes -= skbTruesize(old);
          this.unresolvedDiscards++;
          this.sim.reportDrop(old, "__neigh_event_send", DropReason.NEIGH_QUEUEFULL, n.dev);
        }
        n.queue.push(skb);
        n.queueBytes += size;
      }
      queued = true;
    }
    if (immediateProbe) this.probe(n);
    return queued;
  }

  /**
   * neigh_add_timer: arms the entry's timer, and first brings `used` up to `confirmed` (so an
   * entry that turns REACHABLE shows `used 0`; the timer handler re-arms with mod_timer, without it).
   */
  private addTimer(n: Neighbour, when: Nanos): void {
    if (n.used < n.confirmed) n.used = n.confirmed;
    n.timer.mod(when);
  }

  /** neigh_probe: solicit with the newest queued packet, count the probe. */
  private probe(n: Neighbour): void {
    const skb = n.queue.length > 0 ? n.queue[n.queue.length - 1] : undefined;
    this.ops.solicit(n, skb);
    n.probes++;
  }

  private maxProbes(n: Neighbour): number {
    const p = this.parms(n.dev);
    return p.ucastProbes + p.appProbes + ((n.state & Nud.PROBE) !== 0 ? p.mcastReprobes : p.mcastProbes);
  }

  /** neigh_timer_handler. */
  timerHandler(n: Neighbour): void {
    const now = this.sim.now;
    const state = n.state;
    if ((state & NUD_IN_TIMER) === 0) return;
    const parms = this.parms(n.dev);
    const delayProbe = parms.delayProbeTimeMs * 1e6;
    let next = now + 1e9;
    if ((state & Nud.REACHABLE) !== 0) {
      const reachable = this.reachableTimeOf(n.dev);
      if (now <= n.confirmed + reachable) {
        next = n.confirmed + reachable;
      } else if (now <= n.used + delayProbe) {
        n.state = Nud.DELAY;
        n.updated = now;
        next = now + delayProbe;
      } else {
        n.state = Nud.STALE;
        n.updated = now;
      }
    } else if ((state & Nud.DELAY) !== 0) {
      if (now <= n.confirmed + delayProbe) {
        n.state = Nud.REACHABLE;
        n.updated = now;
        next = n.confirmed + this.reachableTimeOf(n.dev);
      } else {
        n.state = Nud.PROBE;
        n.updated = now;
        n.probes = 0;
        next = now + Math.max(parms.retransTimeMs * 1e6, 10e6);
      }
    } else {
      // INCOMPLETE or PROBE
      next = now + Math.max(parms.retransTimeMs * 1e6, 10e6);
    }
    if ((n.state & (Nud.INCOMPLETE | Nud.PROBE)) !== 0 && n.probes >= this.maxProbes(n)) {
      n.state = Nud.FAILED;
      n.updated = now;
      this.invalidate(n);
      return;
    }
    // neigh_timer_handler: never sooner than HZ/100 (else REACHABLE at exactly confirmed+reachable_time spins).
    if (next < now + 10e6) next = now + 10e6;
    if ((n.state & NUD_IN_TIMER) !== 0) n.timer.mod(next);
    if ((n.state & (Nud.INCOMPLETE | Nud.PROBE)) !== 0) this.probe(n);
  }

  /** neigh_invalidate: report every queued packet as unreachable. */
  private invalidate(n: Neighbour): void {
    n.updated = this.sim.now;
    while (n.state === Nud.FAILED && n.queue.length > 0) {
      const skb = n.queue.shift()!;
      n.queueBytes -= skbTruesize(skb);
      this.sim.reportDrop(skb, "neigh_invalidate", DropReason.NEIGH_FAILED, n.dev);
      this.ops.errorReport(n, skb);
    }
    n.queue.length = 0;
    n.queueBytes = 0;
  }

  /**
   * neigh_update: a new state and maybe a link-layer address for an entry, from ARP or from
   * `ip neigh`. With OVERRIDE a different address replaces the old one.
   */
  update(n: Neighbour, lladdr: MacAddr | undefined, newState: number, flags: number): void {
    const now = this.sim.now;
    const old = n.state;
    if ((flags & NeighUpdate.ADMIN) === 0 && (old & (Nud.NOARP | Nud.PERMANENT)) !== 0) return;
    if (n.dead) return;
    if ((newState & NUD_VALID) === 0) {
      n.timer.del();
      n.state = newState;
      if ((old & (Nud.INCOMPLETE | Nud.PROBE)) !== 0 && (newState & Nud.FAILED) !== 0) this.invalidate(n);
      return;
    }
    let addr = lladdr;
    if (addr === undefined) {
      // No address supplied: use the known one, or give up.
      if ((old & NUD_VALID) === 0) return;
      addr = n.lladdr;
    }
    if ((newState & NUD_CONNECTED) !== 0) n.confirmed = now;
    let state = newState;
    if ((old & NUD_VALID) !== 0) {
      if (addr !== n.lladdr && (flags & NeighUpdate.OVERRIDE) === 0) {
        if ((flags & NeighUpdate.WEAK_OVERRIDE) !== 0 && (old & NUD_CONNECTED) !== 0) {
          addr = n.lladdr;
          state = Nud.STALE;
        } else {
          return;
        }
      } else if (addr === n.lladdr && state === Nud.STALE && (flags & NeighUpdate.ADMIN) === 0) {
        // A valid entry whose address did not change is not demoted to STALE.
        state = old;
      }
    }
    const addrChanged = addr !== n.lladdr || !n.hasLladdr;
    if (state !== old || addrChanged) n.updated = now;
    if (state !== old) {
      n.timer.del();
      if ((state & Nud.PROBE) !== 0) n.probes = 0;
      if ((state & NUD_IN_TIMER) !== 0) {
        this.addTimer(n, now + ((state & Nud.REACHABLE) !== 0 ? this.reachableTimeOf(n.dev) : 0));
      }
      n.state = state;
    }
    if (addrChanged && (state & NUD_CONNECTED) === 0) {
      n.confirmed = now - 2 * this.parms(n.dev).baseReachableTimeMs * 1e6;
    }
    n.lladdr = addr;
    n.hasLladdr = true;
    if ((state & NUD_VALID) !== 0 && (old & NUD_VALID) === 0) {
      // Resolved: send what waited, oldest first.
      const queued = n.queue.splice(0);
      n.queueBytes = 0;
      for (const skb of queued) this.ops.output(n, skb);
    }
  }
}

/** skb->truesize of a queued packet: data plus the sk_buff overhead (about 768 bytes for a ping). */
function skbTruesize(skb: Packet): number {
  return 768 + Math.max(0, skb.length - 128);
}
