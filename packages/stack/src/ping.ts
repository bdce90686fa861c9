/**
 * The ping program's behaviour (iputils 20221126, ping/ping.c and ping_common.c) in virtual
 * time, over a raw ICMP socket as root uses it: the connect() probe that picks the source
 * (and fails with ENETUNREACH and friends), one echo request per interval, replies matched
 * by identifier and sequence, ICMP errors read from the socket's error queue, and the exit
 * rules (all answered, or linger/2·tmax after the last request).
 *
 * The program emits events; printing them is the ping tool's business (packages/tools).
 */
import { type Ipv4Addr, type Nanos, type Packet, Packet as PacketClass, IcmpPacket, IcmpType, IpProtocol, Ipv4Packet, type ScheduledEvent } from "@pktsim/core";
import { Errno } from "./errno";
import { RouteType } from "@pktsim/routing";
import { RTCF } from "./ip";
import { LOOPBACK_DELAY_NS } from "@pktsim/devices";
import type { Namespace } from "./namespace";
import type { IcmpErrorReport, RawSocket } from "./raw";

export interface PingOptions {
  destination: Ipv4Addr;
  /** -c; 0 means until the deadline (or forever). */
  count?: number;
  /** -i, in ns (default 1 s). */
  interval?: Nanos;
  /** -W, in ns: how long to wait for a reply when none came (default 10 s). */
  linger?: Nanos;
  /** -w, in ns. */
  deadline?: Nanos;
  /** -t. */
  ttl?: number;
  /** -s: ICMP data bytes (default 56). */
  size?: number;
  /** -Q. */
  tos?: number;
  /** -b. */
  broadcast?: boolean;
  /** -I DEVICE: SO_BINDTODEVICE (the device's ifindex). */
  oif?: number;
  /** -I ADDRESS: bind() to this source (it must be local). */
  source?: Ipv4Addr;
  /** -p: the bytes the data is filled with, repeated (the timestamp still goes first). */
  pattern?: Uint8Array;
  /** -O: report a request still unanswered when the next one is sent. */
  outstanding?: boolean;
  /**
   * -M: IP_MTU_DISCOVER. "do": DF always, nothing over the path MTU; "want": DF while the
   * request fits the path MTU, else fragmented; "dont": never DF. Without -M the socket keeps
   * the kernel's default (want, or dont under net.ipv4.ip_no_pmtu_disc).
   */
  pmtudisc?: "do" | "want" | "dont";
  /** The identifier (ping uses its pid). */
  ident: number;
}

export type PingEvent =
  | { kind: "reply"; seq: number; from: Ipv4Addr; bytes: number; ttl: number; rttUs: number; dup: boolean; wrongSource: boolean; truncated: boolean }
  | { kind: "error"; seq: number; from: Ipv4Addr; report: IcmpErrorReport }
  | { kind: "send-error"; errno: Errno }
  | { kind: "local-error"; errno: Errno; mtu: number }
  | { kind: "no-answer"; seq: number }
  /** A redirect or source quench about one of our requests, read as a datagram (parse_reply). */
  | { kind: "notice"; seq: number; from: Ipv4Addr; type: number; code: number; info: number }
  | { kind: "sent"; seq: number };

export interface PingStats {
  transmitted: number;
  received: number;
  errors: number;
  duplicates: number;
  /** Last send minus first send (what "time Nms" prints), in ns. */
  elapsed: Nanos;
  /** RTTs in microseconds, as iputils accumulates them. */
  tmin: number;
  tmax: number;
  tsum: number;
  tsum2: number;
  /** The most requests outstanding at once, as acknowledge() measures it ("pipe N"). */
  pipesize: number;
  /** The smoothed rtt ×8 in µs (gather_statistics' rts->rtt; "ewma" prints it / 8). */
  rtt: number;
  exitCode: number;
}

