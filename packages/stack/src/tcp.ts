/**
 * Minimal TCP for one namespace (net/ipv4/tcp*.c, inet_hashtables.c, inet_connection_sock.c):
 * enough for connections that carry a request and a response and close, with segments that
 * look like Linux's on the wire, so that conntrack and captures see real traffic.
 *
 * What matches the kernel (verified on 6.18 over veth, see packages/stack/test/tcp*.test.ts):
 * - SYN `mss 1460,sackOK,TS val … ecr 0,nop,wscale 10`, window 64240 (tcp_select_initial_window
 *   over tcp_rmem[1] = 131072, halved, rounded down to the MSS); SYN-ACK the same options and
 *   window 65160 (MSS less the 12 timestamp bytes); later segments `nop,nop,TS` and the window
 *   scaled by 10 and rounded up (63 and 64). ISN, timestamp offset and inet_id are random per
 *   connection (seeded); timestamps count virtual milliseconds.
 * - IP: DF, TTL ip_default_ttl, IP ID from the socket's inet_id counter (post-increment), 0 on
 *   a SYN-ACK (ip_build_and_send_pkt) and on a reset without a socket (ip_send_unicast_reply).
 * - Checksums of the socket's segments are left partial (veth), the reset of a closed port
 *   carries a full one (tcp_v4_send_reset computes it); partial checksums are accepted.
 * - Ephemeral ports as __inet_hash_connect picks them: a keyed hash of (saddr, daddr, dport)
 *   plus a per-bucket perturbation, even ports first, the perturbation advanced by a random
 *   step after each connect.
 * - A closed port answers RST,ACK seq 0 ack ISN+1 window 0 (RST with seq = ack when the segment
 *   carried an ACK); SYN retransmitted after 1 s with doubling backoff, ETIMEDOUT after
 *   tcp_syn_retries = 6 (127 s); ICMP errors fail a connect in SYN-SENT (EHOSTUNREACH after a
 *   failed ARP, ECONNREFUSED for a REJECT); RST on close() with unread data; data ACKed at once
 *   (quick-ack), the ACK of a FIN delayed 40 ms (pingpong) so a prompt close piggybacks it;
 *   TIME-WAIT for 60 s after an active close.
 *
 * Model limits: no congestion control beyond slow start from an initial window of 10
 * segments, one retransmission timer (go-back-N from the first unacknowledged segment, no
 * fast retransmit), no SACK blocks, no out-of-order queue (such segments are dropped and
 * answered with a duplicate ACK), no receive-buffer accounting (the advertised window never
 * shrinks), no PAWS, no keepalive, no urgent data, no simultaneous open, no TCP Fast Open, no
 * syncookies, no PMTU discovery, no window probes, Nagle limited to Minshall's rule.
 */
import type { NetDevice } from "@pktsim/devices";
import {
  type Ipv4Addr,
  type Packet,
  type TcpOptionSet,
  type ScheduledEvent,
  ChecksumMode,
  ChecksumStatus,
  IpSummed,
  DropReason,
  IcmpType,
  IcmpUnreachableCode,
  IpProtocol,
  Packet as PacketClass,
  Rng,
  TCP_HEADER_LEN,
  TcpFlags,
  TcpPacket,
  WireError,
  emitTcpOptions,
  linuxTcpOptions,
  parseTcpOptions,
  tcpOptionSet,
  tcpOptionsLen,
} from "@pktsim/core";
import { Errno, KernelError } from "./errno";
import { type Rtable, RTCF } from "./ip";
import type { Namespace } from "./namespace";
import { type IcmpErrorInfo, ICMP_ERR_CONVERT, InetSock, inetAddrBindable, sockInodeAlloc } from "./socket";

/** include/net/tcp_states.h. */
export const TcpState = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECV: 3,
  FIN_WAIT1: 4,
  FIN_WAIT2: 5,
  TIME_WAIT: 6,
  CLOSE: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
} as const;
export type TcpState = (typeof TcpState)[keyof typeof TcpState];

const STATE_NAMES: Record<number, string> = {
  1: "ESTAB",
  2: "SYN-SENT",
  3: "SYN-RECV",
  4: "FIN-WAIT-1",
  5: "FIN-WAIT-2",
  6: "TIME-WAIT",
  7: "UNCONN",
  8: "CLOSE-WAIT",
  9: "LAST-ACK",
  10: "LISTEN",
  11: "CLOSING",
};

/** The state as `ss` names it. */
export function tcpStateName(state: TcpState): string {
  return STATE_NAMES[state] ?? "UNKNOWN";
}

const MS = 1_000_000;
const SEC = 1_000_000_000;
/** TCP_TIMEOUT_INIT. */
const TCP_TIMEOUT_INIT = 1 * SEC;
/** TCP_RTO_MIN, TCP_RTO_MAX. */
const TCP_RTO_MIN = 200 * MS;
const TCP_RTO_MAX = 120 * SEC;
/** TCP_DELACK_MIN (HZ/25). */
const TCP_DELACK_MIN = 40 * MS;
/** TCP_ATO_MIN (HZ/25). */
const TCP_ATO_MIN = 40 * MS;
/** TCP_TIMEWAIT_LEN. */
const TCP_TIMEWAIT_LEN = 60 * SEC;
/** net.ipv4.tcp_fin_timeout. */
const TCP_FIN_TIMEOUT = 60 * SEC;
/** net.ipv4.tcp_syn_retries, tcp_synack_retries, tcp_retries2. */
const TCP_SYN_RETRIES = 6;
const TCP_SYNACK_RETRIES = 5;
const TCP_RETRIES2 = 15;
/** TCP_INIT_CWND. */
const TCP_INIT_CWND = 10;
/** net.ipv4.tcp_rmem on the reference kernel (6.18: 4096 131072 33554432). */
const TCP_RMEM = [4096, 131072, 33554432] as const;
/** net.core.rmem_max on the reference kernel. */
const RMEM_MAX = 4194304;
/** TCP_MAX_WSCALE. */
const TCP_MAX_WSCALE = 14;
/** TCPOLEN_TSTAMP_ALIGNED. */
const TS_LEN = 12;
/** TCP_MSS_DEFAULT: what a SYN without the option means. */
const TCP_MSS_DEFAULT = 536;
/** INET_TABLE_PERTURB_SIZE. */
const PERTURB_SIZE = 1 << 16;

/** Sequence-space comparisons (before()/after() in include/net/tcp.h). */
function before(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}
function after(a: number, b: number): boolean {
  return before(b, a);
}
function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** tcp_select_initial_window's window: half of tcp_rmem[1], rounded down to the MSS. */
function initialWindow(mss: number): number {
  let space = TCP_RMEM[1] >>> 1;
  if (space > mss) space = Math.floor(space / mss) * mss;
  return space;
}

/** tcp_select_initial_window's rcv_wscale: enough to cover tcp_rmem[2]/rmem_max. */
function initialWscale(): number {
  const space = Math.max(TCP_RMEM[2], RMEM_MAX);
  return Math.max(0, Math.min(TCP_MAX_WSCALE, Math.floor(Math.log2(space)) - 15));
}

/** ipv4_default_advmss: the route's MTU less 40, at most 65535 - 40. */
function defaultAdvmss(mtu: number): number {
  return Math.min(mtu - 40, 65535 - 40);
}

/** A segment in the retransmission queue. */
interface TxSegment {
  seq: number;
  data: Uint8Array;
  /** SYN / FIN / PSH as sent. */
  flags: number;
  /** First transmission time (for an RTT sample), or -1 once retransmitted (Karn). */
  sentAt: number;
}

/** A received segment's fields and options, as tcp_v4_rcv hands them on (tcp_parse_options). */
export interface TcpSegment {
  saddr: Ipv4Addr;
  daddr: Ipv4Addr;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  payload: Uint8Array;
  opts: TcpOptionSet;
  /** end_seq: seq + payload + SYN + FIN. */
  endSeq: number;
  tos: number;
  mark: number;
  dif: number;
}

/**
 * A socket's timers and queues as get_tcp4_sock (/proc/net/tcp) and inet_diag (ss) read them.
 * `timer` is their timer_active code: 0 none, 1 retransmission, 2 keepalive/sk_timer (an
 * orphan's FIN-WAIT-2 lifetime), 3 TIME-WAIT; `expires` is when it fires (virtual ns).
 */
