/**
 * IPv4 fragmentation and reassembly for one namespace.
 *
 * Output (net/ipv4/ip_output.c): ip_finish_output sends a datagram longer than the MTU — or one
 * that conntrack reassembled — through ip_fragment: with DF it is refused (FragFails, ICMP
 * "fragmentation needed" with the MTU) unless its socket may fragment it (ignore_df) and no
 * original fragment was larger than the MTU; otherwise ip_do_fragment cuts it: every fragment
 * carries the whole header (options not marked "copied" become NOPs after the first), the same
 * IP id, its offset, MF on all but the last (and on the last too when a fragment was cut again),
 * payloads of the MTU's room rounded down to 8 bytes, a fresh header checksum; a partial L4
 * checksum is completed first (skb_checksum_help). A datagram conntrack reassembled leaves as
 * the fragments it came in when they fit (the frag_list fast path), else cut at
 * min(MTU, largest original fragment) (IPCB(skb)->frag_max_size). FragCreates counts each
 * fragment sent, FragOKs each datagram.
 *
 * Input (net/ipv4/ip_fragment.c, inet_fragment.c): ip_defrag queues fragments by (source,
 * destination, id, protocol, user) — user LOCAL_DELIVER from ip_local_deliver, CONNTRACK_IN from
 * nf_defrag_ipv4 at PRE_ROUTING priority −400 while conntrack is on — in runs as
 * inet_frag_queue_insert keeps them: a duplicate of what a run holds is dropped, any other
 * overlap kills the whole queue (RFC 5722; ReasmOverlaps, ReasmFails). A queue expires
 * ipfrag_time seconds after its first fragment (ReasmTimeout, ReasmFails); if the first fragment
 * had arrived, ip_expire sends ICMP time exceeded code 1 quoting it — only from the destination
 * host when conntrack owned the queue. ipfrag_max_dist (fragments from the same source between
 * two of this datagram's) restarts a queue; above ipfrag_high_thresh bytes queued, fragments are
 * refused. The reassembled datagram gets the first fragment's header, MF and offset cleared (DF
 * when the largest fragment had it), the ECN bits combined (ip_frag_ecn_table).
 *
 * Model limits: queue memory is an estimate of skb truesize; no l3mdev (vif) in the key; the
 * bridge's br_netfilter defrag/refragment path (br_nf_dev_queue_xmit) is not modelled; a locally
 * generated DF datagram over the path MTU is fragmented as ignore_df allows, not refused as a
 * TCP socket's would be (the model's TCP never builds one).
 */
import {
  type Packet,
  DropReason,
  IcmpType,
  IcmpUnreachableCode,
  IcmpTimeExceededCode,
  IpProtocol,
  IpSummed,
  Ipv4Packet,
  Packet as PacketClass,
  PacketType,
  foldSum,
  formatIpv4,
  onesSum,
  type ScheduledEvent,
} from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import { IP_MAX_MTU } from "./fnhe";
import type { Rtable } from "./ip";
import type { Namespace } from "./namespace";

/** enum ip_defrag_users (include/net/ip.h); conntrack's is CONNTRACK_IN + zone. */
export const IpDefragUser = {
  LOCAL_DELIVER: 0,
  CALL_RA_CHAIN: 1,
  CONNTRACK_IN: 2,
} as const;

const IP_DF = 0x4000;
const IP_MF = 0x2000;
const IP_OFFSET = 0x1fff;

/** INET_FRAG_* queue flags. */
const FIRST_IN = 1;
const LAST_IN = 2;
const COMPLETE = 4;

/** IPFRAG_ECN_* bits of the TOS ECN codepoint each fragment had (ip4_frag_ecn), and ip_frag_ecn_table. */
const ECN_TABLE: readonly number[] = [0, 0, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 3, 0xff, 3, 0xff, 3, 0xff];

/** What ip_frag_reasm leaves on a reassembled datagram (IPCB) for ip_forward and ip_fragment. */
interface ReasmInfo {
  /** frag_max_size: the largest fragment (header included). */
  readonly maxSize: number;
  /** IPSKB_FRAG_PMTU: the largest fragment had DF. */
  readonly fragPmtu: boolean;
  /** skb->ignore_df, set by nf_ct_ipv4_gather_frags. */
  readonly ignoreDf: boolean;
  /** The payload length of each original fragment in offset order (the frag_list). */
  readonly sizes: readonly number[];
}

