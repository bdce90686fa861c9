/**
 * Connection tracking (net/netfilter/nf_conntrack_core.c and the per-protocol trackers
 * nf_conntrack_proto_{tcp,udp,icmp,generic}.c): tuples for ICMP, UDP, TCP and other
 * protocols; lookup in both directions; NEW/ESTABLISHED/RELATED/INVALID as the kernel
 * assigns them; unconfirmed entries that become visible at confirmation (the last hook); and
 * timeouts in virtual time, expired lazily.
 *
 * Model limits: no TCP window tracking (tcp_in_window, i.e. as if be_liberal), no helpers or
 * expectations, no zones beyond storing `--zone`, no fragment reassembly (non-first fragments
 * are untrackable and INVALID), no per-entry accounting.
 */
import type { Nanos } from "@pktsim/core";
import { IPPROTO } from "./names";
import type { XtPacket } from "./xtpacket";

/** enum ip_conntrack_status bits. */
export const IPS = {
  EXPECTED: 0x1,
  SEEN_REPLY: 0x2,
  ASSURED: 0x4,
  CONFIRMED: 0x8,
  SRC_NAT: 0x10,
  DST_NAT: 0x20,
  SRC_NAT_DONE: 0x80,
  DST_NAT_DONE: 0x100,
  DYING: 0x200,
  FIXED_TIMEOUT: 0x400,
} as const;
export const IPS_NAT_MASK = 0x30;

/** enum ip_conntrack_info. */
export const CtInfo = {
  ESTABLISHED: 0,
  RELATED: 1,
  NEW: 2,
  ESTABLISHED_REPLY: 3,
  RELATED_REPLY: 4,
  UNTRACKED: 7,
} as const;
export const IP_CT_IS_REPLY = 3;

export const CtDir = { ORIGINAL: 0, REPLY: 1 } as const;

/**
 * struct nf_conntrack_tuple, flattened: for TCP/UDP the ports; for ICMP `sport` is the id and
 * `dport` holds type << 8 | code (the kernel keeps type and code in the dst half too).
 */
export interface Tuple {
  src: number;
  dst: number;
  proto: number;
  sport: number;
  dport: number;
}

export function tupleEqual(a: Tuple, b: Tuple): boolean {
  return a.src === b.src && a.dst === b.dst && a.proto === b.proto && a.sport === b.sport && a.dport === b.dport;
}

/** invmap of nf_conntrack_proto_icmp.c: the reply type of each request type (and back). */
const ICMP_INVERT: ReadonlyMap<number, number> = new Map([
  [8, 0], [0, 8], [13, 14], [14, 13], [15, 16], [16, 15], [17, 18], [18, 17],
]);
/** Types icmp_new accepts as the first packet of a connection. */
const ICMP_NEW_TYPES = new Set([8, 13, 15, 17]);
/** ICMP errors that carry the header of the packet they are about. */
export const ICMP_ERROR_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);

/** nf_ct_invert_tuple. Undefined when an ICMP type has no inverse. */
export function invertTuple(t: Tuple): Tuple | undefined {
  if (t.proto === IPPROTO.ICMP) {
    const inv = ICMP_INVERT.get(t.dport >>> 8);
    if (inv === undefined) return undefined;
    return { src: t.dst, dst: t.src, proto: t.proto, sport: t.sport, dport: (inv << 8) | (t.dport & 0xff) };
  }
  return { src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport };
}

export function hasPorts(proto: number): boolean {
  return proto === IPPROTO.TCP || proto === IPPROTO.UDP || proto === IPPROTO.UDPLITE || proto === IPPROTO.SCTP || proto === IPPROTO.DCCP;
}

/** enum tcp_conntrack. */
export const TcpState = {
  NONE: 0,
  SYN_SENT: 1,
  SYN_RECV: 2,
  ESTABLISHED: 3,
  FIN_WAIT: 4,
  CLOSE_WAIT: 5,
  LAST_ACK: 6,
  TIME_WAIT: 7,
  CLOSE: 8,
  SYN_SENT2: 9,
} as const;
export const TCP_STATE_NAMES: readonly string[] = [
  "NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
];