export interface TcpDiag {
  readonly timer: 0 | 1 | 2 | 3;
  readonly expires: number;
  readonly retransmits: number;
  /** icsk_rto, ns. */
  readonly rto: number;
  /** icsk_ack.ato, ns: TCP_ATO_MIN once anything arrived that needs acknowledging, else 0. */
  readonly ato: number;
  readonly pingpong: boolean;
  readonly cwnd: number;
  /** write_seq - snd_una (SYN and FIN count), or a listener's backlog. */
  readonly sendQueue: number;
  /** rcv_nxt - copied_seq (an unread FIN counts), or a listener's accept queue. */
  readonly recvQueue: number;
  /** TIME-WAIT, or an orphan in FIN-WAIT-2 (tcp_time_wait(sk, TCP_FIN_WAIT2, tmo) makes it one). */
  readonly timewait: boolean;
  /** A connection still in its listener's SYN queue (a request sock). */
  readonly request: boolean;
}

/** A TCP socket: a connecting or accepted connection, or a listener. */
export class TcpSocket extends InetSock {
  private readonly tcp: Tcp;
  state: TcpState = TcpState.CLOSE;
  // ---- send sequence space
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  /** Peer's window, scaled (snd_wnd). */
  sndWnd = 0;
  sndWscale = 0;
  /** Bytes queued by send() and not yet segmented. */
  private unsent: Uint8Array[] = [];
  private unsentLen = 0;
  private readonly rtx: TxSegment[] = [];
  /** shutdown(SHUT_WR)/close() asked for a FIN; finSent once it is in sequence space. */
  private finQueued = false;
  private finSent = false;
  // ---- receive sequence space
  irs = 0;
  rcvNxt = 0;
  rcvWnd = 0;
  rcvWscale = 0;
  private readonly rcvQueue: Uint8Array[] = [];
  private rcvQueued = 0;
  /** The peer's FIN has been received (read() then returns EOF once the queue is empty). */
  eof = false;
  /** The application read past the FIN (copied_seq moved over it). */
  private finRead = false;
  /** Something arrived that had to be acknowledged (icsk_ack.ato was set). */
  private ackedData = false;
  // ---- negotiated options
  tsOk = false;
  sackOk = false;
  wscaleOk = false;
  tsRecent = 0;
  tsOffset = 0;
  advmss = 1460;
  /** Peer's MSS (rx_opt.mss_clamp). */
  mssClamp: number = TCP_MSS_DEFAULT;
  /** Effective send MSS (mss_cache). */
  mss: number = TCP_MSS_DEFAULT;
  // ---- timers and congestion state
  private rto = TCP_TIMEOUT_INIT;
  private srtt = 0;
  private rttvar = 0;
  private retransmits = 0;
  private cwnd = TCP_INIT_CWND;
  private rtoEvent: ScheduledEvent | null = null;
  private delackEvent: ScheduledEvent | null = null;
  private lifeEvent: ScheduledEvent | null = null;
  /** icsk_ack.pingpong: the ACK of what arrives waits for data to ride on. */
  private pingpong = false;
  private sndSml = 0;
  /** sk_err_soft: a non-fatal ICMP error, reported if the connection times out. */
  private errSoft = 0;
  /** The application closed it: no more reads or callbacks. */
  orphan = false;
  // ---- listener
  backlog = 0;
  private readonly acceptQueue: TcpSocket[] = [];
  /** A listener's embryonic (SYN-RECV) connections (the request sock queue). */
  readonly synQueue: Set<TcpSocket> = new Set();
  /** For an embryonic connection: the listener it will be accepted from. */
  parent: TcpSocket | null = null;
  /** Opened by connect() (the kernel keeps a second reference to such a socket: sk_refcnt 2). */
  activeOpen = false;
  /** Bound explicitly (bind/listen), not by connect: such a port is never shared by connect(). */
  bindOwned = false;
  hashed = false;
  private closedNotified = false;
  // ---- callbacks (run as a process would: after the kernel's work for the event)
  /** A connect() finished: 0 or the errno (ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, …). */
  onConnect: ((errno: number) => void) | null = null;
  /** Data or the end of the stream can be read. */
  onData: (() => void) | null = null;
  /** A listener has a connection to accept. */
  onAccept: (() => void) | null = null;
  /** The connection is gone (CLOSE, or TIME-WAIT reached after the application closed). */
  onClosed: (() => void) | null = null;

  constructor(ns: Namespace) {
    super(ns);
    this.tcp = ns.tcp;
  }

  // ================================================================ the socket calls

  /** inet_bind + inet_csk_get_port. */
  bind(addr: Ipv4Addr, port: number): void {
    if (this.state !== TcpState.CLOSE || this.orphan) throw new KernelError(Errno.EINVAL);
    if (this.sport !== 0) throw new KernelError(Errno.EINVAL);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new KernelError(Errno.EINVAL);
    if (!inetAddrBindable(this.ns, addr)) throw new KernelError(Errno.EADDRNOTAVAIL);
    this.rcvSaddr = addr;
    this.saddr = addr;
    const err = this.tcp.getPort(this, port);
    if (err !== 0) {
      this.rcvSaddr = 0;
      this.saddr = 0;
      throw new KernelError(err);
    }
  }

  /** inet_listen → inet_csk_listen_start. */
  listen(backlog = 128): void {
    if (this.orphan) throw new KernelError(Errno.EINVAL);
    if (this.state === TcpState.LISTEN) {
      this.backlog = backlog;
      return;
    }
    if (this.state !== TcpState.CLOSE) throw new KernelError(Errno.EINVAL);
    if (this.sport === 0) {
      const err = this.tcp.getPort(this, 0);
      if (err !== 0) throw new KernelError(err);
    } else if (this.tcp.listenConflict(this)) {
      throw new KernelError(Errno.EADDRINUSE);
    }
    this.backlog = Math.max(0, backlog);
    this.state = TcpState.LISTEN;
  }

  /** accept(): the oldest established connection, or null (EAGAIN). */
  accept(): TcpSocket | null {
    if (this.state !== TcpState.LISTEN) throw new KernelError(Errno.EINVAL);
    const child = this.acceptQueue.shift() ?? null;
    if (child !== null) {
      child.parent = null;
      // sock_graft: the child gets its file (and inode) only now.
      child.inode = sockInodeAlloc(this.ns);
    }
    return child;
  }

  /** Connections waiting in the accept queue. */
  get acceptQueueLength(): number {
    return this.acceptQueue.length;
  }

  /**
   * tcp_v4_connect: route, source address, ephemeral port, ISN, then the SYN. Throws what
   * connect() fails with at once (ENETUNREACH, EADDRNOTAVAIL, EISCONN, EALREADY); the outcome
   * comes later through onConnect.
   */
  connect(addr: Ipv4Addr, port: number): void {
    if (this.orphan) throw new KernelError(Errno.EBADF);
    if (this.state === TcpState.SYN_SENT) throw new KernelError(Errno.EALREADY);
    if (this.state !== TcpState.CLOSE) throw new KernelError(this.state === TcpState.LISTEN ? Errno.EINVAL : Errno.EISCONN);
    if (port === 0) throw new KernelError(Errno.ECONNREFUSED);
    this.activeOpen = true;
    const ns = this.ns;
    const rt = ns.ip.routeOutput({ dst: addr, src: this.rcvSaddr, oif: this.boundDevIf, tos: this.tos, mark: this.mark });
    if (typeof rt === "number") {
      if (rt === Errno.ENETUNREACH) ns.mib.ip.OutNoRoutes++;
      throw new KernelError(rt);
    }
    if ((rt.flags & (RTCF.BROADCAST | RTCF.MULTICAST)) !== 0) throw new KernelError(Errno.ENETUNREACH);
    if (this.saddr === 0) this.saddr = rt.src;
    if (this.rcvSaddr === 0) this.rcvSaddr = rt.src;
    this.daddr = addr;
    this.dport = port;
    const err = this.tcp.hashConnect(this);
    if (err !== 0) {
      this.daddr = 0;
      this.dport = 0;
      throw new KernelError(err);
    }
    const rng = this.tcp.random();
    this.iss = rng.uint32();
    this.tsOffset = rng.uint32();
    this.inetId = rng.int(0, 0xffff);
    this.advmss = defaultAdvmss(rt.dev.mtu);
    this.rcvWscale = initialWscale();
    this.rcvWnd = initialWindow(this.advmss);
    this.sndUna = this.iss;
    this.sndNxt = this.iss;
    this.setState(TcpState.SYN_SENT);
    ns.mib.tcp.ActiveOpens++;
    this.queueSegment(new Uint8Array(0), TcpFlags.Syn);
    this.transmitNew();
  }