interface Frag {
  offset: number;
  data: Uint8Array;
  /** The fragment as received, for drop reports when the queue dies. */
  pkt: Packet;
}

/** struct ipq. */
interface Ipq {
  readonly key: string;
  readonly user: number;
  readonly saddr: number;
  flags: number;
  /** q.len: the datagram's payload length as far as known. */
  len: number;
  /** q.meat: payload bytes queued. */
  meat: number;
  frags: Frag[];
  /** Runs of contiguous fragments [start, end), sorted (the rbtree's run heads). */
  runs: Array<{ start: number; end: number }>;
  maxSize: number;
  maxDfSize: number;
  ecn: number;
  /** The last fragment's input device (qp->iif). */
  iif: number;
  /** The fragment at offset 0, as received (header included), for ip_expire's ICMP. */
  head: Packet | null;
  /** Header bytes of the fragment at offset 0. */
  header: Uint8Array | null;
  /** The peer's fragment counter when this queue last took one (qp->rid). */
  rid: number;
  truesize: number;
  timer: ScheduledEvent | null;
}

export class IpFragment {
  private readonly ns: Namespace;
  private readonly iph = new Ipv4Packet(new Uint8Array(0), 0, 0);
  private readonly queues = new Map<string, Ipq>();
  /** inet_peer->rid of each source: fragments received from it (ip_frag_too_far). */
  private readonly peerRid = new Map<number, number>();
  private readonly reasm = new WeakMap<Packet, ReasmInfo>();
  /** Datagrams reassembled so far: while 0 no packet can carry ReasmInfo. */
  private reassembled = 0;
  /** fqdir->mem: the estimated truesize of everything queued. */
  mem = 0;
  /** net.ipv4.ipfrag_time, seconds. */
  time = 30;
  /** net.ipv4.ipfrag_high_thresh and ipfrag_low_thresh, bytes. */
  highThresh: number = 4 * 1024 * 1024;
  lowThresh: number = 3 * 1024 * 1024;
  /** net.ipv4.ipfrag_max_dist. */
  maxDist = 64;

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  /** Reassembly queues alive. */
  get queueCount(): number {
    return this.queues.size;
  }

  /** Could a packet of this namespace carry reassembly state (the datapath's fast check)? */
  get mayCarryReasm(): boolean {
    return this.reassembled !== 0;
  }

  // ===================================================================== output

  /**
   * ip_exceeds_mtu (ip_forward): a DF datagram longer than `mtu` — or reassembled from a DF
   * fragment longer than it — cannot be forwarded; conntrack's reassembled ones may be cut again.
   */
  exceedsMtu(pkt: Packet, totalLen: number, dontFrag: boolean, mtu: number): boolean {
    if (totalLen <= mtu || !dontFrag) return false;
    const info = this.reassembled !== 0 ? this.reasm.get(pkt) : undefined;
    if (info === undefined) return true;
    return info.maxSize > mtu || !info.ignoreDf;
  }