const SEC = 1_000_000_000;
/** The default timeouts (nf_conntrack_proto_*.c; verified values in sysctl net.netfilter.*). */
export const CT_TIMEOUTS: {
  readonly tcp: readonly number[];
  readonly udpUnreplied: number;
  readonly udpReplied: number;
  readonly icmp: number;
  readonly generic: number;
} = {
  tcp: [0, 120, 60, 432000, 120, 60, 30, 120, 10, 120].map((s) => s * SEC),
  udpUnreplied: 30 * SEC,
  udpReplied: 120 * SEC,
  icmp: 30 * SEC,
  generic: 600 * SEC,
};

// tcp_conntracks[dir][index][state], with MAX (10) = invalid and IGNORE (11) = leave alone.
const sSS = 1, sSR = 2, sES = 3, sFW = 4, sCW = 5, sLA = 6, sTW = 7, sCL = 8, sS2 = 9, sIV = 10, sIG = 11;
const TCP_TRANSITIONS: readonly (readonly (readonly number[])[])[] = [
  [
    /* syn    */ [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
    /* synack */ [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
    /* fin    */ [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    /* ack    */ [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
    /* rst    */ [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    /* none   */ [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  ],
  [
    /* syn    */ [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
    /* synack */ [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
    /* fin    */ [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    /* ack    */ [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
    /* rst    */ [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    /* none   */ [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  ],
];

/** get_conntrack_index. */
function tcpIndex(flags: number): number {
  if (flags & 0x04) return 4;
  if (flags & 0x02) return flags & 0x10 ? 1 : 0;
  if (flags & 0x01) return 2;
  if (flags & 0x10) return 3;
  return 5;
}

/** tcp_valid_flags: the combinations tcp_error lets through (ECE/CWR/PSH/URG aside). */
function tcpFlagsValid(flags: number): boolean {
  const f = flags & 0x3f & ~0x08 & ~0x20; // PSH and URG may accompany any valid combination
  switch (f) {
    case 0x02: // SYN
    case 0x12: // SYN|ACK
    case 0x04: // RST
    case 0x14: // RST|ACK
    case 0x11: // FIN|ACK
    case 0x10: // ACK
      return true;
    default:
      return false;
  }
}

export class Conn {
  /** tuplehash[ORIGINAL] and tuplehash[REPLY]. */
  readonly tuple: [Tuple, Tuple];
  status = 0;
  /** Relative timeout until confirmed, absolute expiry (ns) after. */
  timeout: Nanos = 0;
  mark = 0;
  zone = 0;
  /** The directions `zone` applies to (NF_CT_ZONE_DIR_ORIG 1, _REPL 2, both 3: the default). */
  zoneDir = 3;
  tcpState: number = TcpState.NONE;
  /** enum sctp_conntrack of an entry ctnetlink created (no SCTP tracker models packets). */
  sctpState = 0;
  udpStreamTs: Nanos = 0;
  readonly id: number;
  /** The table that owns it (a packet's ct from elsewhere is not ours). */
  readonly owner: ConntrackTable;

  constructor(owner: ConntrackTable, orig: Tuple, reply: Tuple, id: number) {
    this.owner = owner;
    this.tuple = [orig, reply];
    this.id = id;
  }

  get confirmed(): boolean {
    return (this.status & IPS.CONFIRMED) !== 0;
  }

  /** nf_ct_refresh_acct ("Only update if this is not a fixed timeout"). */
  refresh(now: Nanos, extra: Nanos): void {
    if (this.status & IPS.FIXED_TIMEOUT) return;
    this.timeout = this.confirmed ? now + extra : extra;
  }

  /** nf_ct_expires, in ns. */
  expiresIn(now: Nanos): Nanos {
    return this.confirmed ? Math.max(0, this.timeout - now) : this.timeout;
  }
}

/** What nf_conntrack_in decided for one packet. */
export interface CtResult {
  conn: Conn | null;
  ctinfo: number;
}

const INVALID: CtResult = { conn: null, ctinfo: 0 };

function hashTuple(t: Tuple): number {
  let h = Math.imul(t.src ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ t.dst ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ ((t.sport << 16) | t.dport) ^ (h >>> 16), 0x27d4eb2d);
  return (h ^ t.proto ^ (h >>> 15)) >>> 0;
}

/** struct ip_conntrack_stat: the counters `conntrack -S` shows (kept for the namespace, not per CPU). */
export interface ConntrackStats {
  found: number;
  invalid: number;
  insert: number;
  insertFailed: number;
  drop: number;
  earlyDrop: number;
  error: number;
  searchRestart: number;
  clashResolve: number;
  chainTooLong: number;
}

/** The conntrack hash table of one namespace. */
export class ConntrackTable {
  private readonly buckets = new Map<number, Array<{ conn: Conn; dir: number }>>();
  /** Confirmed entries in insertion order (what a listing walks). */
  private readonly all = new Set<Conn>();
  private nextId = 1;
  /** nf_conntrack_tcp_loose: pick up established connections mid-stream. */
  tcpLoose = true;
  /** nf_conntrack_max. */
  max = 262144;
  readonly stats: ConntrackStats = {
    found: 0, invalid: 0, insert: 0, insertFailed: 0, drop: 0, earlyDrop: 0, error: 0, searchRestart: 0, clashResolve: 0, chainTooLong: 0,
  };

  get count(): number {
    return this.all.size;
  }

  entries(now: Nanos): Conn[] {
    const out: Conn[] = [];
    for (const c of [...this.all]) {
      if (c.timeout <= now) this.remove(c);
      else out.push(c);
    }
    return out;
  }

  /** __nf_conntrack_find_get: the entry either of whose tuples is `t`, unless expired. */
  find(t: Tuple, now: Nanos): { conn: Conn; dir: number } | undefined {
    const bucket = this.buckets.get(hashTuple(t));
    if (bucket === undefined) return undefined;
    for (const h of bucket) {
      if (!tupleEqual(h.conn.tuple[h.dir]!, t)) continue;
      if (h.conn.timeout <= now) {
        this.remove(h.conn);
        return undefined;
      }
      return h;
    }
    return undefined;
  }

  /** nf_conntrack_tuple_taken: is `t` some other confirmed connection's tuple? */
  tupleTaken(t: Tuple, ignored: Conn, now: Nanos): boolean {
    const h = this.find(t, now);
    const taken = h !== undefined && h.conn !== ignored;
    if (taken) this.stats.found++;
    return taken;
  }

  /** nf_conntrack_alloc for ctnetlink: an unconfirmed entry with both tuples as given. */
  alloc(orig: Tuple, reply: Tuple): Conn {
    return new Conn(this, orig, reply, this.nextId++);
  }

  /**
   * nf_conntrack_hash_check_insert (ctnetlink_create_conntrack): confirms `conn` with its
   * relative timeout unless either tuple is already in the table in its zone (false: EEXIST).
   */
  hashCheckInsert(conn: Conn, now: Nanos): boolean {
    for (const t of conn.tuple) {
      const h = this.find(t, now);
      if (h !== undefined && h.conn.zone === conn.zone) return false;
    }
    conn.timeout += now;
    conn.status |= IPS.CONFIRMED;
    this.link(conn);
    this.all.add(conn);
    this.stats.insert++;
    return true;
  }

  private link(conn: Conn): void {
    for (const dir of [0, 1]) {
      const key = hashTuple(conn.tuple[dir]!);
      let bucket = this.buckets.get(key);
      if (bucket === undefined) {
        bucket = [];
        this.buckets.set(key, bucket);
      }
      bucket.push({ conn, dir });
    }
  }

  private unlink(conn: Conn): void {
    for (const dir of [0, 1]) {
      const key = hashTuple(conn.tuple[dir]!);
      const bucket = this.buckets.get(key);
      if (bucket === undefined) continue;
      const i = bucket.findIndex((h) => h.conn === conn && h.dir === dir);
      if (i >= 0) bucket.splice(i, 1);
      if (bucket.length === 0) this.buckets.delete(key);
    }
  }

  remove(conn: Conn): void {
    if (!this.all.has(conn)) return;
    this.unlink(conn);
    this.all.delete(conn);
    conn.status |= IPS.DYING;
  }

  /** conntrack -F. */
  flush(): void {
    for (const c of [...this.all]) this.remove(c);
  }

  /** nf_conntrack_alter_reply: NAT changed the reply tuple of an unconfirmed entry. */
  alterReply(conn: Conn, reply: Tuple): void {
    conn.tuple[1] = reply;
  }

  /**
   * __nf_conntrack_confirm: the entry becomes visible; its timeout starts now. A clash with an
   * entry confirmed meanwhile drops the packet (false).
   */
  confirm(conn: Conn, now: Nanos): boolean {
    if (conn.confirmed || (conn.status & IPS.DYING) !== 0) return true;
    if (this.find(conn.tuple[0], now) !== undefined || this.find(conn.tuple[1], now) !== undefined) {
      this.stats.insertFailed++;
      this.stats.drop++;
      return false;
    }
    conn.timeout += now;
    conn.status |= IPS.CONFIRMED;
    this.link(conn);
    this.all.add(conn);
    return true;
  }

  /** resolve_normal_ct + the protocol's packet(): the entry and ctinfo of one packet. */
  in(xp: XtPacket, now: Nanos): CtResult {
    const tuple = xp.fragOff !== 0 ? undefined : pktToTuple(xp);
    if (tuple === undefined) return this.invalid();
    // An ICMP error nothing relates to is INVALID without being counted (icmp_error_message).
    if (tuple.proto === IPPROTO.ICMP && ICMP_ERROR_TYPES.has(xp.icmpType)) return this.icmpError(xp, now);
    let h = this.find(tuple, now);
    if (h !== undefined && tuple.proto === IPPROTO.TCP && h.dir === CtDir.ORIGINAL) {
      // tcp_packet: a SYN reopening a TIME_WAIT/CLOSE connection kills the old one (NF_REPEAT).
      const idx = tcpIndex(xp.tcpFlags);
      if (idx === 0 && (h.conn.tcpState === TcpState.TIME_WAIT || h.conn.tcpState === TcpState.CLOSE)) {
        this.remove(h.conn);
        h = undefined;
      }
    }
    let conn: Conn;
    let dir: number;
    if (h === undefined) {
      const created = this.initConntrack(xp, tuple);
      if (created === undefined) return this.invalid();
      conn = created;
      dir = CtDir.ORIGINAL;
    } else {
      conn = h.conn;
      dir = h.dir;
    }
    let ctinfo: number;
    if (dir === CtDir.REPLY) ctinfo = CtInfo.ESTABLISHED_REPLY;
    else if (conn.status & IPS.SEEN_REPLY) ctinfo = CtInfo.ESTABLISHED;
    else ctinfo = CtInfo.NEW;
    if (!this.protoPacket(conn, xp, dir, now)) return this.invalid();
    if (dir === CtDir.REPLY) conn.status |= IPS.SEEN_REPLY;
    return { conn, ctinfo };
  }

  /** nf_conntrack_in's "Not valid part of a connection": NF_CT_STAT_INC_ATOMIC(invalid). */
  private invalid(): CtResult {
    this.stats.invalid++;
    return INVALID;
  }

  /** init_conntrack with the protocol's new() check. */
  private initConntrack(xp: XtPacket, tuple: Tuple): Conn | undefined {
    const reply = invertTuple(tuple);
    if (reply === undefined) return undefined;
    if (tuple.proto === IPPROTO.ICMP && !ICMP_NEW_TYPES.has(xp.icmpType)) return undefined;
    if (tuple.proto === IPPROTO.TCP) {
      const state = TCP_TRANSITIONS[0]![tcpIndex(xp.tcpFlags)]![TcpState.NONE]!;
      if (state >= sIV) return undefined;
      if (state === TcpState.ESTABLISHED && !this.tcpLoose) return undefined;
    }
    return new Conn(this, tuple, reply, this.nextId++);
  }

  /** The protocol's packet(): state and timeout; false means INVALID. */
  private protoPacket(conn: Conn, xp: XtPacket, dir: number, now: Nanos): boolean {
    switch (conn.tuple[0].proto) {
      case IPPROTO.TCP:
        return this.tcpPacket(conn, xp, dir, now);
      case IPPROTO.UDP:
      case IPPROTO.UDPLITE: {
        if (!conn.confirmed) conn.udpStreamTs = now + 2 * SEC;
        if (conn.status & IPS.SEEN_REPLY) {
          // "Still active after two seconds? Extend timeout."
          const stream = now > conn.udpStreamTs;
          conn.refresh(now, stream ? CT_TIMEOUTS.udpReplied : CT_TIMEOUTS.udpUnreplied);
          if (stream) conn.status |= IPS.ASSURED;
        } else {
          conn.refresh(now, CT_TIMEOUTS.udpUnreplied);
        }
        return true;
      }
      case IPPROTO.ICMP:
        conn.refresh(now, CT_TIMEOUTS.icmp);
        return true;
      default:
        conn.refresh(now, CT_TIMEOUTS.generic);
        return true;
    }
  }

  /** nf_conntrack_tcp_packet without window tracking. */
  private tcpPacket(conn: Conn, xp: XtPacket, dir: number, now: Nanos): boolean {
    if (xp.l4len < 20 || !tcpFlagsValid(xp.tcpFlags)) return false;
    const old = conn.tcpState;
    const idx = tcpIndex(xp.tcpFlags);
    let next = TCP_TRANSITIONS[dir]![idx]![old]!;
    if (!conn.confirmed && old === TcpState.NONE) next = TCP_TRANSITIONS[0]![idx]![TcpState.NONE]!;
    if (next === sIG) return true;
    if (next === sIV) return false;
    conn.tcpState = next;
    if ((xp.tcpFlags & 0x04) !== 0 && (conn.status & IPS.SEEN_REPLY) === 0) {
      // "If only reply is a RST, we can consider ourselves not to have an established
      // connection": the entry goes at once.
      this.remove(conn);
      return true;
    }
    if (
      (conn.status & IPS.ASSURED) === 0 &&
      (old === TcpState.SYN_RECV || old === TcpState.ESTABLISHED) &&
      next === TcpState.ESTABLISHED
    ) {
      conn.status |= IPS.ASSURED;
    } else if ((conn.status & IPS.ASSURED) === 0 && old === TcpState.NONE && next === TcpState.ESTABLISHED) {
      // A connection picked up mid-stream (tcp_loose) is assured at once.
      conn.status |= IPS.ASSURED;
    }
    conn.refresh(now, CT_TIMEOUTS.tcp[next]!);
    return true;
  }

  /**
   * nf_conntrack_inet_error → icmp_error_message: an ICMP error is RELATED to the connection
   * of the packet it quotes, seen from the other direction; with none it is INVALID.
   */
  private icmpError(xp: XtPacket, now: Nanos): CtResult {
    const inner = innerTuple(xp);
    if (inner === undefined) return INVALID;
    const lookup = invertTuple(inner);
    if (lookup === undefined) return INVALID;
    const h = this.find(lookup, now);
    if (h === undefined) return INVALID;
    return { conn: h.conn, ctinfo: h.dir === CtDir.REPLY ? CtInfo.RELATED_REPLY : CtInfo.RELATED };
  }
}

/** nf_ct_get_tuple for the outer packet. */
export function pktToTuple(xp: XtPacket): Tuple | undefined {
  const b = xp.pkt.buf;
  const t = xp.thoff;
  if (hasPorts(xp.proto)) {
    if (xp.l4len < 4) return undefined;
    return { src: xp.src, dst: xp.dst, proto: xp.proto, sport: xp.sport, dport: xp.dport };
  }
  if (xp.proto === IPPROTO.ICMP) {
    if (xp.l4len < 8) return undefined;
    const id = (b[t + 4]! << 8) | b[t + 5]!;
    return { src: xp.src, dst: xp.dst, proto: xp.proto, sport: id, dport: (xp.icmpType << 8) | xp.icmpCode };
  }
  return { src: xp.src, dst: xp.dst, proto: xp.proto, sport: 0, dport: 0 };
}

/** The tuple of the datagram quoted inside an ICMP error (as its sender saw it). */
export function innerTuple(xp: XtPacket): Tuple | undefined {
  const b = xp.pkt.buf;
  const inner = xp.thoff + 8;
  const avail = xp.l4len - 8;
  if (avail < 20) return undefined;
  const ihl = (b[inner]! & 0x0f) * 4;
  if (ihl < 20 || avail < ihl + 8) return undefined;
  const rd = (o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  const proto = b[inner + 9]!;
  const src = rd(inner + 12);
  const dst = rd(inner + 16);
  const l4 = inner + ihl;
  if (hasPorts(proto)) return { src, dst, proto, sport: (b[l4]! << 8) | b[l4 + 1]!, dport: (b[l4 + 2]! << 8) | b[l4 + 3]! };
  if (proto === IPPROTO.ICMP) {
    const type = b[l4]!;
    if (ICMP_ERROR_TYPES.has(type)) return undefined;
    return { src, dst, proto, sport: (b[l4 + 4]! << 8) | b[l4 + 5]!, dport: (type << 8) | b[l4 + 1]! };
  }
  return { src, dst, proto, sport: 0, dport: 0 };
}