  /** tcp_sendmsg: queues `data` and sends what the windows allow. Returns the bytes taken. */
  send(data: Uint8Array): number {
    const pending = this.takeError();
    if (pending !== 0) throw new KernelError(pending as Errno);
    if (this.orphan || this.finQueued) throw new KernelError(Errno.EPIPE);
    if (this.state !== TcpState.ESTABLISHED && this.state !== TcpState.CLOSE_WAIT) {
      throw new KernelError(this.state === TcpState.SYN_SENT ? Errno.EAGAIN : Errno.ENOTCONN);
    }
    if (data.length === 0) return 0;
    this.unsent.push(data.slice());
    this.unsentLen += data.length;
    this.pushPending(true);
    return data.length;
  }

  /** tcp_recvmsg: everything received so far (empty when nothing is queued; check `eof`). */
  read(): Uint8Array {
    const out = new Uint8Array(this.rcvQueued);
    let at = 0;
    for (const chunk of this.rcvQueue) {
      out.set(chunk, at);
      at += chunk.length;
    }
    this.rcvQueue.length = 0;
    this.rcvQueued = 0;
    if (this.eof) this.finRead = true;
    return out;
  }

  /** The timers and queues `ss` and /proc/net/tcp show. */
  diag(): TcpDiag {
    const now = this.ns.sim.now;
    const timewait = this.state === TcpState.TIME_WAIT || (this.orphan && this.state === TcpState.FIN_WAIT2);
    let timer: 0 | 1 | 2 | 3 = 0;
    let expires = now;
    if (timewait) {
      timer = 3;
      expires = this.lifeEvent?.time ?? now;
    } else if (this.rtoEvent !== null) {
      timer = 1;
      expires = this.rtoEvent.time;
    } else if (this.lifeEvent !== null) {
      timer = 2;
      expires = this.lifeEvent.time;
    }
    const listen = this.state === TcpState.LISTEN;
    return {
      timer,
      expires,
      retransmits: this.retransmits,
      rto: this.rto,
      ato: this.ackedData ? TCP_ATO_MIN : 0,
      pingpong: this.pingpong,
      cwnd: this.cwnd,
      sendQueue: listen ? this.backlog : this.unacknowledged,
      recvQueue: listen ? this.acceptQueue.length : this.rcvQueued + (this.eof && !this.finRead ? 1 : 0),
      timewait,
      request: this.state === TcpState.SYN_RECV && this.parent !== null,
    };
  }

  /** Bytes waiting to be read. */
  get readable(): number {
    return this.rcvQueued;
  }

  /** Bytes sent and not yet acknowledged plus bytes not yet sent. */
  get unacknowledged(): number {
    return ((this.sndNxt - this.sndUna) >>> 0) + this.unsentLen;
  }

  /** tcp_shutdown(SHUT_WR): a FIN after the queued data. */
  shutdown(): void {
    if (this.state === TcpState.ESTABLISHED || this.state === TcpState.CLOSE_WAIT) {
      if (this.finQueued) return;
      this.closeState();
      this.sendFin();
      return;
    }
    if (this.state === TcpState.CLOSE || this.state === TcpState.LISTEN) throw new KernelError(Errno.ENOTCONN);
  }

  /**
   * tcp_close: a listener drops its queue (resetting the embryonic and unaccepted
   * connections), a connection with unread data is reset, otherwise a FIN follows the data
   * and the socket lives on, orphaned, until the handshake completes.
   */
  close(): void {
    if (this.orphan) return;
    this.orphan = true;
    this.onConnect = null;
    this.onData = null;
    this.onAccept = null;
    switch (this.state) {
      case TcpState.LISTEN: {
        this.setState(TcpState.CLOSE);
        for (const child of this.acceptQueue.splice(0)) {
          child.parent = null;
          child.orphan = true;
          child.sendActiveReset();
          child.done();
        }
        this.tcp.dropEmbryonic(this);
        this.tcp.unhash(this);
        return;
      }
      case TcpState.CLOSE:
        this.tcp.unhash(this);
        return;
      case TcpState.SYN_SENT:
        this.done();
        return;
      default:
        break;
    }
    if (this.rcvQueued > 0) {
      // "data was unread": RFC 2525 §2.17, a reset instead of a FIN.
      this.rcvQueue.length = 0;
      this.rcvQueued = 0;
      this.setState(TcpState.CLOSE);
      this.sendActiveReset();
      this.done();
      return;
    }
    if (this.state === TcpState.ESTABLISHED || this.state === TcpState.CLOSE_WAIT || this.state === TcpState.SYN_RECV) {
      if (!this.finQueued) {
        this.closeState();
        this.sendFin();
      }
    }
    if (this.state === TcpState.FIN_WAIT2) this.armLife(TCP_FIN_TIMEOUT);
  }

  /** The state as `ss` shows it. */
  get stateName(): string {
    return tcpStateName(this.state);
  }

  // ================================================================ internals: state

  /** tcp_set_state: CurrEstab and EstabResets follow the transitions. */
  setState(state: TcpState): void {
    const old = this.state;
    const mib = this.ns.mib.tcp;
    if (state === TcpState.ESTABLISHED && old !== TcpState.ESTABLISHED) mib.CurrEstab++;
    if (old === TcpState.ESTABLISHED && state !== TcpState.ESTABLISHED) mib.CurrEstab--;
    if (state === TcpState.CLOSE && (old === TcpState.ESTABLISHED || old === TcpState.CLOSE_WAIT)) mib.EstabResets++;
    this.state = state;
  }

  /** tcp_close_state: where a FIN takes each state. */
  private closeState(): void {
    if (this.state === TcpState.ESTABLISHED || this.state === TcpState.SYN_RECV) this.setState(TcpState.FIN_WAIT1);
    else if (this.state === TcpState.CLOSE_WAIT) this.setState(TcpState.LAST_ACK);
  }

  /** tcp_done: the connection is over; the socket leaves the tables. */
  done(): void {
    if (this.state !== TcpState.CLOSE) this.setState(TcpState.CLOSE);
    this.clearTimers();
    this.unsent = [];
    this.unsentLen = 0;
    this.rtx.length = 0;
    this.tcp.unhash(this);
    if (this.parent !== null) {
      this.parent.synQueue.delete(this);
      this.parent.removeFromAcceptQueue(this);
      this.parent = null;
    }
    this.notifyClosed();
  }

  /** onClosed runs once: at TIME-WAIT or at CLOSE, whichever comes first. */
  private notifyClosed(): void {
    if (this.closedNotified) return;
    this.closedNotified = true;
    this.wake(() => this.onClosed?.());
  }

  private removeFromAcceptQueue(child: TcpSocket): void {
    const i = this.acceptQueue.indexOf(child);
    if (i >= 0) this.acceptQueue.splice(i, 1);
  }

  private clearTimers(): void {
    const s = this.ns.sim.scheduler;
    s.cancel(this.rtoEvent);
    s.cancel(this.delackEvent);
    s.cancel(this.lifeEvent);
    this.rtoEvent = null;
    this.delackEvent = null;
    this.lifeEvent = null;
  }

  /** Runs an application callback after the current kernel work (the process wakes up). */
  private wake(fn: () => void): void {
    this.ns.sim.scheduler.schedule(0, fn, "tcp wakeup");
  }

  /** tcp_done_with_error / tcp_write_err: the error is set and the connection is over. */
  private fail(errno: number): void {
    const connecting = this.state === TcpState.SYN_SENT;
    if (this.state === TcpState.SYN_SENT || this.state === TcpState.SYN_RECV) this.ns.mib.tcp.AttemptFails++;
    this.pendingError = errno;
    const onConnect = this.onConnect;
    const onError = this.onError;
    this.done();
    if (this.orphan) return;
    if (connecting) this.wake(() => onConnect?.(errno));
    else this.wake(() => onError?.(errno));
  }

  // ================================================================ internals: sending

  private queueSegment(data: Uint8Array, flags: number): void {
    this.rtx.push({ seq: this.sndNxt, data, flags, sentAt: -2 });
    this.sndNxt = seqAdd(this.sndNxt, data.length + ((flags & (TcpFlags.Syn | TcpFlags.Fin)) !== 0 ? 1 : 0));
  }

  /** Sends queued segments that have not been sent yet (sentAt -2), arming the RTO. */
  private transmitNew(): void {
    for (const seg of this.rtx) {
      if (seg.sentAt !== -2) continue;
      seg.sentAt = this.ns.sim.now;
      this.transmit(seg.seq, seg.flags | ((seg.flags & TcpFlags.Syn) !== 0 && this.state !== TcpState.SYN_SENT ? TcpFlags.Ack : 0), seg.data, false);
    }
    if (this.rtx.length > 0 && this.rtoEvent === null) this.armRto();
  }

