/**
 * Packet traces in the spirit of pwru and `iptables -j TRACE`: a tracer hangs on the
 * simulation's observers and records, for every packet the filter selects, each step of its
 * way the models report (netfilter hooks, tables, chains, rules and verdicts, conntrack and NAT
 * decisions, the stack's hand-offs) and every drop with its reason and place. A packet stays
 * selected once it matched, so NAT rewriting its addresses does not lose it.
 */
import { type DeviceRef, type Nanos, type Packet, type Simulation, formatIpv4 } from "@pktsim/core";

export interface TraceEvent {
  readonly time: Nanos;
  /** The packet's trace id (Packet.id). */
  readonly packet: number;
  readonly kind: "step" | "drop";
  /** The kernel function (or hook) that reported it. */
  readonly where: string;
  /** The verdict, rule or reason. */
  readonly detail: string;
  /** The packet's headers when the event happened ("10.0.0.2 > 10.0.0.1 icmp …"). */
  readonly headers: string;
}

export interface TraceFilterSpec {
  /** Either address. */
  host?: number;
  src?: number;
  dst?: number;
  /** IP protocol number. */
  proto?: number;
  /** Either transport port. */
  port?: number;
  /** One packet by its trace id. */
  id?: number;
}

interface Headers {
  src: number;
  dst: number;
  proto: number;
  sport: number;
  dport: number;
}

function readHeaders(pkt: Packet): Headers | undefined {
  const nh = pkt.networkOffset;
  const b = pkt.buf;
  if (nh < 0 || nh + 20 > b.length || b[nh]! >>> 4 !== 4) return undefined;
  const rd32 = (o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  const proto = b[nh + 9]!;
  const l4 = nh + (b[nh]! & 0x0f) * 4;
  const frag = ((b[nh + 6]! << 8) | b[nh + 7]!) & 0x1fff;
  let sport = 0;
  let dport = 0;
  if (frag === 0 && l4 + 4 <= b.length && (proto === 6 || proto === 17)) {
    sport = (b[l4]! << 8) | b[l4 + 1]!;
    dport = (b[l4 + 2]! << 8) | b[l4 + 3]!;
  } else if (frag === 0 && proto === 1 && l4 + 8 <= b.length) {
    sport = b[l4]!;
    dport = (b[l4 + 4]! << 8) | b[l4 + 5]!;
  }
  return { src: rd32(nh + 12), dst: rd32(nh + 16), proto, sport, dport };
}

/** A one-line description of the packet's IPv4 headers as they are now. */
export function describePacket(pkt: Packet): string {
  const h = readHeaders(pkt);
  if (h === undefined) return "(not IPv4)";
  const b = pkt.buf;
  const nh = pkt.networkOffset;
  const ttl = b[nh + 8]!;
  const len = (b[nh + 2]! << 8) | b[nh + 3]!;
  switch (h.proto) {
    case 6: {
      const l4 = nh + (b[nh]! & 0x0f) * 4;
      const f = b[l4 + 13] ?? 0;
      const flags = [[0x02, "S"], [0x01, "F"], [0x04, "R"], [0x08, "P"], [0x10, "."]].filter(([bit]) => (f & (bit as number)) !== 0).map(([, n]) => n).join("");
      return `${formatIpv4(h.src)}:${h.sport} > ${formatIpv4(h.dst)}:${h.dport} tcp [${flags}] ttl ${ttl} len ${len}`;
    }
    case 17:
      return `${formatIpv4(h.src)}:${h.sport} > ${formatIpv4(h.dst)}:${h.dport} udp ttl ${ttl} len ${len}`;
    case 1: {
      const l4 = nh + (b[nh]! & 0x0f) * 4;
      const type = b[l4] ?? 0;
      const code = b[l4 + 1] ?? 0;
      const what = type === 8 ? `echo request id ${h.dport}` : type === 0 ? `echo reply id ${h.dport}` : `type ${type} code ${code}`;
      return `${formatIpv4(h.src)} > ${formatIpv4(h.dst)} icmp ${what} ttl ${ttl} len ${len}`;
    }
    default:
      return `${formatIpv4(h.src)} > ${formatIpv4(h.dst)} proto ${h.proto} ttl ${ttl} len ${len}`;
  }
}

/** A predicate selecting packets by addresses, protocol, port or id. */
export function packetFilter(spec: TraceFilterSpec): (pkt: Packet) => boolean {
  return (pkt) => {
    if (spec.id !== undefined && pkt.id !== spec.id) return false;
    const needsHeaders = spec.host !== undefined || spec.src !== undefined || spec.dst !== undefined || spec.proto !== undefined || spec.port !== undefined;
    if (!needsHeaders) return true;
    const h = readHeaders(pkt);
    if (h === undefined) return false;
    if (spec.host !== undefined && h.src !== spec.host && h.dst !== spec.host) return false;
    if (spec.src !== undefined && h.src !== spec.src) return false;
    if (spec.dst !== undefined && h.dst !== spec.dst) return false;
    if (spec.proto !== undefined && h.proto !== spec.proto) return false;
    if (spec.port !== undefined && (h.proto === 1 || (h.sport !== spec.port && h.dport !== spec.port))) return false;
    return true;
  };
}

export class PacketTracer {
  readonly events: TraceEvent[] = [];
  private readonly sim: Simulation;
  private readonly filter: (pkt: Packet) => boolean;
  /** Packets selected so far (by id): they stay selected whatever NAT does to them. */
  private readonly selected = new Set<number>();
  private readonly unsubscribe: () => void;

  constructor(sim: Simulation, filter: (pkt: Packet) => boolean = () => true) {
    this.sim = sim;
    this.filter = filter;
    this.unsubscribe = sim.observe({
      step: (pkt, where, detail) => this.record(pkt, "step", where, detail),
      drop: (pkt, where, reason, dev) => this.record(pkt, "drop", where, dev === null ? reason : `${reason} (${dev.name})`),
    });
  }

  private record(pkt: Packet, kind: "step" | "drop", where: string, detail: string): void {
    if (!this.selected.has(pkt.id)) {
      if (!this.filter(pkt)) return;
      this.selected.add(pkt.id);
    }
    this.events.push({ time: this.sim.now, packet: pkt.id, kind, where, detail, headers: describePacket(pkt) });
  }

  stop(): void {
    this.unsubscribe();
  }

  /** Events grouped by packet, in the order packets were first seen. */
  byPacket(): Map<number, TraceEvent[]> {
    const out = new Map<number, TraceEvent[]>();
    for (const e of this.events) {
      let list = out.get(e.packet);
      if (list === undefined) {
        list = [];
        out.set(e.packet, list);
      }
      list.push(e);
    }
    return out;
  }

  /** The packets that were dropped, with the drop event. */
  drops(): TraceEvent[] {
    return this.events.filter((e) => e.kind === "drop");
  }

  /** A readable trace: one block per packet, one line per event with its virtual time. */
  format(): string {
    let s = "";
    for (const [id, events] of this.byPacket()) {
      s += `packet ${id}: ${events[0]!.headers}\n`;
      let headers = events[0]!.headers;
      for (const e of events) {
        const t = (e.time / 1e9).toFixed(9);
        s += `  ${t} ${e.kind === "drop" ? "DROP " : ""}${e.where} ${e.detail}\n`;
        if (e.headers !== headers) {
          s += `             now ${e.headers}\n`;
          headers = e.headers;
        }
      }
    }
    return s;
  }
}

export type { DeviceRef };
