/**
 * The /proc/net socket files of a namespace, rendered as the kernel's seq_file handlers print
 * them, from the stack's sockets — and the socket list netstat (which parses these files) and
 * ss (which asks inet_diag for the same fields) build their tables from.
 *
 * - /proc/net/tcp: net/ipv4/tcp_ipv4.c tcp4_seq_show (get_tcp4_sock, get_openreq4,
 *   get_timewait4_sock), each line padded to TMPSZ - 1 = 149 columns; listeners first (the
 *   listening hash), then the established hash.
 * - /proc/net/udp: net/ipv4/udp.c udp4_seq_show / udp4_format_sock, padded to 127 columns.
 * - /proc/net/raw: net/ipv4/raw.c raw_seq_show, not padded.
 *
 * What the kernel makes up and the model cannot know: the `sl` of UDP and raw lines is a hash
 * bucket keyed by the namespace's random net_hash_mix (the model uses the port, or the
 * protocol, as the bucket); the kernel pointer (%pK) is printed as a hash of the address (the
 * model prints a hash of the inode); inode numbers come from a machine-wide counter. Several
 * sockets of one kind are listed in hash order, which is random in the kernel (the model lists
 * listeners by port, connections in the order they were hashed).
 *
 * Model limits: a UDP socket's queues count datagrams' bytes of payload, not their truesize;
 * TCP's ato/quick-ack fields show TCP_ATO_MIN once data or a FIN arrived and no quick-ack
 * count; ssthresh is -1 (initial slow start) until a retransmission timeout.
 */
import type { Ipv4Addr } from "@pktsim/core";
import { type Namespace, type SockOwner, TcpState, type TcpSocket } from "@pktsim/stack";

/** USER_HZ: /proc/net/tcp's timers and rto/ato are in clock ticks of 10 ms. */
const CLOCK_TICK_NS = 10_000_000;

export type InetProto = "tcp" | "udp" | "raw";

/** One socket as /proc/net/{tcp,udp,raw} and inet_diag describe it. */
export interface InetSockEntry {
  readonly proto: InetProto;
  /** include/net/tcp_states.h numbering (UDP: 1 connected, 7 not; raw: 7). A TIME-WAIT sock shows its substate. */
  readonly state: number;
  readonly laddr: Ipv4Addr;
  readonly lport: number;
  readonly raddr: Ipv4Addr;
  readonly rport: number;
  /** tx_queue / rx_queue of the /proc line. */
  readonly txQueue: number;
  readonly rxQueue: number;
  /** idiag_wqueue / idiag_rqueue (a listener: backlog and accept queue). */
  readonly diagSendQ: number;
  readonly diagRecvQ: number;
  /** timer_active (0 off, 1 on, 2 keepalive, 3 timewait) and when it fires (virtual ns). */
  readonly timer: number;
  readonly expires: number;
  readonly retransmits: number;
  readonly inode: number;
  readonly refcnt: number;
  readonly owner: SockOwner | null;
  /** The /proc line's layout: a full socket, a TIME-WAIT sock, a request sock. */
  readonly kind: "full" | "tw" | "req";
  /** The hash bucket printed as `sl` for UDP and raw. */
  readonly bucket: number;
  /** TCP full sockets: rto and ato (ns), quick/pingpong bits, cwnd, ssthresh or fastopen qlen. */
  readonly rto: number;
  readonly ato: number;
  readonly ackBits: number;
  readonly cwnd: number;
  readonly lastField: number;
  /** SO_BINDTODEVICE ifindex (ss prints %DEV). */
  readonly boundIf: number;
  /** The port was picked by the kernel, not bound by the application (no SOCK_BINDPORT_LOCK). */
  readonly autobound: boolean;
  /** The socket object (what sock_gen_cookie numbers). */
  readonly sock: object;
}