  private sendFin(): void {
    this.finQueued = true;
    this.pushPending(true);
  }

  /** tcp_write_xmit: segment and send what the peer's window and cwnd allow; the FIN after the data. */
  private pushPending(push: boolean): void {
    if (this.state === TcpState.SYN_SENT || this.state === TcpState.SYN_RECV || this.state === TcpState.CLOSE) return;
    while (this.unsentLen > 0) {
      // tcp_cwnd_test counts segments in flight; tcp_snd_wnd_test wants the whole segment inside the window.
      if (this.rtx.length >= this.cwnd) break;
      const len = Math.min(this.mss, this.unsentLen);
      if (after(seqAdd(this.sndNxt, len), seqAdd(this.sndUna, this.sndWnd))) break;
      // Nagle with Minshall's rule: hold a small segment while an earlier small one is unacknowledged.
      if (len < this.mss && !this.finQueued && this.rtx.length > 0 && after(this.sndSml, this.sndUna)) break;
      const data = this.takeUnsent(len);
      const last = this.unsentLen === 0;
      let flags = TcpFlags.Ack;
      if (last && push) flags |= TcpFlags.Psh;
      // tcp_send_fin: the FIN rides on the last data segment if it has not gone yet.
      if (last && this.finQueued && !this.finSent) {
        flags |= TcpFlags.Fin;
        this.finSent = true;
      }
      if (data.length < this.mss) this.sndSml = seqAdd(this.sndNxt, data.length);
      this.queueSegment(data, flags);
    }
    if (this.finQueued && !this.finSent && this.unsentLen === 0) {
      this.finSent = true;
      this.queueSegment(new Uint8Array(0), TcpFlags.Fin | TcpFlags.Ack);
    }
    this.transmitNew();
  }

  private takeUnsent(len: number): Uint8Array {
    const out = new Uint8Array(len);
    let at = 0;
    while (at < len) {
      const head = this.unsent[0]!;
      const n = Math.min(head.length, len - at);
      out.set(head.subarray(0, n), at);
      at += n;
      if (n === head.length) this.unsent.shift();
      else this.unsent[0] = head.subarray(n);
    }
    this.unsentLen -= len;
    return out;
  }

  /** The window field: SYNs carry it unscaled, later segments scaled and rounded up (__tcp_select_window). */
  private windowField(syn: boolean): number {
    if (syn || !this.wscaleOk) return Math.min(this.rcvWnd, 65535);
    return Math.min(Math.ceil(this.rcvWnd / 2 ** this.rcvWscale), 65535);
  }

  private tsNow(): number {
    return (Math.floor(this.ns.sim.now / MS) + this.tsOffset) >>> 0;
  }

  /** The options tcp_syn_options / tcp_synack_options / tcp_established_options write. */
  private optionsFor(flags: number): TcpOptionSet {
    if ((flags & TcpFlags.Syn) !== 0) {
      if (this.state === TcpState.SYN_SENT) {
        return { mss: this.advmss, sackPermitted: true, timestamp: { tsval: this.tsNow(), tsecr: 0 }, windowScale: this.rcvWscale };
      }
      const set: { mss: number; sackPermitted?: boolean; timestamp?: { tsval: number; tsecr: number }; windowScale?: number } = { mss: this.advmss };
      if (this.sackOk) set.sackPermitted = true;
      if (this.tsOk) set.timestamp = { tsval: this.tsNow(), tsecr: this.tsRecent };
      if (this.wscaleOk) set.windowScale = this.rcvWscale;
      return set;
    }
    return this.tsOk ? { timestamp: { tsval: this.tsNow(), tsecr: this.tsRecent } } : {};
  }

  /** __tcp_transmit_skb: one segment from this socket, through ip_queue_xmit (or ip_build_and_send_pkt for a SYN-ACK). */
  /** tcp_transmit_skb; returns what ip_queue_xmit returned (0 or an errno). */
  private transmit(seq: number, flags: number, data: Uint8Array, retransmit: boolean): number {
    const ns = this.ns;
    const synack = (flags & (TcpFlags.Syn | TcpFlags.Ack)) === (TcpFlags.Syn | TcpFlags.Ack);
    const options = linuxTcpOptions(this.optionsFor(flags));
    const hlen = TCP_HEADER_LEN + tcpOptionsLen(options);
    const len = hlen + data.length;
    const pkt = PacketClass.alloc(len);
    ns.sim.stamp(pkt);
    pkt.mark = this.mark;
    const th = new TcpPacket(pkt.buf, pkt.head, len);
    th.srcPort = this.sport;
    th.dstPort = this.dport;
    th.seqNo = seq;
    th.ackNo = (flags & TcpFlags.Ack) !== 0 ? this.rcvNxt : 0;
    th.headerLen = hlen;
    th.flags = flags;
    th.window = this.windowField((flags & TcpFlags.Syn) !== 0);
    th.urgentPointer = 0;
    emitTcpOptions(options, pkt.buf, pkt.head + TCP_HEADER_LEN);
    pkt.buf.set(data, pkt.head + hlen);
    th.fillChecksum(this.saddr, this.daddr, ChecksumMode.Partial);
    pkt.ipSummed = IpSummed.PARTIAL;
    if ((flags & TcpFlags.Ack) !== 0) {
      // Any segment carrying the ACK satisfies a pending delayed ACK (tcp_event_ack_sent).
      ns.sim.scheduler.cancel(this.delackEvent);
      this.delackEvent = null;
    }
    if (retransmit) ns.mib.tcp.RetransSegs++;
    else ns.mib.tcp.OutSegs++;
    const rt = ns.ip.routeOutput({ dst: this.daddr, src: this.saddr, oif: this.boundDevIf, tos: this.tos, mark: this.mark });
    if (typeof rt === "number") {
      ns.mib.ip.OutNoRoutes++;
      ns.sim.reportDrop(pkt, "ip_queue_xmit", DropReason.IP_OUTNOROUTES, null);
      return rt;
    }
    let ident: number;
    if (synack) {
      ident = 0;
    } else {
      ident = this.inetId;
      this.inetId = (this.inetId + 1) & 0xffff;
    }
    // tcp_transmit_skb: a local drop (EPERM from netfilter, ENOBUFS from the device) is no
    // error for data already queued — the retransmit timer stays armed; a failed retransmission
    // counts TCPRetransFail (__tcp_retransmit_skb).
    const err = ns.ip.sendPayload(pkt, rt, {
      src: this.saddr,
      dst: this.daddr,
      protocol: IpProtocol.Tcp,
      ttl: this.effectiveTtl,
      tos: this.tos,
      dontFrag: ns.ipv4conf.ip_no_pmtu_disc === 0,
      ident,
    });
    if (err !== 0 && retransmit) {
      const ext = ns.mib.tcpExt;
      ext.set("TCPRetransFail", (ext.get("TCPRetransFail") ?? 0) + 1);
    }
    return err;
  }

  /** tcp_send_ack. */
  sendAck(): void {
    if (this.state === TcpState.CLOSE) return;
    this.transmit(this.sndNxt, TcpFlags.Ack, new Uint8Array(0), false);
  }

  /** tcp_send_active_reset: RST,ACK at snd_nxt. */
  sendActiveReset(): void {
    this.ns.mib.tcp.OutRsts++;
    this.transmit(this.sndNxt, TcpFlags.Rst | TcpFlags.Ack, new Uint8Array(0), false);
  }

  /** inet_csk_schedule_ack: at once, or after the delayed-ACK timeout in pingpong mode. */
  private scheduleAck(quick: boolean): void {
    if (quick && !this.pingpong) {
      this.sendAck();
      return;
    }
    if (this.delackEvent !== null) return;
    this.delackEvent = this.ns.sim.scheduler.schedule(TCP_DELACK_MIN, () => {
      this.delackEvent = null;
      // tcp_delack_timer_handler: a delayed ACK that had to go alone leaves pingpong mode.
      this.pingpong = false;
      this.sendAck();
    }, "tcp delack");
  }

  // ================================================================ internals: timers

  private armRto(): void {
    const s = this.ns.sim.scheduler;
    s.cancel(this.rtoEvent);
    this.rtoEvent = s.schedule(this.rto, () => {
      this.rtoEvent = null;
      this.retransmitTimer();
    }, "tcp rto");
  }