const MAXWAIT_NS = 10e9;
/** MININTERVAL: with interval 0 (flood), a request waits at most this long for the previous answer. */
const MININTERVAL_NS = 10e6;
/**
 * How long after a failed sendmsg its error queue is read: one loopback pass (what the kernel's
 * softirq delivers before sendmsg returns), twice over for the packet's way back through lo.
 */
const SEND_ERROR_SETTLE_NS = 2 * LOOPBACK_DELAY_NS;

export class Ping {
  private readonly ns: Namespace;
  private readonly opts: Required<Omit<PingOptions, "deadline" | "oif" | "source" | "pattern" | "pmtudisc">> &
    Pick<PingOptions, "oif" | "source" | "pattern"> & { deadline: Nanos; pmtudisc: "do" | "want" | "dont" };
  private readonly onEvent: (e: PingEvent) => void;
  private readonly socket: RawSocket;
  private closeSocket: (() => void) | null = null;
  private readonly received = new Set<number>();
  private ntransmitted = 0;
  private nreceived = 0;
  private nerrors = 0;
  private nrepeats = 0;
  private pipesize = 0;
  private acked = 0;
  private rtt = 0;
  private tmin = Number.MAX_SAFE_INTEGER;
  private tmax = 0;
  private tsum = 0;
  private tsum2 = 0;
  private startTime: Nanos = 0;
  private lastSend: Nanos = 0;
  private sendEvent: ScheduledEvent | null = null;
  private exitEvent: ScheduledEvent | null = null;
  private waitScheduled = false;
  /** pinger's static oom_count: consecutive sendmsg ENOBUFS failures. */
  private oomCount = 0;
  /** The errno of a failed sendmsg whose error queue is being read (0: none). */
  private sendErrno: Errno | 0 = 0;
  /** An ICMP error about our request arrived while that sendmsg failed. */
  private errorDuringSend = false;
  /** The source the connect() probe found. */
  source: Ipv4Addr = 0;
  done = false;

  constructor(ns: Namespace, options: PingOptions, onEvent: (e: PingEvent) => void) {
    this.ns = ns;
    this.opts = {
      count: options.count ?? 0,
      interval: options.interval ?? 1e9,
      linger: options.linger ?? MAXWAIT_NS,
      deadline: options.deadline ?? 0,
      ttl: options.ttl ?? 0,
      size: options.size ?? 56,
      tos: options.tos ?? 0,
      broadcast: options.broadcast ?? false,
      outstanding: options.outstanding ?? false,
      pmtudisc: options.pmtudisc ?? (ns.ipv4conf.ip_no_pmtu_disc !== 0 ? "dont" : "want"),
      oif: options.oif,
      source: options.source,
      pattern: options.pattern,
      destination: options.destination,
      ident: options.ident & 0xffff,
    };
    this.onEvent = onEvent;
    const self = this;
    // ping's initial filter: echo replies and the errors it understands.
    const allowed = (1 << IcmpType.EchoReply) | (1 << IcmpType.DestUnreachable) | (1 << IcmpType.SourceQuench) | (1 << IcmpType.Redirect) | (1 << IcmpType.TimeExceeded) | (1 << IcmpType.ParameterProblem);
    this.socket = {
      protocol: IpProtocol.Icmp,
      icmpFilter: ~allowed >>> 0,
      recvErr: true,
      boundIf: options.oif ?? 0,
      onPacket: (pkt, time) => self.receive(pkt, time),
      onError: (dst, quoted, report) => self.receiveError(dst, quoted, report),
    };
  }

  /** The destination's route is a broadcast one (ping -b then warns). */
  broadcastRoute = false;

