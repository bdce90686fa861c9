/**
 * NAT (net/netfilter/nf_nat_core.c, nf_nat_proto.c, nf_nat_masquerade.c, nf_nat_redirect.c):
 * the binding of a connection's first packet (nf_nat_setup_info with get_unique_tuple), the
 * null binding for connections no rule translated, the rewrite of every later packet in both
 * directions (nf_nat_packet → nf_nat_manip_pkt, with incremental checksum updates) and the
 * translation of ICMP errors about a translated connection (nf_nat_icmp_reply_translation).
 */
import { type Nanos, type Rng, checksumReplace16, checksumReplace32, internetChecksum, partialChecksumReplace32, ipv4Le, jhash2, reciprocalScale } from "@pktsim/core";
import { type Conn, type ConntrackTable, CtDir, IPS, IPS_NAT_MASK, IP_CT_IS_REPLY, type Tuple, hasPorts, invertTuple, tupleEqual } from "./conntrack";
import { type NatRange, NatRangeFlags } from "./ext/types";
import { IPPROTO } from "./names";

export type Manip = "src" | "dst";

/** nf_nat_initialized. */
export function natInitialized(ct: Conn, manip: Manip): boolean {
  return (ct.status & (manip === "src" ? IPS.SRC_NAT_DONE : IPS.DST_NAT_DONE)) !== 0;
}

function inRange(t: Tuple, range: NatRange, manip: Manip): boolean {
  const addr = manip === "src" ? t.src : t.dst;
  if (range.flags & NatRangeFlags.MAP_IPS && (addr < range.minAddr || addr > range.maxAddr)) return false;
  if (!(range.flags & NatRangeFlags.PROTO_SPECIFIED)) return true;
  const port = manip === "src" ? t.sport : t.dport;
  return port >= range.minPort && port <= range.maxPort;
}

/** nf_nat_used_tuple: would `t` collide with another connection's reply? */
function usedTuple(table: ConntrackTable, t: Tuple, ct: Conn, now: Nanos): boolean {
  const reply = invertTuple(t);
  return reply !== undefined && table.tupleTaken(reply, ct, now);
}

/**
 * find_best_ips_proto: jhash2 of the source address (its nf_inet_addr: four words, three of them
 * zero for IPv4) seeded with the destination (0 with --persistent; zone 0) picks the address
 * within the range by reciprocal_scale; the same client always gets the same address.
 */
function findBestIps(t: Tuple, range: NatRange, manip: Manip): void {
  if (!(range.flags & NatRangeFlags.MAP_IPS)) return;
  if (range.minAddr === range.maxAddr) {
    if (manip === "src") t.src = range.minAddr;
    else t.dst = range.minAddr;
    return;
  }
  const persistent = (range.flags & NatRangeFlags.PERSISTENT) !== 0;
  const j = jhash2([ipv4Le(t.src), 0, 0, 0], persistent ? 0 : ipv4Le(t.dst));
  const dist = (range.maxAddr - range.minAddr + 1) >>> 0;
  const chosen = (range.minAddr + reciprocalScale(j, dist)) >>> 0;
  if (manip === "src") t.src = chosen;
  else t.dst = chosen;
}

/** nf_nat_l4proto_unique_tuple. */
function uniqueL4(table: ConntrackTable, t: Tuple, range: NatRange, manip: Manip, ct: Conn, rng: Rng, now: Nanos): void {
  let min: number;
  let rangeSize: number;
  const icmp = t.proto === IPPROTO.ICMP;
  const get = (): number => (icmp ? t.sport : manip === "src" ? t.sport : t.dport);
  const set = (v: number): void => {
    if (icmp) t.sport = v;
    else if (manip === "src") t.sport = v;
    else t.dport = v;
  };
  if (icmp) {
    if (!(range.flags & NatRangeFlags.PROTO_SPECIFIED)) {
      min = 0;
      rangeSize = 65536;
    } else {
      min = range.minPort;
      rangeSize = range.maxPort - range.minPort + 1;
    }
  } else if (!hasPorts(t.proto)) {
    return;
  } else if (!(range.flags & NatRangeFlags.PROTO_SPECIFIED)) {
    // A destination port cannot change without a range.
    if (manip === "dst") return;
    const port = get();
    if (port < 1024) {
      // "Loose convention: >> 512 is credential passing".
      if (port < 512) {
        min = 1;
        rangeSize = 511;
      } else {
        min = 600;
        rangeSize = 1023 - min + 1;
      }
    } else {
      min = 1024;
      rangeSize = 65535 - 1024 + 1;
    }
  } else {
    min = range.minPort;
    rangeSize = range.maxPort - range.minPort + 1;
  }
  let off: number;
  if ((range.flags & (NatRangeFlags.PROTO_RANDOM | NatRangeFlags.PROTO_RANDOM_FULLY)) !== 0 || manip !== "dst") off = rng.int(0, 0xffff);
  else off = 0;
  let attempts = Math.min(rangeSize, 128);
  for (;;) {
    for (let i = 0; i < attempts; i++, off++) {
      set(min + (off % rangeSize));
      if (!usedTuple(table, t, ct, now)) return;
    }
    if (attempts >= rangeSize || attempts < 16) return;
    attempts = Math.floor(attempts / 2);
    off = rng.int(0, 0xffff);
  }
}