  /** tcp_retransmit_timer (and tcp_syn/synack timers): resend the first segment, back off, or give up. */
  private retransmitTimer(): void {
    const head = this.rtx[0];
    if (head === undefined) return;
    const ext = this.ns.mib.tcpExt;
    // LINUX_MIB_TCPTIMEOUTS: every expiry, before tcp_write_timeout decides (tcp_syn_ack_timeout
    // for a listener's request).
    ext.set("TCPTimeouts", (ext.get("TCPTimeouts") ?? 0) + 1);
    const request = this.state === TcpState.SYN_RECV && this.parent !== null;
    const limit =
      this.state === TcpState.SYN_SENT ? TCP_SYN_RETRIES : this.state === TcpState.SYN_RECV ? TCP_SYNACK_RETRIES : TCP_RETRIES2;
    if (this.retransmits >= limit) {
      if (this.state === TcpState.SYN_RECV && this.parent !== null) {
        // The listener's embryonic connection just goes (inet_csk_reqsk_queue_drop).
        this.done();
        return;
      }
      this.fail(this.errSoft !== 0 ? this.errSoft : Errno.ETIMEDOUT);
      return;
    }
    // tcp_write_timeout, not expired: sk_rethink_txhash picks a new hash (TcpTimeoutRehash).
    if (!request) ext.set("TcpTimeoutRehash", (ext.get("TcpTimeoutRehash") ?? 0) + 1);
    this.retransmits++;
    head.sentAt = -1;
    this.cwnd = 1;
    const flags = this.state === TcpState.SYN_RECV ? head.flags | TcpFlags.Ack : head.flags;
    const err = this.transmit(head.seq, flags, head.data, true);
    // LINUX_MIB_TCPSYNRETRANS: tcp_retransmit_skb counts a SYN whatever became of it,
    // tcp_rtx_synack a request's SYN-ACK only once it was sent (a SYN-ACK dropped in OUTPUT is not).
    if ((flags & TcpFlags.Syn) !== 0 && (!request || err === 0)) ext.set("TCPSynRetrans", (ext.get("TCPSynRetrans") ?? 0) + 1);
    this.rto = Math.min(this.rto * 2, TCP_RTO_MAX);
    this.armRto();
  }