  /**
   * The connect() probe: a UDP socket connected to the destination, whose route gives the
   * source. Returns 0, or the errno connect() failed with (EACCES: a broadcast route without -b).
   */
  probe(): Errno | 0 {
    const { source } = this.opts;
    if (source !== undefined) {
      // -I ADDRESS: no probe; raw_bind wants a local (or multicast/broadcast) address.
      const type = this.ns.fib.localType(source);
      if (type !== RouteType.LOCAL && type !== RouteType.MULTICAST && type !== RouteType.BROADCAST) return Errno.EADDRNOTAVAIL;
      this.source = source;
      return 0;
    }
    const rt = this.ns.ip.routeOutput({ dst: this.opts.destination, tos: this.opts.tos, oif: this.opts.oif });
    if (typeof rt === "number") {
      // __ip4_datagram_connect counts a connect that found no route.
      if (rt === Errno.ENETUNREACH) this.ns.mib.ip.OutNoRoutes++;
      return rt;
    }
    // connect() on a socket without SO_BROADCAST fails with EACCES for a broadcast route.
    this.broadcastRoute = (rt.flags & RTCF.BROADCAST) !== 0;
    if (this.broadcastRoute && !this.opts.broadcast) return Errno.EACCES;
    this.source = rt.src;
    return 0;
  }

  /** The address pinged: iputils replaces 0.0.0.0 by the source the probe found (or -I gave). */
  get destination(): Ipv4Addr {
    return this.opts.destination !== 0 ? this.opts.destination : this.source;
  }

  /** Opens the raw socket and sends the first request now. */
  start(): void {
    this.closeSocket = this.ns.raw.open(this.socket);
    this.startTime = this.ns.sim.now;
    if (this.opts.deadline > 0) {
      this.ns.sim.scheduler.schedule(this.opts.deadline, () => this.finish(), "ping deadline");
    }
    this.pinger();
  }

  get stats(): PingStats {
    const exitCode = this.nreceived === 0 || (this.opts.deadline > 0 && this.nreceived < this.opts.count) ? 1 : 0;
    return {
      transmitted: this.ntransmitted,
      received: this.nreceived,
      errors: this.nerrors,
      duplicates: this.nrepeats,
      elapsed: this.lastSend - this.startTime,
      tmin: this.tmin,
      tmax: this.tmax,
      tsum: this.tsum,
      tsum2: this.tsum2,
      pipesize: this.pipesize,
      rtt: this.rtt,
      exitCode,
    };
  }

  /** pinger: send one request, then schedule the next or the exit. */
  private pinger(): void {
    this.sendEvent = null;
    if (this.done) return;
    const { count } = this.opts;
    if (count > 0 && this.ntransmitted >= count) return;
    // -O: the previous request is still unanswered (rcvd_test).
    if (this.opts.outstanding && this.ntransmitted > 0 && !this.received.has(this.ntransmitted & 0xffff)) {
      this.onEvent({ kind: "no-answer", seq: this.ntransmitted % 0x10000 });
    }
    this.sendProbe();
    // rts->cur_time: the time of the last attempt, failed ones included ("time Nms").
    this.lastSend = this.ns.sim.now;
    if (this.done) return;
    if (count > 0 && this.ntransmitted >= count) {
      this.scheduleExit();
    } else {
      // Interval 0 (flood): the next request goes when this one is answered, or after MININTERVAL.
      const next = this.opts.interval > 0 ? this.opts.interval : MININTERVAL_NS;
      this.sendEvent = this.ns.sim.scheduler.schedule(next, () => this.pinger(), "ping interval");
    }
  }

  /** in_flight(): requests neither answered nor reported as errors. */
  private inFlight(): number {
    const diff = (this.ntransmitted - this.acked) & 0xffff;
    return diff <= 0x7fff ? diff : this.ntransmitted - this.nreceived - this.nerrors;
  }

  /** With interval 0, main_loop sends again as soon as nothing is in flight. */
  private floodNext(): void {
    if (this.opts.interval > 0 || this.done || this.sendEvent === null || this.inFlight() > 0) return;
    const { count } = this.opts;
    if (count > 0 && this.ntransmitted >= count) return;
    this.ns.sim.scheduler.cancel(this.sendEvent);
    this.sendEvent = null;
    this.pinger();
  }

