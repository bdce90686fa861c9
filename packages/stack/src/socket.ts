/**
 * What UDP and TCP sockets share (struct inet_sock; net/ipv4/af_inet.c, datagram.c,
 * inet_connection_sock.c): the bound and connected addresses, the bound device, the IP
 * options a socket sets on what it sends, the pending error slot (sk_err) that the next
 * call reports once, and the IP ID counter of a connected socket.
 *
 * The API is event-driven rather than blocking: calls that would fail at once in Linux
 * throw a `KernelError` with the errno (EADDRINUSE, ENETUNREACH, ECONNREFUSED, …); what
 * completes later (a connect, data arriving, a reset) is announced through the socket's
 * callbacks, in virtual time. Callbacks run inside the simulation's events; they may call
 * back into the socket.
 */
import type { Ipv4Addr } from "@pktsim/core";
import { RouteType } from "@pktsim/routing";
import { Errno } from "./errno";
import type { Namespace } from "./namespace";

/** A transport address (struct sockaddr_in). */
export interface SockAddr {
  readonly addr: Ipv4Addr;
  readonly port: number;
}

/** icmp_err_convert (net/ipv4/icmp.c): the errno of each destination-unreachable code and whether it is fatal. */
export const ICMP_ERR_CONVERT: ReadonlyArray<{ readonly errno: number; readonly fatal: boolean }> = [
  { errno: Errno.ENETUNREACH, fatal: false },
  { errno: Errno.EHOSTUNREACH, fatal: false },
  { errno: Errno.ENOPROTOOPT, fatal: true },
  { errno: Errno.ECONNREFUSED, fatal: true },
  { errno: Errno.EMSGSIZE, fatal: false },
  { errno: Errno.EOPNOTSUPP, fatal: false },
  { errno: Errno.ENETUNREACH, fatal: true },
  { errno: Errno.EHOSTDOWN, fatal: true },
  { errno: Errno.ENONET, fatal: true },
  { errno: Errno.ENETUNREACH, fatal: true },
  { errno: Errno.EHOSTUNREACH, fatal: true },
  { errno: Errno.ENETUNREACH, fatal: false },
  { errno: Errno.EHOSTUNREACH, fatal: false },
  { errno: Errno.EHOSTUNREACH, fatal: true },
  { errno: Errno.EHOSTUNREACH, fatal: true },
  { errno: Errno.EHOSTUNREACH, fatal: true },
];

/** An ICMP error about a datagram a socket sent, as icmp_unreach hands it to the protocol's err_handler. */
export interface IcmpErrorInfo {
  readonly type: number;
  readonly code: number;
  /** The rest-of-header word (the next-hop MTU for fragmentation needed). */
  readonly info: number;
  /** Who sent the error (SO_EE_OFFENDER). */
  readonly offender: Ipv4Addr;
  /** The quoted header's source and destination (the sender's flow). */
  readonly src: Ipv4Addr;
  readonly dst: Ipv4Addr;
  /** The quoted transport header bytes (at least 8). */
  readonly quoted: Uint8Array;
}

/**
 * The process that holds a socket open (what ss -p and netstat -p find by scanning
 * /proc/PID/fd for socket:[INODE]): its pid, command name and descriptor.
 */
export interface SockOwner {
  readonly pid: number;
  readonly comm: string;
  readonly fd: number;
}

/** get_next_ino (fs/inode.c) for sockets: one counter per machine, so every socket has its own inode. */
const nextInode = new WeakMap<object, number>();

/** A new socket inode number on the namespace's machine (sock_alloc → new_inode_pseudo). */
export function sockInodeAlloc(ns: Namespace): number {
  const ino = nextInode.get(ns.host) ?? SOCK_INODE_BASE;
  nextInode.set(ns.host, ino + 1);
  return ino;
}

/** Where the model's inode numbers start (the kernel's depend on everything the machine did before). */
const SOCK_INODE_BASE = 10000;

/** struct inet_sock, as far as the model uses it. */
export abstract class InetSock {
  readonly ns: Namespace;
  /** The socket's inode (sock_i_ino): 0 for a socket no file refers to (an unaccepted child). */
  inode = 0;
  /** The process holding the socket's descriptor, or null (nobody: orphaned, not yet accepted). */
  owner: SockOwner | null = null;
  /** inet_rcv_saddr: the address bound to (0 = any). */
  rcvSaddr: Ipv4Addr = 0;
  /** inet_saddr: the source address used when sending. */
  saddr: Ipv4Addr = 0;
  /** inet_num/inet_sport: the local port, 0 while unbound. */
  sport = 0;
  /** inet_daddr/inet_dport: the peer of a connected socket. */
  daddr: Ipv4Addr = 0;
  dport = 0;
  /** SO_BINDTODEVICE: an ifindex, or 0. */
  boundDevIf = 0;
  /** IP_TTL: -1 means net.ipv4.ip_default_ttl. */
  ttl = -1;
  /** IP_TOS. */
  tos = 0;
  /** SO_MARK. */
  mark = 0;
  /** SO_REUSEADDR. */
  reuseAddr = false;
  /** SO_BROADCAST. */
  broadcast = false;
  /** IP_RECVERR: ICMP errors are reported even when not fatal or not connected. */
  recvErr = false;
  /** inet_id: the IP ID counter of a connected socket (ip_select_ident_segs). */
  inetId = 0;
  /** sk_err: reported once by the next call that checks it (sock_error). */
  protected pendingError = 0;
  /** Called when an error is set on the socket (sk_error_report). */
  onError: ((errno: number) => void) | null = null;

  constructor(ns: Namespace) {
    this.ns = ns;
    this.inode = sockInodeAlloc(ns);
  }

  /** sock_error: the pending error, cleared by reading it (0 when none). */
  takeError(): number {
    const e = this.pendingError;
    this.pendingError = 0;
    return e;
  }

  /** The pending error without clearing it (SO_ERROR peeks in the same way getsockopt would clear it). */
  get error(): number {
    return this.pendingError;
  }

  /** sk_error_report: set sk_err and wake the owner. */
  protected reportError(errno: number): void {
    this.pendingError = errno;
    this.onError?.(errno);
  }

  /** The TTL this socket sends with. */
  get effectiveTtl(): number {
    return this.ttl >= 0 ? this.ttl : this.ns.ipv4conf.ip_default_ttl;
  }

  /** The local address as getsockname() reports it. */
  get localAddress(): SockAddr {
    return { addr: this.saddr !== 0 ? this.saddr : this.rcvSaddr, port: this.sport };
  }

  /** The peer as getpeername() reports it (port 0 when not connected). */
  get remoteAddress(): SockAddr {
    return { addr: this.daddr, port: this.dport };
  }
}

/** inet_bind's address check: 0, an address of ours (or local by the FIB), broadcast/multicast, or ip_nonlocal_bind. */
export function inetAddrBindable(ns: Namespace, addr: Ipv4Addr): boolean {
  if (addr === 0 || ns.ipv4conf.ip_nonlocal_bind !== 0) return true;
  if (addr === 0xffffffff || (addr >>> 28) === 0xe) return true;
  return ns.fib.localType(addr) === RouteType.LOCAL || ns.findAddrDevice(addr) !== undefined;
}