  /**
   * ip_finish_output's decision for `pkt` leaving on `rt` after POST_ROUTING: false when it
   * goes out whole; true when ip_fragment took it (sent as fragments, or dropped).
   */
  finishOutput(pkt: Packet, rt: Rtable): boolean {
    const info = this.reassembled !== 0 ? this.reasm.get(pkt) : undefined;
    const mtu = this.skbDstMtu(rt);
    const iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset);
    if (iph.totalLen <= mtu && info === undefined) return false;
    this.ipFragment(pkt, rt, mtu, info);
    return true;
  }

  /** ip_skb_dst_mtu: a forwarded packet uses the device MTU, a local one the path MTU. */
  private skbDstMtu(rt: Rtable): number {
    if (rt.input === "forward") return Math.min(rt.dev.mtu, IP_MAX_MTU);
    return this.ns.ip.fnhe.dstMtu(rt);
  }

  /** ip_fragment. */
  private ipFragment(pkt: Packet, rt: Rtable, mtu: number, info: ReasmInfo | undefined): void {
    const ns = this.ns;
    const iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset);
    if (iph.dontFrag) {
      // A forwarded packet never has ignore_df; a local one has it under IP_PMTUDISC_WANT/DONT.
      const ignoreDf = info !== undefined ? info.ignoreDf : rt.input !== "forward";
      if (!ignoreDf || (info !== undefined && info.maxSize > mtu)) {
        ns.mib.ip.FragFails++;
        ns.icmp.send(pkt, IcmpType.DestUnreachable, IcmpUnreachableCode.FragmentationNeeded, mtu);
        ns.sim.reportDrop(pkt, "ip_fragment", DropReason.PKT_TOO_BIG, rt.dev);
        return;
      }
    }
    this.doFragment(pkt, rt, mtu, info);
  }

  /** ip_do_fragment: the fast path over a reassembled datagram's own fragments, else the slow path. */
  private doFragment(pkt: Packet, rt: Rtable, devMtu: number, info: ReasmInfo | undefined): void {
    const ns = this.ns;
    if (pkt.ipSummed === IpSummed.PARTIAL) skbChecksumHelp(pkt);
    const buf = pkt.buf;
    const nh = pkt.networkOffset;
    const iph = new Ipv4Packet(buf, nh, pkt.tail - nh);
    let mtu = devMtu;
    if (info !== undefined && info.maxSize !== 0 && info.maxSize < mtu) mtu = info.maxSize;
    const hlen = iph.headerLen;
    const room = mtu - hlen;
    const total = iph.totalLen;
    const fragWord = (buf[nh + 6]! << 8) | buf[nh + 7]!;
    // The header every fragment starts from; options become NOPs once the first is out.
    const header = buf.slice(nh, nh + hlen);
    const sizes = info !== undefined ? fastPathSizes(info.sizes, room, fragWord) : null;
    let offset = (fragWord & IP_OFFSET) << 3;
    const notLastFrag = (fragWord & IP_MF) !== 0;
    let ptr = hlen;
    let left = total - hlen;
    if (sizes === null && room < 8 && left > room) {
      ns.mib.ip.FragFails++;
      ns.sim.reportDrop(pkt, "ip_do_fragment", DropReason.PKT_TOO_BIG, rt.dev);
      return;
    }
    let i = 0;
    while (left > 0) {
      let len: number;
      if (sizes !== null) {
        len = sizes[i++]!;
      } else {
        len = left > room ? room : left;
        if (len < left) len &= ~7;
      }
      const frag = PacketClass.alloc(hlen + len);
      ns.sim.stamp(frag);
      const at = frag.head;
      frag.buf.set(header, at);
      frag.buf.set(buf.subarray(nh + ptr, nh + ptr + len), at + hlen);
      left -= len;
      let word = offset >>> 3;
      // Only the slow path keeps DF, and only for a reassembled DF datagram (IPSKB_FRAG_PMTU).
      if (sizes === null && info !== undefined && info.fragPmtu) word |= IP_DF;
      if (left > 0 || (sizes === null && notLastFrag)) word |= IP_MF;
      const b = frag.buf;
      b[at + 2] = (hlen + len) >>> 8;
      b[at + 3] = (hlen + len) & 0xff;
      b[at + 6] = word >>> 8;
      b[at + 7] = word & 0xff;
      const fiph = new Ipv4Packet(b, at, hlen + len);
      fiph.fillChecksum();
      if (offset === 0 && hlen > 20) optionsFragment(header);
      ptr += len;
      offset += len;
      copyMetadata(frag, pkt);
      frag.networkOffset = at;
      frag.transportOffset = at + hlen;
      ns.ip.finishOutput2(frag, rt);
      ns.mib.ip.FragCreates++;
    }
    ns.mib.ip.FragOKs++;
  }

  // ===================================================================== input

  /**
   * ip_defrag: queue the fragment `pkt` (networkOffset at its header, trimmed to its total
   * length); the whole datagram when this one completed it, else null (queued or dropped).
   */
  defrag(pkt: Packet, user: number): Packet | null {
    const ns = this.ns;
    ns.mib.ip.ReasmReqds++;
    const buf = pkt.buf;
    const nh = pkt.networkOffset;
    const iph = this.iph.reset(buf, nh, pkt.tail - nh);
    const saddr = iph.src;
    const daddr = iph.dst;
    const key = `${saddr},${daddr},${iph.ident},${iph.protocol},${user}`;
    // inet_frag_find: nothing new is taken above the high threshold.
    if (this.highThresh === 0 || this.mem > this.highThresh) {
      ns.mib.ip.ReasmFails++;
      ns.sim.reportDrop(pkt, "ip_defrag", DropReason.NOT_SPECIFIED, pkt.inDev);
      return null;
    }
    let qp = this.queues.get(key);
    if (qp === undefined) {
      qp = {
        key,
        user,
        saddr,
        flags: 0,
        len: 0,
        meat: 0,
        frags: [],
        runs: [],
        maxSize: 0,
        maxDfSize: 0,
        ecn: 0,
        iif: 0,
        head: null,
        header: null,
        rid: 0,
        truesize: 0,
        timer: null,
      };
      this.queues.set(key, qp);
      const q = qp;
      qp.timer = ns.sim.scheduler.schedule(Math.max(0, this.time) * 1e9, () => this.expire(q), "ip_expire");
    }
    return this.fragQueue(qp, pkt);
  }

  /** ip_frag_queue. */
  private fragQueue(qp: Ipq, pkt: Packet): Packet | null {
    const ns = this.ns;
    const mib = ns.mib.ip;
    if (this.tooFar(qp)) {
      mib.ReasmFails++;
      this.reinit(qp);
    }
    const buf = pkt.buf;
    const nh = pkt.networkOffset;
    const iph = this.iph.reset(buf, nh, pkt.tail - nh);
    const tos = iph.tos;
    const word = (buf[nh + 6]! << 8) | buf[nh + 7]!;
    const offset = (word & IP_OFFSET) << 3;
    const ihl = iph.headerLen;
    let end = offset + iph.totalLen - ihl;
    let discard = false;
    if ((word & IP_MF) === 0) {
      // The last fragment: nothing may lie beyond it, and only one end is possible.
      if (end < qp.len || ((qp.flags & LAST_IN) !== 0 && end !== qp.len)) discard = true;
      else {
        qp.flags |= LAST_IN;
        qp.len = end;
      }
    } else {
      if ((end & 7) !== 0) end &= ~7;
      if (end > qp.len) {
        if ((qp.flags & LAST_IN) !== 0) discard = true;
        else qp.len = end;
      }
    }
    if (!discard && end === offset) discard = true;
    if (discard) return this.discardQueue(qp, pkt);
    const verdict = this.queueInsert(qp, offset, end);
    if (verdict === "dup") {
      ns.sim.reportDrop(pkt, "ip_frag_queue", DropReason.DUP_FRAG, pkt.inDev);
      return null;
    }
    if (verdict === "overlap") {
      mib.ReasmOverlaps++;
      return this.discardQueue(qp, pkt);
    }
    qp.frags.push({ offset, data: buf.slice(nh + ihl, nh + ihl + (end - offset)), pkt });
    if (pkt.inDev !== null) qp.iif = pkt.inDev.ifindex;
    qp.meat += end - offset;
    qp.ecn |= 1 << (tos & 3);
    const truesize = fragTruesize(end - offset + ihl);
    qp.truesize += truesize;
    this.mem += truesize;
    if (offset === 0) {
      qp.flags |= FIRST_IN;
      qp.header = buf.slice(nh, nh + ihl);
      const head = pkt.clone();
      head.head = head.networkOffset;
      head.tail = head.networkOffset + ihl + (end - offset);
      qp.head = head;
    }
    const fragsize = end - offset + ihl;
    if (fragsize > qp.maxSize) qp.maxSize = fragsize;
    if ((word & IP_DF) !== 0 && fragsize > qp.maxDfSize) qp.maxDfSize = fragsize;
    if (qp.flags === (FIRST_IN | LAST_IN) && qp.meat === qp.len) return this.fragReasm(qp, pkt);
    return null;
  }

  /** discard_qp: the queue and this fragment go (ReasmFails). */
  private discardQueue(qp: Ipq, pkt: Packet): null {
    this.dropAll(qp, "inet_frag_kill", DropReason.NOT_SPECIFIED);
    this.kill(qp);
    this.ns.mib.ip.ReasmFails++;
    this.ns.sim.reportDrop(pkt, "ip_frag_queue", DropReason.NOT_SPECIFIED, pkt.inDev);
    return null;
  }

  /** inet_frag_queue_insert: "ok", or a duplicate of queued data, or an overlap. */
  private queueInsert(qp: Ipq, offset: number, end: number): "ok" | "dup" | "overlap" {
    const runs = qp.runs;
    const last = runs[runs.length - 1];
    if (last === undefined) {
      runs.push({ start: offset, end });
      return "ok";
    }
    if (last.end < end) {
      // The common case: it goes at the end.
      if (offset < last.end) return "overlap";
      if (offset === last.end) last.end = end;
      else runs.push({ start: offset, end });
      return "ok";
    }
    // The binary search over the runs: inside one run is a duplicate, across one an overlap.
    let at = runs.length;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!;
      if (end <= run.start) {
        at = i;
        break;
      }
      if (offset >= run.end) continue;
      return offset >= run.start && end <= run.end ? "dup" : "overlap";
    }
    runs.splice(at, 0, { start: offset, end });
    return "ok";
  }

  /** ip_frag_too_far: more than ipfrag_max_dist fragments from this source since our last one. */
  private tooFar(qp: Ipq): boolean {
    if (this.maxDist === 0) return false;
    const start = qp.rid;
    const end = ((this.peerRid.get(qp.saddr) ?? 0) + 1) >>> 0;
    this.peerRid.set(qp.saddr, end);
    qp.rid = end;
    return qp.runs.length > 0 && ((end - start) >>> 0) > this.maxDist;
  }

  /** ip_frag_reinit: the queue starts over (its timer too). */
  private reinit(qp: Ipq): void {
    this.dropAll(qp, "ip_frag_reinit", DropReason.FRAG_TOO_FAR);
    this.mem -= qp.truesize;
    qp.truesize = 0;
    qp.flags = 0;
    qp.len = 0;
    qp.meat = 0;
    qp.frags = [];
    qp.runs = [];
    qp.iif = 0;
    qp.ecn = 0;
    qp.head = null;
    qp.header = null;
    this.ns.sim.scheduler.cancel(qp.timer);
    qp.timer = this.ns.sim.scheduler.schedule(Math.max(0, this.time) * 1e9, () => this.expire(qp), "ip_expire");
  }

  /** inet_frag_rbtree_purge: the queued fragments are freed. */
  private dropAll(qp: Ipq, where: string, reason: DropReason): void {
    for (const f of qp.frags) this.ns.sim.reportDrop(f.pkt, where, reason, f.pkt.inDev);
  }

  /** inet_frag_kill: out of the table, timer stopped, memory given back. */
  private kill(qp: Ipq): void {
    if ((qp.flags & COMPLETE) !== 0) return;
    qp.flags |= COMPLETE;
    this.queues.delete(qp.key);
    this.ns.sim.scheduler.cancel(qp.timer);
    qp.timer = null;
    this.mem -= qp.truesize;
    qp.truesize = 0;
  }

  /** ip_frag_reasm: the datagram from its fragments, carrying `last`'s metadata. */
  private fragReasm(qp: Ipq, last: Packet): Packet | null {
    const ns = this.ns;
    this.kill(qp);
    const ecn = ECN_TABLE[qp.ecn] ?? 0;
    const header = qp.header!;
    const ihl = header.length;
    const len = ihl + qp.len;
    if (ecn === 0xff || len > 0xffff) {
      if (ecn !== 0xff) ns.host.klog.printk(ns.sim.now, 6, `IPv4: Oversized IP packet from ${formatIpv4(qp.saddr)}`);
      ns.mib.ip.ReasmFails++;
      ns.sim.reportDrop(last, "ip_frag_reasm", DropReason.NOT_SPECIFIED, last.inDev);
      return null;
    }
    const pkt = PacketClass.alloc(len);
    ns.sim.stamp(pkt);
    const b = pkt.buf;
    const at = pkt.head;
    b.set(header, at);
    const frags = qp.frags.sort((x, y) => x.offset - y.offset);
    for (const f of frags) b.set(f.data, at + ihl + f.offset);
    b[at + 2] = len >>> 8;
    b[at + 3] = len & 0xff;
    b[at + 1] = b[at + 1]! | ecn;
    const fragPmtu = qp.maxDfSize === qp.maxSize;
    b[at + 6] = fragPmtu ? IP_DF >>> 8 : 0;
    b[at + 7] = 0;
    new Ipv4Packet(b, at, len).fillChecksum();
    pkt.networkOffset = at;
    pkt.transportOffset = at + ihl;
    pkt.macOffset = -1;
    pkt.protocol = last.protocol;
    pkt.pktType = last.pktType;
    pkt.dev = last.dev;
    pkt.inDev = last.inDev;
    pkt.physInDev = last.physInDev;
    pkt.mark = last.mark;
    pkt.dst = last.dst;
    pkt.ct = last.ct;
    pkt.ctInfo = last.ctInfo;
    pkt.trace = last.trace;
    // inet_frag_reasm_finish: fragments that disagree on ip_summed leave CHECKSUM_NONE.
    pkt.ipSummed = IpSummed.NONE;
    this.reassembled++;
    this.reasm.set(pkt, {
      maxSize: Math.max(qp.maxDfSize, qp.maxSize),
      fragPmtu,
      ignoreDf: qp.user === IpDefragUser.CONNTRACK_IN,
      sizes: frags.map((f) => f.data.length),
    });
    ns.mib.ip.ReasmOKs++;
    return pkt;
  }

  /** ip_expire: the queue dies; ICMP time exceeded (reassembly) if the first fragment came. */
  private expire(qp: Ipq): void {
    const ns = this.ns;
    qp.timer = null;
    if ((qp.flags & COMPLETE) !== 0) return;
    const head = qp.head;
    const first = (qp.flags & FIRST_IN) !== 0;
    this.dropAll(qp, "ip_expire", DropReason.FRAG_REASM_TIMEOUT);
    this.kill(qp);
    ns.mib.ip.ReasmFails++;
    ns.mib.ip.ReasmTimeout++;
    if (!first || head === null) return;
    const dev = ns.deviceByIndex(qp.iif);
    if (dev === undefined) return;
    // The head has no route any more: route it again as it came in.
    const iph = this.iph.reset(head.buf, head.networkOffset, head.tail - head.networkOffset);
    head.dst = null;
    const rt = ns.ip.routeInput(head, iph.dst, iph.src, iph.tos, dev as NetDevice);
    if (typeof rt === "string") return;
    // Only the destination host speaks for a conntrack queue (frag_expire_skip_icmp).
    if (qp.user === IpDefragUser.CONNTRACK_IN && rt.input !== "local") return;
    head.dst = rt;
    head.inDev = dev;
    head.pktType = PacketType.HOST;
    ns.icmp.send(head, IcmpType.TimeExceeded, IcmpTimeExceededCode.FragmentReassembly, 0);
  }
}