function tcpEntry(sk: TcpSocket): InetSockEntry {
  const d = sk.diag();
  const listen = sk.state === TcpState.LISTEN;
  const kind = d.timewait ? "tw" : d.request ? "req" : "full";
  const orphan = sk.orphan;
  let refcnt = 1;
  if (kind === "tw") refcnt = 3;
  else if (listen) refcnt = 1 + d.recvQueue;
  else if (sk.activeOpen && !orphan) refcnt = 2;
  const shown = orphan || kind !== "full";
  return {
    proto: "tcp",
    state: sk.state,
    laddr: sk.rcvSaddr !== 0 || listen ? sk.rcvSaddr : sk.saddr,
    lport: sk.sport,
    raddr: sk.daddr,
    rport: sk.dport,
    txQueue: listen ? 0 : d.sendQueue,
    rxQueue: d.recvQueue,
    diagSendQ: d.sendQueue,
    diagRecvQ: d.recvQueue,
    timer: d.timer,
    expires: d.expires,
    retransmits: d.retransmits,
    inode: shown ? 0 : sk.inode,
    refcnt,
    owner: shown ? null : sk.owner,
    kind,
    bucket: 0,
    rto: d.rto,
    ato: d.ato,
    ackBits: d.pingpong ? 1 : 0,
    cwnd: d.cwnd,
    lastField: listen ? 0 : d.retransmits > 0 ? Math.max(d.cwnd >> 1, 2) : -1,
    boundIf: sk.boundDevIf,
    // An accepted child inherits the listener's SOCK_BINDPORT_LOCK.
    autobound: !sk.bindOwned && (sk.activeOpen || listen),
    sock: sk,
  };
}

/**
 * TCP sockets in the order /proc/net/tcp and ss list them: listeners, then everything in the
 * established hash (connections, request socks, TIME-WAIT). Sockets only bound are in neither.
 */
export function tcpSockets(ns: Namespace): InetSockEntry[] {
  const all = ns.tcp.sockets();
  const listeners = all.filter((sk) => sk.state === TcpState.LISTEN);
  const others = all.filter((sk) => sk.state !== TcpState.LISTEN && sk.state !== TcpState.CLOSE && sk.hashed);
  return [...listeners, ...others].map(tcpEntry);
}

export function udpSockets(ns: Namespace): InetSockEntry[] {
  return ns.udp.sockets().map((sk) => {
    const connected = sk.daddr !== 0;
    return {
      proto: "udp",
      state: connected ? TcpState.ESTABLISHED : TcpState.CLOSE,
      laddr: sk.rcvSaddr,
      lport: sk.sport,
      raddr: sk.daddr,
      rport: sk.dport,
      txQueue: 0,
      rxQueue: sk.queuedBytes,
      diagSendQ: 0,
      diagRecvQ: sk.queuedBytes,
      timer: 0,
      expires: 0,
      retransmits: 0,
      inode: sk.inode,
      refcnt: 2,
      owner: sk.owner,
      kind: "full",
      bucket: sk.sport,
      rto: 0,
      ato: 0,
      ackBits: 0,
      cwnd: 0,
      lastField: 0,
      boundIf: sk.boundDevIf,
      autobound: !sk.portBound,
      sock: sk,
    };
  });
}

export function rawSockets(ns: Namespace): InetSockEntry[] {
  return ns.raw.list().map(({ socket, inode }) => ({
    proto: "raw",
    state: TcpState.CLOSE,
    laddr: 0,
    lport: socket.protocol,
    raddr: 0,
    rport: 0,
    txQueue: 0,
    rxQueue: 0,
    diagSendQ: 0,
    diagRecvQ: 0,
    timer: 0,
    expires: 0,
    retransmits: 0,
    inode,
    refcnt: 2,
    owner: socket.owner ?? null,
    kind: "full",
    bucket: socket.protocol,
    rto: 0,
    ato: 0,
    ackBits: 0,
    cwnd: 0,
    lastField: 0,
    boundIf: socket.boundIf ?? 0,
    autobound: false,
    sock: socket,
  }));
}

const hex = (n: number, width: number): string => (n >>> 0).toString(16).toUpperCase().padStart(width, "0");
/** The address as the kernel prints a __be32 with %08X on a little-endian machine. */
const hexAddr = (addr: Ipv4Addr): string =>
  hex((((addr & 0xff) << 24) | (((addr >>> 8) & 0xff) << 16) | (((addr >>> 16) & 0xff) << 8) | ((addr >>> 24) & 0xff)) >>> 0, 8);
const dec = (n: number, width: number): string => String(n).padStart(width, " ");

/** jiffies_delta_to_clock_t(expires - jiffies). */
function clockDelta(ns: Namespace, expires: number): number {
  return Math.max(0, Math.floor((expires - ns.sim.now) / CLOCK_TICK_NS));
}

/** %pK: the kernel prints a hash of the pointer; the model prints one of the inode. */
function pointer(seed: number): string {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1);
  h ^= h >>> 15;
  const lo = Math.imul(h, 0x85ebca6b) >>> 0;
  return `00000000${lo.toString(16).padStart(8, "0")}`;
}

const pad = (line: string, width: number): string => `${line.padEnd(width, " ")}\n`;