/** get_unique_tuple. */
function getUniqueTuple(table: ConntrackTable, orig: Tuple, range: NatRange, ct: Conn, manip: Manip, rng: Rng, now: Nanos): Tuple {
  const randomAll = (range.flags & (NatRangeFlags.PROTO_RANDOM | NatRangeFlags.PROTO_RANDOM_FULLY)) !== 0;
  if (manip === "src" && !randomAll && inRange(orig, range, manip) && !usedTuple(table, orig, ct, now)) return { ...orig };
  const t = { ...orig };
  findBestIps(t, range, manip);
  if (!randomAll) {
    if (!(range.flags & NatRangeFlags.PROTO_SPECIFIED)) {
      if (!usedTuple(table, t, ct, now)) return t;
    } else if (inRange(t, { ...range, flags: range.flags & ~NatRangeFlags.MAP_IPS }, manip) && (range.minPort === range.maxPort || !usedTuple(table, t, ct, now))) {
      return t;
    }
  }
  uniqueL4(table, t, range, manip, ct, rng, now);
  return t;
}

/** nf_nat_setup_info: binds the connection's translation for one manip type. */
export function natSetupInfo(table: ConntrackTable, ct: Conn, range: NatRange, manip: Manip, rng: Rng, now: Nanos): void {
  if (natInitialized(ct, manip)) return;
  // "What we've got will look like inverse of reply. Normally this is what is in the
  // conntrack, except for prior manipulations."
  const curr = invertTuple(ct.tuple[CtDir.REPLY]);
  if (curr !== undefined) {
    const next = getUniqueTuple(table, curr, range, ct, manip, rng, now);
    if (!tupleEqual(next, curr)) {
      const reply = invertTuple(next);
      if (reply !== undefined) table.alterReply(ct, reply);
      ct.status |= manip === "src" ? IPS.SRC_NAT : IPS.DST_NAT;
    }
  }
  ct.status |= manip === "src" ? IPS.SRC_NAT_DONE : IPS.DST_NAT_DONE;
}

/** nf_nat_alloc_null_binding: keep the address this manip would change as it is. */
export function natNullBinding(table: ConntrackTable, ct: Conn, manip: Manip, rng: Rng, now: Nanos): void {
  const reply = ct.tuple[CtDir.REPLY];
  const ip = manip === "src" ? reply.dst : reply.src;
  natSetupInfo(table, ct, { flags: NatRangeFlags.MAP_IPS, minAddr: ip, maxAddr: ip, minPort: 0, maxPort: 0 }, manip, rng, now);
}

// ---- packet rewriting ---------------------------------------------------------------------------

function rd32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}
function wr32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
}
function rd16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
function wr16(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 8;
  b[o + 1] = v;
}

/**
 * nf_nat_ipv4_manip_pkt: rewrites the IP header at `iph` (and its transport header, as far as
 * it is present: `end` bounds it) to `target` for one manip type, with incremental checksums.
 */
export function manipPkt(b: Uint8Array, iph: number, end: number, target: Tuple, manip: Manip, partial = false): void {
  const ihl = (b[iph]! & 0x0f) * 4;
  const l4 = iph + ihl;
  const proto = b[iph + 9]!;
  const fragOff = rd16(b, iph + 6) & 0x1fff;
  const addrOff = manip === "src" ? 12 : 16;
  const oldAddr = rd32(b, iph + addrOff);
  const newAddr = manip === "src" ? target.src : target.dst;
  if (fragOff === 0) l4Manip(b, l4, end, proto, target, manip, oldAddr, newAddr, partial);
  if (oldAddr !== newAddr) {
    wr16(b, iph + 10, checksumReplace32(rd16(b, iph + 10), oldAddr, newAddr));
    wr32(b, iph + addrOff, newAddr);
  }
}