/** Payload sizes of the frag_list fast path, when every original fragment fits `room` in 8-byte steps. */
function fastPathSizes(sizes: readonly number[], room: number, fragWord: number): readonly number[] | null {
  if (sizes.length < 2 || (fragWord & (IP_MF | IP_OFFSET)) !== 0) return null;
  for (let i = 0; i < sizes.length; i++) {
    const s = sizes[i]!;
    if (s > room || ((s & 7) !== 0 && i < sizes.length - 1)) return null;
  }
  return sizes;
}

/** ip_options_fragment: options not to be copied into later fragments become NOPs. */
function optionsFragment(header: Uint8Array): void {
  let p = 20;
  while (p < header.length) {
    const type = header[p]!;
    if (type === 0) return;
    if (type === 1) {
      p++;
      continue;
    }
    const optlen = header[p + 1] ?? 0;
    if (optlen < 2 || p + optlen > header.length) return;
    if ((type & 0x80) === 0) header.fill(1, p, p + optlen);
    p += optlen;
  }
}

/** ip_copy_metadata. */
function copyMetadata(to: Packet, from: Packet): void {
  to.pktType = from.pktType;
  to.protocol = from.protocol;
  to.dst = from.dst;
  to.dev = from.dev;
  to.inDev = from.inDev;
  to.mark = from.mark;
  to.ct = from.ct;
  to.ctInfo = from.ctInfo;
  to.trace = from.trace;
  to.ipSummed = IpSummed.NONE;
}

/** skb_checksum_help: finish a CHECKSUM_PARTIAL UDP/TCP checksum in software. */
function skbChecksumHelp(pkt: Packet): void {
  pkt.ipSummed = IpSummed.NONE;
  const buf = pkt.buf;
  const nh = pkt.networkOffset;
  const iph = new Ipv4Packet(buf, nh, pkt.tail - nh);
  const protocol = iph.protocol;
  const csumOff = protocol === IpProtocol.Udp ? 6 : protocol === IpProtocol.Tcp ? 16 : -1;
  if (csumOff < 0) return;
  const l4 = nh + iph.headerLen;
  const l4len = iph.totalLen - iph.headerLen;
  const sum = ~foldSum(onesSum(buf, l4, l4len)) & 0xffff;
  buf[l4 + csumOff] = sum >>> 8;
  buf[l4 + csumOff + 1] = sum & 0xff;
}

/** The truesize a received fragment's skb charges (SKB_TRUESIZE of a kmalloc'd head; an estimate). */
function fragTruesize(len: number): number {
  let size = 1024;
  while (size < len + 14 + 320) size *= 2;
  return size + 256;
}