  /** __schedule_exit: once everything is sent, wait 2·tmax (at least an interval) or the linger time. */
  private scheduleExit(): void {
    if (this.waitScheduled) return;
    this.waitScheduled = true;
    let wait: Nanos;
    if (this.nreceived > 0) {
      wait = Math.max(2 * this.tmax * 1000, this.opts.interval);
    } else {
      wait = this.opts.linger;
    }
    this.exitEvent = this.ns.sim.scheduler.schedule(wait, () => this.finish(), "ping exit");
  }

  /** ping4_send_probe. */
  private sendProbe(): void {
    const ns = this.ns;
    const seq = (this.ntransmitted + 1) & 0xffff;
    const datalen = this.opts.size;
    const pkt = PacketClass.alloc(8 + datalen);
    ns.sim.stamp(pkt);
    const buf = pkt.buf;
    const at = pkt.head;
    const pattern = this.opts.pattern;
    if (pattern !== undefined && pattern.length > 0) {
      for (let i = 0; i < datalen; i++) buf[at + 8 + i] = pattern[i % pattern.length]!;
    } else {
      for (let i = 0; i < datalen; i++) buf[at + 8 + i] = i & 0xff;
    }
    if (datalen >= 16) writeTimeval(buf, at + 8, ns.sim.now);
    const icmp = new IcmpPacket(buf, at, 8 + datalen);
    icmp.msgType = IcmpType.EchoRequest;
    icmp.code = 0;
    icmp.ident = this.opts.ident;
    icmp.seqNo = seq;
    icmp.fillChecksum();
    // raw_sendmsg refuses more than 64 KiB of ICMP at once (EMSGSIZE, nothing queued): ping
    // pretends it sent the request and says nothing (hard_local_error with no error read).
    if (8 + datalen > 0xffff) {
      this.hardLocalError(Errno.EMSGSIZE);
      return;
    }
    const rt = ns.ip.routeOutput({ dst: this.destination, tos: this.opts.tos, oif: this.opts.oif, src: this.opts.source });
    if (typeof rt === "number") {
      this.hardLocalError(rt);
      return;
    }
    if ((rt.flags & RTCF.BROADCAST) !== 0 && !this.opts.broadcast) {
      this.hardLocalError(Errno.EACCES);
      return;
    }
    const total = 20 + 8 + datalen;
    // ip_setup_cork: the path MTU (an exception's, else the device's; at most IP_MAX_MTU).
    const mtu = ns.ip.fnhe.dstMtu(rt);
    const pmtudisc = this.opts.pmtudisc;
    // __ip_append_data: only IP_PMTUDISC_DO holds a datagram to the MTU; the others to 64 KiB.
    if (total > (pmtudisc === "do" ? mtu : 0xffff)) {
      // EMSGSIZE on the error queue; ip_local_error reports the path MTU.
      this.ntransmitted++;
      this.nerrors++;
      this.onEvent({ kind: "local-error", errno: Errno.EMSGSIZE, mtu });
      // main_loop checks its exit condition only after waiting for input (up to the interval):
      // on Linux `ping -c 1 -M do` over the MTU exits one interval later.
      this.ns.sim.scheduler.schedule(this.opts.interval > 0 ? this.opts.interval : MININTERVAL_NS, () => this.checkDone(), "ping local error");
      return;
    }
    // __ip_make_skb: DF for "do"; for "want" only while it fits the path MTU and the MTU is not
    // locked (ip_dont_fragment) — larger ones leave as fragments (ip_fragment).
    const dontFrag = pmtudisc === "do" || (pmtudisc === "want" && total <= mtu && !ns.ip.fnhe.mtuLocked(rt));
    ns.mib.icmp.OutMsgs++;
    ns.mib.icmp.OutEchos++;
    const err = ns.ip.sendPayload(pkt, rt, {
      src: this.opts.source ?? rt.src,
      dst: this.destination,
      protocol: IpProtocol.Icmp,
      ttl: this.opts.ttl > 0 ? this.opts.ttl : ns.ipv4conf.ip_default_ttl,
      tos: this.opts.tos,
      dontFrag,
      // ip_select_ident_segs: DF without ignore_df (IP_PMTUDISC_DO) gets id 0.
      ...(pmtudisc === "do" ? { ident: 0 } : {}),
    });
    // raw_sendmsg → ip_push_pending_frames → ip_send_skb: a failed send is an output discard.
    if (err !== 0) ns.mib.ip.OutDiscards++;
    if (err === 0) {
      this.oomCount = 0;
      this.ntransmitted++;
      this.onEvent({ kind: "sent", seq });
      return;
    }
    if (err === Errno.ENOBUFS) {
      // pinger: "Device queue overflow or OOM. Packet is not sent." The same request is tried
      // again when the token bucket allows (an interval after this attempt) while
      // oom_count · min(SCHINT(interval / 2), 500 ms) stays below the linger time; then it is
      // a hard error that prints.
      const intervalMs = Math.floor(this.opts.interval / 1e6);
      const nores = Math.min(Math.max(Math.floor(intervalMs / 2), MININTERVAL_NS / 1e6), 500);
      this.oomCount++;
      if (this.oomCount * nores < this.opts.linger / 1e6) return;
      this.ntransmitted++;
      this.onEvent({ kind: "send-error", errno: err });
      return;
    }
    this.hardLocalError(err as Errno);
  }

