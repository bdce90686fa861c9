/**
 * libnetfilter_conntrack's `struct nf_conntrack` as conntrack(8) uses it: a set of attributes,
 * each either set or not (an undefined field is an unset attribute). The same shape holds the
 * command line's template and an entry as ctnetlink dumped it (ctnetlink_fill_info), so that
 * nfct_cmp (compare.c) and the printers work on both.
 */
import { type Conn, IPS, IPPROTO } from "@pktsim/netfilter";

/** An IPv4 address as a uint32, or an IPv6 address as its canonical text. */
export type CtAddr = number | string;

export interface CtTuple {
  l3?: number;
  src?: CtAddr;
  dst?: CtAddr;
  l4?: number;
  sport?: number;
  dport?: number;
  /** ICMP type/code/id of this direction (the attributes are the original direction's). */
  type?: number;
  code?: number;
  id?: number;
  /** CTA_TUPLE_ZONE: a zone for this direction only. */
  zone?: number;
}

export interface CtObj {
  orig: CtTuple;
  repl: CtTuple;
  tcpState?: number;
  sctpState?: number;
  sctpVtagOrig?: number;
  sctpVtagRepl?: number;
  dccpState?: number;
  dccpRole?: number;
  timeout?: number;
  mark?: number;
  status?: number;
  zone?: number;
  secmark?: number;
  id?: number;
  use?: number;
  snatIp?: CtAddr;
  dnatIp?: CtAddr;
  snatPort?: number;
  dnatPort?: number;
}

export const AF_INET = 2;
export const AF_INET6 = 10;

/** enum ct_command bit numbers (conntrack.h). */
export const CtCmdBit = {
  LIST: 0, CREATE: 1, UPDATE: 2, DELETE: 3, GET: 4, FLUSH: 5, EVENT: 6, VERSION: 7, HELP: 8,
  EXP_LIST: 9, EXP_CREATE: 10, EXP_DELETE: 11, EXP_GET: 12, EXP_FLUSH: 13, EXP_EVENT: 14,
  COUNT: 15, EXP_COUNT: 16, STATS: 17, EXP_STATS: 18, ADD: 19,
} as const;

/** exit_error(PARAMETER_PROBLEM, …): the message, "Try `conntrack -h'…", exit 2. */
export class ParamProblem extends Error {}
/** exit_error(OTHER_PROBLEM, …): the message, exit 1. */
export class OtherProblem extends Error {}