  /** tcp_rtt_estimator + __tcp_set_rto: srtt + max(4·rttvar, TCP_RTO_MIN). */
  private rttSample(rtt: number): void {
    if (this.srtt === 0) {
      this.srtt = rtt;
      this.rttvar = rtt / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rtt);
      this.srtt = 0.875 * this.srtt + 0.125 * rtt;
    }
    this.rto = this.rtoFromRtt();
  }

  private rtoFromRtt(): number {
    return Math.min(Math.round(this.srtt + Math.max(4 * this.rttvar, TCP_RTO_MIN)), TCP_RTO_MAX);
  }

  /** FIN-WAIT-2 and TIME-WAIT lifetimes. */
  private armLife(delay: number): void {
    const s = this.ns.sim.scheduler;
    s.cancel(this.lifeEvent);
    this.lifeEvent = s.schedule(delay, () => {
      this.lifeEvent = null;
      this.done();
    }, this.state === TcpState.TIME_WAIT ? "tcp timewait" : "tcp fin-wait-2");
  }

  /** tcp_time_wait: keep the 4-tuple for TCP_TIMEWAIT_LEN. */
  private enterTimeWait(): void {
    this.setState(TcpState.TIME_WAIT);
    const s = this.ns.sim.scheduler;
    s.cancel(this.rtoEvent);
    s.cancel(this.delackEvent);
    this.rtoEvent = null;
    this.delackEvent = null;
    this.rtx.length = 0;
    this.armLife(TCP_TIMEWAIT_LEN);
    this.notifyClosed();
  }

  // ================================================================ internals: receiving

  /** Starts a connection that a listener's SYN created (tcp_conn_request + tcp_create_openreq_child's fields); `rt` is the route back. */
  initFromSyn(listener: TcpSocket, seg: TcpSegment, rt: Rtable): void {
    const rng = this.tcp.random();
    this.rcvSaddr = seg.daddr;
    this.saddr = seg.daddr;
    this.sport = seg.dport;
    this.daddr = seg.saddr;
    this.dport = seg.sport;
    this.tos = listener.tos;
    this.ttl = listener.ttl;
    this.mark = listener.mark;
    this.boundDevIf = listener.boundDevIf;
    this.parent = listener;
    listener.synQueue.add(this);
    this.irs = seg.seq;
    this.rcvNxt = seqAdd(seg.seq, 1);
    this.iss = rng.uint32();
    this.tsOffset = rng.uint32();
    this.sndUna = this.iss;
    this.sndNxt = this.iss;
    const o = seg.opts;
    this.mssClamp = o.mss ?? TCP_MSS_DEFAULT;
    this.sackOk = o.sackPermitted === true;
    this.tsOk = o.timestamp !== undefined;
    if (o.timestamp !== undefined) this.tsRecent = o.timestamp.tsval;
    this.wscaleOk = o.windowScale !== undefined;
    this.sndWscale = this.wscaleOk ? Math.min(o.windowScale!, TCP_MAX_WSCALE) : 0;
    this.rcvWscale = this.wscaleOk ? initialWscale() : 0;
    this.sndWnd = seg.window;
    this.advmss = defaultAdvmss(rt.dev.mtu);
    this.rcvWnd = initialWindow(this.advmss - (this.tsOk ? TS_LEN : 0));
    this.mss = Math.min(this.mssClamp, this.advmss) - (this.tsOk ? TS_LEN : 0);
    this.state = TcpState.SYN_RECV;
    this.queueSegment(new Uint8Array(0), TcpFlags.Syn);
    this.transmitNew();
  }

  /** tcp_rcv_synsent_state_process. Returns true when the caller must answer with a reset. */
  rcvSynSent(seg: TcpSegment): boolean {
    const f = seg.flags;
    if ((f & TcpFlags.Ack) !== 0) {
      if (!after(seg.ack, this.iss) || after(seg.ack, this.sndNxt)) return (f & TcpFlags.Rst) === 0;
      if ((f & TcpFlags.Rst) !== 0) {
        // tcp_reset in SYN-SENT: the connect() is refused.
        this.fail(Errno.ECONNREFUSED);
        return false;
      }
      if ((f & TcpFlags.Syn) === 0) return false;
      const o = seg.opts;
      this.irs = seg.seq;
      this.rcvNxt = seqAdd(seg.seq, 1);
      this.mssClamp = o.mss ?? TCP_MSS_DEFAULT;
      this.sackOk = o.sackPermitted === true;
      this.tsOk = o.timestamp !== undefined;
      if (o.timestamp !== undefined) this.tsRecent = o.timestamp.tsval;
      this.wscaleOk = o.windowScale !== undefined;
      this.sndWscale = this.wscaleOk ? Math.min(o.windowScale!, TCP_MAX_WSCALE) : 0;
      if (!this.wscaleOk) this.rcvWscale = 0;
      this.sndWnd = seg.window;
      this.mss = Math.min(this.mssClamp, this.advmss) - (this.tsOk ? TS_LEN : 0);
      this.ackUpTo(seg.ack);
      this.setState(TcpState.ESTABLISHED);
      this.sendAck();
      this.wake(() => this.onConnect?.(0));
      this.pushPending(true);
      return false;
    }
    // A SYN without ACK would be a simultaneous open: not modelled. A bare RST is ignored.
    return false;
  }

  /** tcp_ack's cleaning: the retransmission queue up to `ack`, an RTT sample, the timer. */
  private ackUpTo(ack: number): void {
    const now = this.ns.sim.now;
    let sample = -1;
    // tcp_is_cwnd_limited: slow start only grows a window the sender fills (cwnd < 2 * packets out).
    const cwndLimited = this.cwnd < 2 * this.rtx.length;
    while (this.rtx.length > 0) {
      const seg = this.rtx[0]!;
      const end = seqAdd(seg.seq, seg.data.length + ((seg.flags & (TcpFlags.Syn | TcpFlags.Fin)) !== 0 ? 1 : 0));
      if (after(end, ack)) break;
      if (seg.sentAt >= 0) sample = now - seg.sentAt;
      this.rtx.shift();
      // The SYN's ACK does not count: tcp_init_transfer starts the window at TCP_INIT_CWND.
      if (this.cwnd < 65535 && cwndLimited && (seg.flags & TcpFlags.Syn) === 0) this.cwnd++;
    }
    this.sndUna = ack;
    if (sample >= 0) this.rttSample(sample);
    // New data acknowledged: the backoff is undone (with timestamps every ACK gives an RTT sample).
    else if (this.retransmits > 0) this.rto = this.srtt > 0 ? this.rtoFromRtt() : TCP_TIMEOUT_INIT;
    this.retransmits = 0;
    const s = this.ns.sim.scheduler;
    s.cancel(this.rtoEvent);
    this.rtoEvent = null;
    if (this.rtx.length > 0) this.armRto();
  }

  /**
   * tcp_rcv_state_process / tcp_rcv_established for a synchronized connection. Returns true
   * when the caller must answer with a reset (data for a socket the application closed).
   */
  rcvSynchronized(seg: TcpSegment): boolean {
    const f = seg.flags;
    const ns = this.ns;
    const wakes: Array<() => void> = [];
    // tcp_sequence: the segment must overlap the receive window.
    const winEnd = seqAdd(this.rcvNxt, Math.max(this.rcvWnd, 1));
    const acceptable = !before(seg.endSeq, this.rcvNxt) && before(seg.seq, winEnd);
    if (!acceptable) {
      if ((f & TcpFlags.Rst) === 0) this.sendAck();
      return false;
    }
    if ((f & TcpFlags.Rst) !== 0) {
      if (seg.seq === this.rcvNxt) this.resetReceived();
      else this.sendAck(); // tcp_send_challenge_ack
      return false;
    }
    if ((f & TcpFlags.Syn) !== 0) {
      this.sendAck(); // challenge ACK (RFC 5961 §4)
      return false;
    }
    if ((f & TcpFlags.Ack) === 0) return false;
    // ---- step 5: the ACK field
    if (this.state === TcpState.SYN_RECV) {
      if (seg.ack !== this.sndNxt) return true;
      this.ackUpTo(seg.ack);
      this.sndWnd = seg.window * 2 ** this.sndWscale;
      this.inetId = this.tcp.random().int(0, 0xffff);
      this.setState(TcpState.ESTABLISHED);
      ns.mib.tcp.PassiveOpens++;
      const listener = this.parent;
      listener?.synQueue.delete(this);
      if (listener !== null && listener.state === TcpState.LISTEN && !listener.orphan) {
        listener.acceptQueue.push(this);
        wakes.push(() => listener.onAccept?.());
      }
    } else if (after(seg.ack, this.sndNxt)) {
      this.sendAck(); // ACK of unsent data
      return false;
    } else if (!before(seg.ack, this.sndUna)) {
      if (after(seg.ack, this.sndUna) || seg.window * 2 ** this.sndWscale !== this.sndWnd) {
        this.sndWnd = seg.window * 2 ** this.sndWscale;
      }
      if (after(seg.ack, this.sndUna)) this.ackUpTo(seg.ack);
      const finAcked = this.finSent && seg.ack === this.sndNxt;
      if (finAcked) {
        switch (this.state) {
          case TcpState.FIN_WAIT1:
            this.setState(TcpState.FIN_WAIT2);
            if (this.orphan) this.armLife(TCP_FIN_TIMEOUT);
            break;
          case TcpState.CLOSING:
            this.enterTimeWait();
            return false;
          case TcpState.LAST_ACK:
            this.done();
            return false;
          default:
            break;
        }
      }
    }
    // ---- timestamps (tcp_replace_ts_recent)
    if (this.tsOk && seg.opts.timestamp !== undefined && !after(seg.seq, this.rcvNxt)) this.tsRecent = seg.opts.timestamp.tsval;
    // ---- step 7: the segment text
    const fin = (f & TcpFlags.Fin) !== 0;
    let dataLen = seg.payload.length;
    if (dataLen > 0 || fin) {
      const st = this.state;
      if ((st === TcpState.CLOSE_WAIT || st === TcpState.CLOSING || st === TcpState.LAST_ACK) && !before(seg.seq, this.rcvNxt)) {
        // Nothing new can follow the peer's FIN.
      } else {
        if (this.orphan && dataLen > 0 && after(seqAdd(seg.endSeq, fin ? -1 : 0), this.rcvNxt)) {
          // tcp_rcv_state_process: data for a closed socket (RFC 1122 "MUST send a reset").
          this.setState(TcpState.CLOSE);
          this.done();
          return true;
        }
        let payload = seg.payload;
        let seq = seg.seq;
        if (before(seq, this.rcvNxt)) {
          const dup = (this.rcvNxt - seq) >>> 0;
          if (dup >= dataLen && !(fin && dup === dataLen)) {
            this.sendAck(); // a retransmission: immediate duplicate ACK
            return false;
          }
          payload = payload.subarray(Math.min(dup, dataLen));
          seq = this.rcvNxt;
          dataLen = payload.length;
        }
        if (seq !== this.rcvNxt) {
          this.sendAck(); // out of order: not queued in this model
          return false;
        }
        if (dataLen > 0 || fin) this.ackedData = true;
        if (dataLen > 0) {
          this.rcvNxt = seqAdd(this.rcvNxt, dataLen);
          if (!this.orphan) {
            this.rcvQueue.push(payload.slice());
            this.rcvQueued += dataLen;
          }
          wakes.push(() => this.onData?.());
        }
        if (fin) {
          this.rcvNxt = seqAdd(this.rcvNxt, 1);
          this.eof = true;
          if (dataLen === 0) wakes.push(() => this.onData?.());
          this.tcpFin();
        } else if (dataLen > 0) {
          this.scheduleAck(true);
        }
      }
    }
    this.pushPending(true);
    for (const w of wakes) this.wake(w);
    return false;
  }

  /** tcp_fin: the peer is done sending. */
  private tcpFin(): void {
    switch (this.state) {
      case TcpState.SYN_RECV:
      case TcpState.ESTABLISHED:
        this.setState(TcpState.CLOSE_WAIT);
        this.pingpong = true;
        this.scheduleAck(false);
        return;
      case TcpState.FIN_WAIT1:
        this.sendAck();
        this.setState(TcpState.CLOSING);
        return;
      case TcpState.FIN_WAIT2:
        this.sendAck();
        this.enterTimeWait();
        return;
      default:
        return;
    }
  }

  /** tcp_reset: the peer reset the connection. */
  private resetReceived(): void {
    let errno: number;
    switch (this.state) {
      case TcpState.SYN_SENT:
        errno = Errno.ECONNREFUSED;
        break;
      case TcpState.CLOSE_WAIT:
        errno = Errno.EPIPE;
        break;
      default:
        errno = Errno.ECONNRESET;
    }
    if (this.state === TcpState.SYN_RECV && this.parent !== null) {
      this.ns.mib.tcp.AttemptFails++;
      this.done();
      return;
    }
    this.fail(errno);
  }

  /** tcp_timewait_state_process: a FIN is re-ACKed, a RST ends it, a new SYN may reuse the tuple. Returns "syn" to hand the SYN to a listener. */
  rcvTimeWait(seg: TcpSegment): "syn" | "done" {
    const f = seg.flags;
    if ((f & TcpFlags.Rst) !== 0) {
      this.done();
      return "done";
    }
    if ((f & TcpFlags.Syn) !== 0 && (f & TcpFlags.Ack) === 0 && after(seg.seq, this.rcvNxt)) {
      this.done();
      return "syn";
    }
    if ((f & TcpFlags.Fin) !== 0 || seg.payload.length > 0) {
      this.sendAck();
      if ((f & TcpFlags.Fin) !== 0) this.armLife(TCP_TIMEWAIT_LEN);
    }
    return "done";
  }

  /** tcp_v4_err for this socket: the errno of an ICMP error about one of its segments. */
  icmpError(errno: number, seq: number): void {
    if (this.state === TcpState.LISTEN || this.state === TcpState.TIME_WAIT || this.state === TcpState.CLOSE) return;
    if (before(seq, this.sndUna) || !before(seq, this.sndNxt)) return;
    if (this.state === TcpState.SYN_SENT || (this.state === TcpState.SYN_RECV && this.parent === null)) {
      this.fail(errno);
      return;
    }
    if (this.recvErr) this.reportError(errno);
    else this.errSoft = errno;
  }
}

/** The bind hash bucket of one port (struct inet_bind_bucket). */
interface BindBucket {
  readonly sockets: TcpSocket[];
  /** Created by bind()/listen() (fastreuse ≥ 0): connect() never shares such a port. */
  owned: boolean;
}