export function procNetTcpText(ns: Namespace): string {
  const TMPSZ = 150;
  let out = pad("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode", TMPSZ - 1);
  tcpSockets(ns).forEach((e, i) => {
    const head = `${dec(i, 4)}: ${hexAddr(e.laddr)}:${hex(e.lport, 4)} ${hexAddr(e.raddr)}:${hex(e.rport, 4)} ${hex(e.state, 2)}`;
    if (e.kind === "tw") {
      out += pad(`${head} 00000000:00000000 03:${hex(clockDelta(ns, e.expires), 8)} 00000000 ${dec(0, 5)} ${dec(0, 8)} 0 ${e.refcnt} ${pointer(0x7700 + i)}`, TMPSZ - 1);
    } else if (e.kind === "req") {
      out += pad(
        `${head} 00000000:00000000 01:${hex(clockDelta(ns, e.expires), 8)} ${hex(e.retransmits, 8)} ${dec(0, 5)} ${dec(0, 8)} 0 0 ${pointer(0x5500 + i)}`,
        TMPSZ - 1,
      );
    } else {
      const when = e.timer === 0 ? 0 : clockDelta(ns, e.expires);
      out += pad(
        `${head} ${hex(e.txQueue, 8)}:${hex(e.rxQueue, 8)} ${hex(e.timer, 2)}:${hex(when, 8)} ${hex(e.retransmits, 8)} ${dec(0, 5)} ${dec(0, 8)} ${e.inode} ${e.refcnt} ${pointer(e.inode + i)} ` +
          `${Math.floor(e.rto / CLOCK_TICK_NS)} ${Math.floor(e.ato / CLOCK_TICK_NS)} ${e.ackBits} ${e.cwnd} ${e.lastField}`,
        TMPSZ - 1,
      );
    }
  });
  return out;
}

export function procNetUdpText(ns: Namespace): string {
  let out = pad("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops", 127);
  for (const e of udpSockets(ns)) {
    out += pad(
      `${dec(e.bucket, 5)}: ${hexAddr(e.laddr)}:${hex(e.lport, 4)} ${hexAddr(e.raddr)}:${hex(e.rport, 4)} ${hex(e.state, 2)} ` +
        `${hex(e.txQueue, 8)}:${hex(e.rxQueue, 8)} 00:00000000 00000000 ${dec(0, 5)} ${dec(0, 8)} ${e.inode} ${e.refcnt} ${pointer(e.inode)} 0`,
      127,
    );
  }
  return out;
}

export function procNetRawText(ns: Namespace): string {
  let out = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n";
  for (const e of rawSockets(ns)) {
    out +=
      `${dec(e.bucket, 4)}: ${hexAddr(e.laddr)}:${hex(e.lport, 4)} ${hexAddr(e.raddr)}:${hex(e.rport, 4)} ${hex(e.state, 2)} ` +
      `${hex(e.txQueue, 8)}:${hex(e.rxQueue, 8)} 00:00000000 00000000 ${dec(0, 5)} ${dec(0, 8)} ${e.inode} ${e.refcnt} ${pointer(e.inode)} 0\n`;
  }
  return out;
}

/**
 * /proc/net/dev (net/core/net-procfs.c dev_seq_show), devices by ifindex: dev_seq_start walks
 * the namespace's dev_by_index xarray (netdev_xa_find), not the registration list, so a device
 * that left and came back is listed at its index (checked on 6.18).
 */
export function procNetDevText(ns: Namespace): string {
  let out = "Inter-|   Receive                                                |  Transmit\n";
  out += " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";
  for (const dev of [...ns.devices()].sort((a, b) => a.ifindex - b.ifindex)) {
    const s = dev.stats;
    out +=
      `${dev.name.padStart(6)}: ${dec(s.rxBytes, 7)} ${dec(s.rxPackets, 7)} ${dec(s.rxErrors, 4)} ${dec(s.rxDropped + s.rxMissedErrors, 4)} ` +
      `${dec(s.rxFifoErrors, 4)} ${dec(s.rxLengthErrors + s.rxOverErrors + s.rxCrcErrors + s.rxFrameErrors, 5)} ${dec(0, 10)} ${dec(s.multicast, 9)} ` +
      `${dec(s.txBytes, 8)} ${dec(s.txPackets, 7)} ${dec(s.txErrors, 4)} ${dec(s.txDropped, 4)} ${dec(s.txFifoErrors, 4)} ${dec(s.collisions, 5)} ` +
      `${dec(s.txCarrierErrors + s.txAbortedErrors + s.txWindowErrors + s.txHeartbeatErrors, 7)} ${dec(0, 10)}\n`;
  }
  return out;
}