/** The id ctnetlink reports (nf_ct_get_id: a keyed hash, here of the model's serial number and tuple). */
export function conntrackId(c: Conn): number {
  const t = c.tuple[0];
  let h = Math.imul(c.id ^ 0x6a09e667, 0x9e3779b1);
  h = Math.imul(h ^ t.src ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ t.dst ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ ((t.sport << 16) | t.dport) ^ t.proto ^ (h >>> 16), 0x27d4eb2d);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * The entry as a dump or get reports it: both tuples, status, timeout (seconds left, rounded
 * down), mark, the zone when not the default one, the TCP/SCTP state, id and use count.
 */
export function connToObj(c: Conn, now: number, delayNs: number, use: number): CtObj {
  const tuple = (i: 0 | 1): CtTuple => {
    const t = c.tuple[i];
    const out: CtTuple = { l3: AF_INET, src: t.src, dst: t.dst, l4: t.proto };
    if (t.proto === IPPROTO.ICMP) {
      out.type = t.dport >>> 8;
      out.code = t.dport & 0xff;
      out.id = t.sport;
    } else if (t.proto === IPPROTO.TCP || t.proto === IPPROTO.UDP || t.proto === IPPROTO.UDPLITE || t.proto === IPPROTO.SCTP || t.proto === 47) {
      out.sport = t.sport;
      out.dport = t.dport;
    }
    if (c.zone !== 0 && c.zoneDir === i + 1) out.zone = c.zone;
    return out;
  };
  const o: CtObj = {
    orig: tuple(0),
    repl: tuple(1),
    status: c.status,
    timeout: Math.floor(Math.max(0, c.expiresIn(now) - delayNs) / 1e9),
    mark: c.mark,
    id: conntrackId(c),
    use,
  };
  if (c.zone !== 0 && c.zoneDir === 3) o.zone = c.zone;
  const proto = c.tuple[0].proto;
  if (proto === IPPROTO.TCP) o.tcpState = c.tcpState;
  if (proto === IPPROTO.SCTP) o.sctpState = c.sctpState;
  return o;
}

// ---- nfct_cmp (compare.c) ------------------------------------------------------------------------

const CMP_MASK = 1;

/** __cmp: both set → compare; neither → equal; only in ct1 under MASK → strict fails, else compare. */
function cmpAttr<T>(a: T | undefined, b: T | undefined, flags: number, eq: () => boolean, strict: boolean): boolean {
  if (a !== undefined && b !== undefined) return eq();
  if (a === undefined && b === undefined) return true;
  if (flags & CMP_MASK && a !== undefined) return strict ? false : eq();
  return true;
}

function cmpL4(t1: CtTuple, t2: CtTuple, o1: CtTuple, o2: CtTuple, flags: number, orig: boolean): boolean {
  if (t1.l4 !== t2.l4) return false;
  switch (t1.l4) {
    case 1:
    case 58:
      // The ICMP attributes are the original direction's in both comparisons.
      return (
        cmpAttr(o1.id, o2.id, flags, () => o1.id === o2.id, true) &&
        cmpAttr(o1.code, o2.code, flags, () => o1.code === o2.code, true) &&
        cmpAttr(o1.type, o2.type, flags, () => o1.type === o2.type, true)
      );
    case 6:
    case 17:
    case 136:
    case 33:
    case 132:
      return cmpAttr(t1.sport, t2.sport, flags, () => t1.sport === t2.sport, true) && cmpAttr(t1.dport, t2.dport, flags, () => t1.dport === t2.dport, true);
    default:
      void orig;
      return true;
  }
}

function cmpTuple(ct1: CtObj, ct2: CtObj, flags: number, dir: "orig" | "repl"): boolean {
  const t1 = ct1[dir];
  const t2 = ct2[dir];
  if (!cmpAttr(t1.l3, t2.l3, flags, () => t1.l3 === t2.l3, true)) return false;
  if (!cmpAttr(t1.l4, t2.l4, flags, () => cmpL4(t1, t2, ct1.orig, ct2.orig, flags, dir === "orig"), true)) return false;
  if (!cmpAttr(t1.src, t2.src, flags, () => t1.src === t2.src, true)) return false;
  if (!cmpAttr(t1.dst, t2.dst, flags, () => t1.dst === t2.dst, true)) return false;
  return cmpAttr(t1.zone, t2.zone, flags, () => (t1.zone ?? 0) === (t2.zone ?? 0), false);
}

function cmpMeta(ct1: CtObj, ct2: CtObj, flags: number): boolean {
  return (
    cmpAttr(ct1.id, ct2.id, flags, () => ct1.id === ct2.id, true) &&
    cmpAttr(ct1.mark, ct2.mark, flags, () => (ct1.mark ?? 0) === (ct2.mark ?? 0), false) &&
    cmpAttr(ct1.timeout, ct2.timeout, flags, () => ct1.timeout === ct2.timeout, true) &&
    cmpAttr(ct1.status, ct2.status, flags, () => ((ct1.status! & ct2.status!) >>> 0) === ct1.status, true) &&
    cmpAttr(ct1.tcpState, ct2.tcpState, flags, () => ct1.tcpState === ct2.tcpState, true) &&
    cmpAttr(ct1.sctpState, ct2.sctpState, flags, () => ct1.sctpState === ct2.sctpState, true) &&
    cmpAttr(ct1.dccpState, ct2.dccpState, flags, () => ct1.dccpState === ct2.dccpState, true) &&
    cmpAttr(ct1.zone, ct2.zone, flags, () => (ct1.zone ?? 0) === (ct2.zone ?? 0), false)
  );
}

/** nfct_cmp(ct1, ct2, NFCT_CMP_ALL | NFCT_CMP_MASK). */
export function cmpAllMask(ct1: CtObj, ct2: CtObj): boolean {
  return cmpMeta(ct1, ct2, CMP_MASK) && cmpTuple(ct1, ct2, CMP_MASK, "orig") && cmpTuple(ct1, ct2, CMP_MASK, "repl");
}

/** nfct_cmp(ct1, ct2, NFCT_CMP_ORIG) or NFCT_CMP_REPL (no mask: only attributes set in both count). */
export function cmpDir(ct1: CtObj, ct2: CtObj, dir: "orig" | "repl"): boolean {
  return cmpTuple(ct1, ct2, 0, dir);
}

// ---- NAT getters (objopt.c) ----------------------------------------------------------------------

export function isSnat(ct: CtObj): boolean {
  if (ct.status !== undefined && !(ct.status & IPS.SRC_NAT_DONE)) return false;
  return ct.repl.dst !== ct.orig.src;
}
export function isDnat(ct: CtObj): boolean {
  if (ct.status !== undefined && !(ct.status & IPS.DST_NAT_DONE)) return false;
  return ct.repl.src !== ct.orig.dst;
}
export function isSpat(ct: CtObj): boolean {
  return (ct.status === undefined || (ct.status & IPS.SRC_NAT_DONE) !== 0) && portAll(ct.repl, "dst") !== portAll(ct.orig, "src");
}
export function isDpat(ct: CtObj): boolean {
  return (ct.status === undefined || (ct.status & IPS.DST_NAT_DONE) !== 0) && portAll(ct.repl, "src") !== portAll(ct.orig, "dst");
}
/** The 16-bit l4 field of a tuple as the union sees it (ICMP: id as source, type/code as destination). */
function portAll(t: CtTuple, which: "src" | "dst"): number {
  if (t.l4 === 1 || t.l4 === 58) return which === "src" ? (t.id ?? 0) : ((t.type ?? 0) | ((t.code ?? 0) << 8));
  return (which === "src" ? t.sport : t.dport) ?? 0;
}