export class Tcp {
  private readonly ns: Namespace;
  /** ehash: (local addr, local port) → (remote addr, remote port) → socket, TIME-WAIT included. */
  private readonly ehash = new Map<number, Map<number, TcpSocket>>();
  /** bhash: local port → bucket. */
  private readonly bhash = new Map<number, BindBucket>();
  private rng: Rng | null = null;
  /** table_perturb, filled lazily with random values. */
  private readonly perturb = new Map<number, number>();
  private portKey = 0;
  private readonly th = new TcpPacket(new Uint8Array(0), 0, 0);

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  /** The namespace's TCP random source, forked from the simulation's on first use. */
  random(): Rng {
    if (this.rng === null) {
      this.rng = this.ns.sim.rng.fork();
      this.portKey = this.rng.uint32();
    }
    return this.rng;
  }

  /** Every socket with a port: listeners, connections, TIME-WAIT (for `ss -t`). */
  sockets(): TcpSocket[] {
    const out = new Set<TcpSocket>();
    for (const [, b] of [...this.bhash].sort((a, b) => a[0] - b[0])) for (const sk of b.sockets) out.add(sk);
    for (const inner of this.ehash.values()) for (const sk of inner.values()) out.add(sk);
    return [...out];
  }

  // ---------------------------------------------------------------- hashing

  private static key(addr: Ipv4Addr, port: number): number {
    return addr * 65536 + port;
  }

  private ehashFind(laddr: Ipv4Addr, lport: number, raddr: Ipv4Addr, rport: number): TcpSocket | undefined {
    return this.ehash.get(Tcp.key(laddr, lport))?.get(Tcp.key(raddr, rport));
  }

  private ehashInsert(sk: TcpSocket): void {
    const k = Tcp.key(sk.saddr, sk.sport);
    let inner = this.ehash.get(k);
    if (inner === undefined) {
      inner = new Map();
      this.ehash.set(k, inner);
    }
    inner.set(Tcp.key(sk.daddr, sk.dport), sk);
    sk.hashed = true;
  }

  private bhashAdd(sk: TcpSocket, port: number, owned: boolean): void {
    let b = this.bhash.get(port);
    if (b === undefined) {
      b = { sockets: [], owned };
      this.bhash.set(port, b);
    }
    if (!b.sockets.includes(sk)) b.sockets.push(sk);
    sk.sport = port;
    sk.bindOwned = owned;
  }

  /** inet_put_port + inet_unhash. */
  unhash(sk: TcpSocket): void {
    if (sk.hashed) {
      const k = Tcp.key(sk.saddr, sk.sport);
      const inner = this.ehash.get(k);
      const rk = Tcp.key(sk.daddr, sk.dport);
      if (inner?.get(rk) === sk) {
        inner.delete(rk);
        if (inner.size === 0) this.ehash.delete(k);
      }
      sk.hashed = false;
    }
    const b = this.bhash.get(sk.sport);
    if (b !== undefined) {
      const i = b.sockets.indexOf(sk);
      if (i >= 0) b.sockets.splice(i, 1);
      if (b.sockets.length === 0) this.bhash.delete(sk.sport);
    }
  }

  /** inet_csk_bind_conflict: a socket on the port whose address overlaps, unless SO_REUSEADDR on both and none listens. */
  private bindConflict(sk: TcpSocket, port: number): boolean {
    const b = this.bhash.get(port);
    if (b === undefined) return false;
    for (const other of b.sockets) {
      if (other === sk) continue;
      if (other.boundDevIf !== 0 && sk.boundDevIf !== 0 && other.boundDevIf !== sk.boundDevIf) continue;
      if (sk.reuseAddr && other.reuseAddr && other.state !== TcpState.LISTEN) continue;
      if (other.rcvSaddr === 0 || sk.rcvSaddr === 0 || other.rcvSaddr === sk.rcvSaddr) return true;
    }
    return false;
  }

  /** Another listener on the same port and overlapping address (inet_csk_listen_start's re-check). */
  listenConflict(sk: TcpSocket): boolean {
    const b = this.bhash.get(sk.sport);
    if (b === undefined) return false;
    for (const other of b.sockets) {
      if (other === sk || other.state !== TcpState.LISTEN) continue;
      if (other.rcvSaddr === 0 || sk.rcvSaddr === 0 || other.rcvSaddr === sk.rcvSaddr) return true;
    }
    return false;
  }

  /** inet_csk_get_port: a given port if no conflict; for 0 a random odd-first scan of the range. */
  getPort(sk: TcpSocket, snum: number): Errno | 0 {
    if (snum === 0) {
      const [low, high] = this.ns.ipv4conf.ip_local_port_range;
      const remaining = high - low + 1;
      const start = this.random().int(0, Math.max(remaining - 1, 0));
      // inet_csk_find_open_port: odd ports first (connect() prefers even ones).
      for (const parity of [1, 0]) {
        for (let i = 0; i < remaining; i++) {
          const port = low + ((start + i) % remaining);
          if ((port & 1) !== parity || this.bhash.has(port)) continue;
          this.bhashAdd(sk, port, true);
          return 0;
        }
      }
      return Errno.EADDRINUSE;
    }
    if (this.bindConflict(sk, snum)) return Errno.EADDRINUSE;
    this.bhashAdd(sk, snum, true);
    return 0;
  }