  /**
   * pinger's other sendmsg errors (EPERM from a netfilter DROP, a route that failed):
   * receive_error_msg reads the error queue at once. An ICMP error queued during the sendmsg
   * (a REJECT's port unreachable, looped back by the softirq run when sendmsg re-enables bottom
   * halves) prints as usual and then "sendmsg: <errno>"; with nothing queued ping says nothing.
   * Either way it pretends the request was sent (hard_local_error → advance_ntransmitted).
   */
  private hardLocalError(errno: Errno): void {
    this.ntransmitted++;
    this.sendErrno = errno;
    this.errorDuringSend = false;
    this.ns.sim.scheduler.schedule(SEND_ERROR_SETTLE_NS, () => this.sendErrorRead(), "ping sendmsg error");
  }

  private sendErrorRead(): void {
    const errno = this.sendErrno;
    this.sendErrno = 0;
    if (this.done || !this.errorDuringSend) return;
    this.errorDuringSend = false;
    if (errno !== 0) this.onEvent({ kind: "send-error", errno });
    this.checkDone();
    this.floodNext();
  }

  /** ping4_parse_reply for datagrams read from the raw socket. */
  private receive(pkt: Packet, time: Nanos): void {
    if (this.done) return;
    const iph = new Ipv4Packet(pkt.buf, pkt.head, pkt.length);
    const hlen = iph.headerLen;
    const icmpLen = pkt.length - hlen;
    if (icmpLen < 8) return;
    const icmp = new IcmpPacket(pkt.buf, pkt.head + hlen, icmpLen);
    const type = icmp.msgType;
    if (type === IcmpType.EchoReply) {
      if (icmp.ident !== this.opts.ident) return;
      const seq = icmp.seqNo;
      let rttUs = 0;
      if (icmpLen >= 8 + 16) {
        const sent = readTimevalUs(pkt.buf, pkt.head + hlen + 8);
        rttUs = Math.max(0, Math.floor(time / 1000) - sent);
        this.tsum += rttUs;
        this.tsum2 += rttUs * rttUs;
        if (rttUs < this.tmin) this.tmin = rttUs;
        if (rttUs > this.tmax) this.tmax = rttUs;
        this.rtt = this.rtt === 0 ? rttUs * 8 : this.rtt + rttUs - Math.trunc(this.rtt / 8);
      }
      this.nreceived++;
      this.acknowledge(seq);
      let dup = false;
      if (this.received.has(seq)) {
        this.nrepeats++;
        this.nreceived--;
        dup = true;
      } else {
        this.received.add(seq);
      }
      const from = iph.src;
      this.onEvent({
        kind: "reply",
        seq,
        from,
        bytes: icmpLen,
        ttl: iph.ttl,
        rttUs,
        dup,
        wrongSource: !this.opts.broadcast && from !== this.destination,
        truncated: icmpLen < this.opts.size + 8,
      });
      this.checkDone();
      this.floodNext();
      return;
    }
    // Errors arrive as datagrams too, but only acknowledge there: the error queue prints them.
    // A redirect or source quench is no error: ping4_parse_reply prints it from here.
    if (type !== IcmpType.Redirect && type !== IcmpType.SourceQuench) return;
    const innerOff = pkt.head + hlen + 8;
    if (icmpLen < 8 + 20 + 8) return;
    const inner = new Ipv4Packet(pkt.buf, innerOff, icmpLen - 8);
    const innerHl = inner.headerLen;
    if (icmpLen < 8 + innerHl + 8) return;
    const innerIcmp = innerOff + innerHl;
    const innerIdent = (pkt.buf[innerIcmp + 4]! << 8) | pkt.buf[innerIcmp + 5]!;
    if (pkt.buf[innerIcmp] !== IcmpType.EchoRequest || inner.dst !== this.destination || innerIdent !== this.opts.ident) return;
    const seq = (pkt.buf[innerIcmp + 6]! << 8) | pkt.buf[innerIcmp + 7]!;
    this.onEvent({ kind: "notice", seq, from: iph.src, type, code: icmp.code, info: icmp.rest });
  }