function l4Manip(b: Uint8Array, l4: number, end: number, proto: number, target: Tuple, manip: Manip, oldAddr: number, newAddr: number, partial: boolean): void {
  const avail = end - l4;
  if (proto === IPPROTO.TCP || proto === IPPROTO.UDP || proto === IPPROTO.UDPLITE) {
    if (avail < 4) return;
    const portOff = manip === "src" ? 0 : 2;
    const oldPort = rd16(b, l4 + portOff);
    const newPort = manip === "src" ? target.sport : target.dport;
    // A quoted header (ICMP error payload) may stop after 8 bytes: ports only, no checksum.
    const csumOff = proto === IPPROTO.TCP ? 16 : 6;
    const haveCsum = avail >= (proto === IPPROTO.TCP ? 20 : 8);
    if (haveCsum) {
      let check = rd16(b, l4 + csumOff);
      const udpNoCsum = proto === IPPROTO.UDP && check === 0;
      if (partial) {
        // inet_proto_csum_replace4 on a CHECKSUM_PARTIAL skb: only the pseudo-header address
        // changes the stored sum, uncomplemented; the port is data the NIC will sum.
        if (!udpNoCsum) wr16(b, l4 + csumOff, partialChecksumReplace32(check, oldAddr, newAddr));
      } else if (!udpNoCsum) {
        check = checksumReplace32(check, oldAddr, newAddr);
        check = checksumReplace16(check, oldPort, newPort);
        if (proto === IPPROTO.UDP && check === 0) check = 0xffff;
        wr16(b, l4 + csumOff, check);
      }
    }
    wr16(b, l4 + portOff, newPort);
    return;
  }
  if (proto === IPPROTO.ICMP) {
    if (avail < 8) return;
    const type = b[l4]!;
    // icmp_manip_pkt: only query messages carry an id to rewrite.
    if (![0, 8, 13, 14, 15, 16, 17, 18].includes(type)) return;
    const oldId = rd16(b, l4 + 4);
    if (oldId === target.sport) return;
    wr16(b, l4 + 2, checksumReplace16(rd16(b, l4 + 2), oldId, target.sport));
    wr16(b, l4 + 4, target.sport);
  }
}

/** nf_nat_packet: applies the binding of `ct` to a packet going `dir` at a hook of manip type `manip`. */
export function natPacket(b: Uint8Array, iph: number, end: number, ct: Conn, ctinfo: number, manip: Manip, partial = false): boolean {
  const dir = ctinfo >= IP_CT_IS_REPLY ? CtDir.REPLY : CtDir.ORIGINAL;
  let statusbit: number = manip === "src" ? IPS.SRC_NAT : IPS.DST_NAT;
  if (dir === CtDir.REPLY) statusbit ^= IPS_NAT_MASK;
  if ((ct.status & statusbit) === 0) return false;
  const target = invertTuple(ct.tuple[dir === CtDir.REPLY ? CtDir.ORIGINAL : CtDir.REPLY]);
  if (target === undefined) return false;
  manipPkt(b, iph, end, target, manip, partial);
  return true;
}

/**
 * nf_nat_icmp_reply_translation: an ICMP error RELATED to a translated connection gets its
 * quoted packet translated back and its outer header translated like a reply would be.
 */
export function natIcmpReplyTranslation(b: Uint8Array, iph: number, end: number, ct: Conn, ctinfo: number, manip: Manip): boolean {
  const dir = ctinfo >= IP_CT_IS_REPLY ? CtDir.REPLY : CtDir.ORIGINAL;
  let statusbit: number = manip === "src" ? IPS.SRC_NAT : IPS.DST_NAT;
  if (dir === CtDir.REPLY) statusbit ^= IPS_NAT_MASK;
  if ((ct.status & statusbit) === 0) return false;
  const ihl = (b[iph]! & 0x0f) * 4;
  const icmp = iph + ihl;
  const inner = icmp + 8;
  const other = ct.tuple[dir === CtDir.REPLY ? CtDir.ORIGINAL : CtDir.REPLY];
  // "Change inner back to look like incoming packet": the opposite manip, to the other tuple.
  manipPkt(b, inner, end, other, manip === "src" ? "dst" : "src");
  b[icmp + 2] = 0;
  b[icmp + 3] = 0;
  wr16(b, icmp + 2, internetChecksum(b, icmp, end - icmp));
  const target = invertTuple(other);
  if (target === undefined) return true;
  manipPkt(b, iph, iph + ihl, { ...target, proto: IPPROTO.ICMP }, manip);
  return true;
}