  /** A keyed mix of (saddr, daddr, dport), standing in for secure_ipv4_port_ephemeral's siphash. */
  private portOffset(saddr: Ipv4Addr, daddr: Ipv4Addr, dport: number): [number, number] {
    this.random();
    let h = Math.imul(saddr ^ this.portKey, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15) ^ daddr, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ dport, 0xc2b2ae35);
    const lo = (h ^ (h >>> 16)) >>> 0;
    const hi = Math.imul(lo ^ this.portKey, 0x27d4eb2f) >>> 0;
    return [lo, hi];
  }

  /** __inet_hash_connect: an ephemeral port for connect(), or a check of the bound one, then ehash. */
  hashConnect(sk: TcpSocket): Errno | 0 {
    if (sk.sport !== 0) {
      if (this.ehashFind(sk.saddr, sk.sport, sk.daddr, sk.dport) !== undefined) return Errno.EADDRNOTAVAIL;
      this.ehashInsert(sk);
      return 0;
    }
    const [lowConf, highConf] = this.ns.ipv4conf.ip_local_port_range;
    const low = lowConf;
    const high = highConf + 1;
    let remaining = high - low;
    if (remaining > 1) remaining &= ~1;
    const [offLo, offHi] = this.portOffset(sk.saddr, sk.daddr, sk.dport);
    const index = offLo & (PERTURB_SIZE - 1);
    let pert = this.perturb.get(index);
    if (pert === undefined) {
      pert = this.random().uint32();
      this.perturb.set(index, pert);
    }
    let offset = ((pert + offHi) >>> 0) % remaining;
    offset &= ~1;
    const step = 2;
    for (;;) {
      let port = low + offset;
      for (let i = 0; i < remaining; i += step, port += step) {
        if (port >= high) port -= remaining;
        const b = this.bhash.get(port);
        if (b !== undefined && b.owned) continue;
        if (b !== undefined && this.ehashFind(sk.saddr, port, sk.daddr, sk.dport) !== undefined) continue;
        // ok: a random nudge to the next search from this bucket.
        const nudge = Math.max(i, this.random().int(0, 7) * step);
        this.perturb.set(index, (pert + nudge + step) >>> 0);
        this.bhashAdd(sk, port, false);
        this.ehashInsert(sk);
        return 0;
      }
      offset++;
      if ((offset & 1) !== 0 && remaining > 1) continue;
      return Errno.EADDRNOTAVAIL;
    }
  }

  /** Drops a closing listener's embryonic (SYN-RECV) connections. */
  dropEmbryonic(listener: TcpSocket): void {
    for (const sk of [...listener.synQueue]) sk.done();
  }

  /** __inet_lookup_listener: the best listener for (daddr, dport) on `dif`. */
  private lookupListener(daddr: Ipv4Addr, dport: number, dif: number): TcpSocket | undefined {
    const b = this.bhash.get(dport);
    if (b === undefined) return undefined;
    let best: TcpSocket | undefined;
    let bestScore = -1;
    for (const sk of b.sockets) {
      if (sk.state !== TcpState.LISTEN || sk.orphan) continue;
      let score = 1;
      if (sk.rcvSaddr !== 0) {
        if (sk.rcvSaddr !== daddr) continue;
        score += 4;
      }
      if (sk.boundDevIf !== 0) {
        if (sk.boundDevIf !== dif) continue;
        score += 4;
      }
      if (score > bestScore) {
        best = sk;
        bestScore = score;
      }
    }
    return best;
  }

  // ---------------------------------------------------------------- receive

  /** tcp_v4_rcv: `pkt.head` is at the TCP header, `pkt.networkOffset` at the IP header. */
  rcv(pkt: Packet, rt: Rtable): void {
    const ns = this.ns;
    const mib = ns.mib.tcp;
    if ((rt.flags & (RTCF.BROADCAST | RTCF.MULTICAST)) !== 0) {
      ns.sim.reportDrop(pkt, "tcp_v4_rcv", DropReason.OTHERHOST, pkt.inDev);
      return;
    }
    const th = this.th.reset(pkt.buf, pkt.head, pkt.length);
    if (th.checkLen() !== WireError.Ok) {
      mib.InErrs++;
      ns.sim.reportDrop(pkt, "tcp_v4_rcv", DropReason.PKT_TOO_SMALL, pkt.inDev);
      return;
    }
    const iphAt = pkt.networkOffset;
    const saddr = readAddr(pkt.buf, iphAt + 12);
    const daddr = readAddr(pkt.buf, iphAt + 16);
    // A CHECKSUM_PARTIAL skb (from a veth) needs no check; anything else must verify.
    const csum = pkt.ipSummed === IpSummed.PARTIAL ? ChecksumStatus.Valid : th.verifyChecksum(saddr, daddr);
    if (csum === ChecksumStatus.Invalid || csum === ChecksumStatus.Partial) {
      mib.InCsumErrors++;
      mib.InErrs++;
      ns.sim.reportDrop(pkt, "tcp_v4_rcv", DropReason.TCP_CSUM, pkt.inDev);
      return;
    }
    mib.InSegs++;
    const optList = parseTcpOptions(pkt.buf, th.optionsOffset, th.optionsOffset + th.optionsLen);
    const flags = th.flags;
    const payload = pkt.buf.subarray(th.payloadOffset, th.offset + th.length);
    const seg: TcpSegment = {
      saddr,
      daddr,
      sport: th.srcPort,
      dport: th.dstPort,
      seq: th.seqNo,
      ack: th.ackNo,
      flags,
      window: th.window,
      payload,
      opts: typeof optList === "number" ? {} : tcpOptionSet(optList),
      endSeq: seqAdd(th.seqNo, payload.length + ((flags & TcpFlags.Syn) !== 0 ? 1 : 0) + ((flags & TcpFlags.Fin) !== 0 ? 1 : 0)),
      tos: pkt.buf[iphAt + 1] ?? 0,
      mark: pkt.mark,
      dif: pkt.inDev?.ifindex ?? 0,
    };
    let sk = this.ehashFind(daddr, seg.dport, saddr, seg.sport);
    if (sk !== undefined && sk.state === TcpState.TIME_WAIT) {
      if (sk.rcvTimeWait(seg) === "done") return;
      sk = undefined; // a new SYN for a TIME-WAIT tuple goes to the listener
    }
    if (sk !== undefined) {
      let reset = false;
      if (sk.state === TcpState.SYN_SENT) reset = sk.rcvSynSent(seg);
      else reset = sk.rcvSynchronized(seg);
      if (reset) this.sendReset(seg, rt);
      return;
    }
    const listener = this.lookupListener(daddr, seg.dport, seg.dif);
    if (listener !== undefined) {
      if ((flags & TcpFlags.Rst) !== 0) return;
      if ((flags & TcpFlags.Ack) !== 0) {
        this.sendReset(seg, rt);
        return;
      }
      if ((flags & TcpFlags.Syn) === 0) return;
      this.connRequest(listener, seg);
      return;
    }
    // tcp_v4_rcv's no_tcp_socket: a reset unless the segment was one.
    ns.sim.reportDrop(pkt, "tcp_v4_rcv", DropReason.NO_SOCKET, pkt.inDev);
    if ((flags & TcpFlags.Rst) === 0) this.sendReset(seg, rt);
  }

  /** tcp_conn_request: an embryonic connection and its SYN-ACK, unless the accept queue is full. */
  private connRequest(listener: TcpSocket, seg: TcpSegment): void {
    // sk_acceptq_is_full / inet_csk_reqsk_queue_is_full: the SYN is dropped (ListenDrops).
    if (listener.acceptQueueLength > listener.backlog || listener.synQueue.size > Math.max(listener.backlog, 128)) return;
    const back = this.ns.ip.routeOutput({ dst: seg.saddr, src: seg.daddr, tos: listener.tos, mark: listener.mark });
    if (typeof back === "number") return; // inet_csk_route_req failed: the SYN is dropped
    const child = new TcpSocket(this.ns);
    // No file refers to a request sock or an unaccepted child: sock_i_ino is 0.
    child.inode = 0;
    child.sport = seg.dport;
    child.saddr = seg.daddr;
    child.daddr = seg.saddr;
    child.dport = seg.sport;
    this.ehashInsert(child);
    const b = this.bhash.get(seg.dport);
    if (b !== undefined && !b.sockets.includes(child)) b.sockets.push(child);
    child.initFromSyn(listener, seg, back);
  }

  /**
   * tcp_v4_send_reset: RST (seq = the segment's ACK) or RST,ACK (seq 0, ack = its end), from
   * the address it was sent to, IP ID 0, DF, the TOS reflected, a full checksum.
   */
  sendReset(seg: TcpSegment, rtIn: Rtable): void {
    const ns = this.ns;
    if ((seg.flags & TcpFlags.Rst) !== 0) return;
    if ((rtIn.flags & RTCF.LOCAL) === 0 || (rtIn.flags & (RTCF.BROADCAST | RTCF.MULTICAST)) !== 0) return;
    const rt = ns.ip.routeOutput({ dst: seg.saddr, src: seg.daddr, tos: seg.tos, mark: ns.ipv4conf.fwmark_reflect !== 0 ? seg.mark : 0 });
    if (typeof rt === "number") return;
    const pkt = PacketClass.alloc(TCP_HEADER_LEN);
    ns.sim.stamp(pkt);
    const th = new TcpPacket(pkt.buf, pkt.head, TCP_HEADER_LEN);
    th.srcPort = seg.dport;
    th.dstPort = seg.sport;
    th.headerLen = TCP_HEADER_LEN;
    if ((seg.flags & TcpFlags.Ack) !== 0) {
      th.seqNo = seg.ack;
      th.ackNo = 0;
      th.flags = TcpFlags.Rst;
    } else {
      th.seqNo = 0;
      th.ackNo = seg.endSeq;
      th.flags = TcpFlags.Rst | TcpFlags.Ack;
    }
    th.window = 0;
    th.urgentPointer = 0;
    th.fillChecksum(seg.daddr, seg.saddr, ChecksumMode.Full);
    ns.mib.tcp.OutSegs++;
    ns.mib.tcp.OutRsts++;
    ns.ip.sendPayload(pkt, rt, {
      src: seg.daddr,
      dst: seg.saddr,
      protocol: IpProtocol.Tcp,
      ttl: ns.ipv4conf.ip_default_ttl,
      tos: seg.tos,
      dontFrag: true,
      ident: 0,
    });
  }

  /** tcp_v4_err: an ICMP error quoting one of our segments. */
  err(e: IcmpErrorInfo, dev: NetDevice | null = null): void {
    if (e.quoted.length < 8) return;
    const sport = (e.quoted[0]! << 8) | e.quoted[1]!;
    const dport = (e.quoted[2]! << 8) | e.quoted[3]!;
    const seq = ((e.quoted[4]! << 24) | (e.quoted[5]! << 16) | (e.quoted[6]! << 8) | e.quoted[7]!) >>> 0;
    const sk = this.ehashFind(e.src, sport, e.dst, dport);
    if (sk === undefined) return;
    let errno: number;
    switch (e.type) {
      case IcmpType.DestUnreachable: {
        if (e.code === IcmpUnreachableCode.FragmentationNeeded) return; // PMTU discovery is not modelled
        const conv = ICMP_ERR_CONVERT[e.code];
        if (conv === undefined) return;
        errno = conv.errno;
        break;
      }
      case IcmpType.TimeExceeded:
        errno = Errno.EHOSTUNREACH;
        break;
      case IcmpType.ParameterProblem:
        errno = Errno.EPROTO;
        break;
      case IcmpType.Redirect:
        // do_redirect → ip_do_redirect → __ip_do_redirect for the connection's flow.
        if (dev !== null) this.ns.ip.fnhe.redirect(e.dst, e.src, e.info >>> 0, e.offender, e.code, dev, sk.boundDevIf, sk.mark, sk.tos);
        return;
      default:
        return;
    }
    sk.icmpError(errno, seq);
  }
}

function readAddr(buf: Uint8Array, at: number): Ipv4Addr {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}