  /** ping4_receive_error_msg: an ICMP error about one of our requests. */
  private receiveError(dst: Ipv4Addr, quoted: Uint8Array, report: IcmpErrorReport): void {
    if (this.done) return;
    if (dst !== this.destination || quoted.length < 8) return;
    const type = quoted[0];
    const ident = (quoted[4]! << 8) | quoted[5]!;
    if (type !== IcmpType.EchoRequest || ident !== this.opts.ident) return;
    const seq = (quoted[6]! << 8) | quoted[7]!;
    this.acknowledge(seq);
    this.nerrors++;
    // After the first error ping narrows its filter to echo replies and errors it asked for.
    this.socket.icmpFilter = ~((1 << IcmpType.SourceQuench) | (1 << IcmpType.Redirect) | (1 << IcmpType.EchoReply)) >>> 0;
    this.onEvent({ kind: "error", seq, from: report.offender, report });
    if (this.sendErrno !== 0) {
      // Read by pinger's receive_error_msg right after the failed sendmsg: it goes on from there.
      this.errorDuringSend = true;
      return;
    }
    this.checkDone();
    this.floodNext();
  }

  /** acknowledge(): how far behind the newest request this answer is. */
  private acknowledge(seq: number): void {
    const diff = (this.ntransmitted - seq) & 0xffff;
    if (diff <= 0x7fff) {
      if (diff + 1 > this.pipesize) this.pipesize = diff + 1;
      if (((seq - this.acked) << 16) >> 16 > 0 || ((this.ntransmitted - this.acked) & 0xffff) > 0x7fff) this.acked = seq;
    }
  }

  private checkDone(): void {
    const { count } = this.opts;
    if (count > 0 && this.nreceived + this.nerrors >= count) this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.ns.sim.scheduler.cancel(this.sendEvent);
    this.ns.sim.scheduler.cancel(this.exitEvent);
    this.closeSocket?.();
  }

  /** Stops the program (as SIGINT would). */
  interrupt(): void {
    this.finish();
  }
}

/** struct timeval, little-endian 64-bit seconds and microseconds, from virtual time. */
function writeTimeval(buf: Uint8Array, at: number, time: Nanos): void {
  const us = Math.floor(time / 1000);
  const sec = Math.floor(us / 1e6);
  const usec = us % 1e6;
  const view = new DataView(buf.buffer, buf.byteOffset);
  view.setBigUint64(at, BigInt(sec), true);
  view.setBigUint64(at + 8, BigInt(usec), true);
}

function readTimevalUs(buf: Uint8Array, at: number): number {
  const view = new DataView(buf.buffer, buf.byteOffset);
  return Number(view.getBigUint64(at, true)) * 1e6 + Number(view.getBigUint64(at + 8, true));
}

