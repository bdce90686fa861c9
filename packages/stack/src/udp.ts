/**
 * UDP for one namespace (net/ipv4/udp.c, datagram.c): sockets bound to ports, the receive
 * path (udp_rcv → __udp4_lib_rcv → __udp4_lib_lookup → the socket's queue, or ICMP port
 * unreachable from the destination when no socket has the port), the send path
 * (udp_sendmsg: autobind, route, the IP ID rules of ip_select_ident_segs) and ICMP errors
 * delivered to the socket that sent the datagram (__udp4_lib_err: ECONNREFUSED on a
 * connected socket).
 *
 * Wire details that match the kernel: the checksum of a locally generated datagram is left
 * partial (CHECKSUM_PARTIAL; every modelled device offloads it, veth never fills it in) and a
 * received partial or absent checksum is accepted; DF is set (IP_PMTUDISC_WANT) and a
 * connected socket numbers its datagrams from a random inet_id, an unconnected one takes the
 * hashed per-destination counter.
 *
 * A datagram longer than the path MTU leaves without DF and is fragmented by ip_fragment; an
 * ICMP "fragmentation needed" lowers the path MTU (ipv4_sk_update_pmtu) and is EMSGSIZE for a
 * connected socket.
 *
 * Model limits: no IP_MTU_DISCOVER per socket (net.ipv4.ip_no_pmtu_disc decides), no multicast
 * group membership (broadcast datagrams reach every matching socket), no SO_REUSEPORT groups, no
 * receive buffer limit, no UDP-Lite, GSO or GRO; the only encapsulation sockets are VXLAN's (vxlan-net.ts).
 */
import type { NetDevice } from "@pktsim/devices";
import {
  type Ipv4Addr,
  type Packet,
  ChecksumMode,
  ChecksumStatus,
  IpSummed,
  DropReason,
  IcmpType,
  IcmpUnreachableCode,
  IpProtocol,
  Packet as PacketClass,
  Rng,
  UDP_HEADER_LEN,
  UdpPacket,
  WireError,
  isLimitedBroadcast,
  isMulticast,
} from "@pktsim/core";
import { Errno, KernelError } from "./errno";
import { type Rtable, RTCF } from "./ip";
import { Scope } from "./inetdev";
import type { Namespace } from "./namespace";
import { type IcmpErrorInfo, type SockAddr, ICMP_ERR_CONVERT, InetSock, inetAddrBindable } from "./socket";

/** IP_MAX_MTU - IPv4 header - UDP header: the largest UDP payload. */
const UDP_MAX_PAYLOAD = 65535 - 20 - UDP_HEADER_LEN;

/** One datagram in a socket's receive queue. */
export interface UdpDatagram {
  readonly data: Uint8Array;
  /** Sender (recvfrom's address). */
  readonly from: SockAddr;
  /** The destination address it was sent to (IP_PKTINFO's ipi_addr). */
  readonly to: Ipv4Addr;
  /** Arrival time in virtual ns. */
  readonly time: number;
}

/** A UDP socket (SOCK_DGRAM, IPPROTO_UDP). */
export class UdpSocket extends InetSock {
  private readonly udp: Udp;
  private readonly queue: UdpDatagram[] = [];
  /** TCP_ESTABLISHED in sk_state: connect() succeeded. */
  connected = false;
  closed = false;
  /** Called when a datagram is queued (sk_data_ready). */
  onReadable: (() => void) | null = null;
  /** udp_sk(sk)->encap_rcv of a tunnel socket (VXLAN): it takes the datagram, `pkt.head` at the UDP header. */
  encapRcv: ((pkt: Packet) => void) | null = null;

  constructor(ns: Namespace) {
    super(ns);
    this.udp = ns.udp;
  }

  /** inet_bind + udp_v4_get_port: port 0 picks an ephemeral port. */
  bind(addr: Ipv4Addr, port: number): void {
    if (this.closed) throw new KernelError(Errno.EBADF);
    if (this.sport !== 0) throw new KernelError(Errno.EINVAL);
    if (!inetAddrBindable(this.ns, addr)) throw new KernelError(Errno.EADDRNOTAVAIL);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new KernelError(Errno.EINVAL);
    this.rcvSaddr = addr;
    // A broadcast/multicast bind receives but sends from the route's source.
    this.saddr = isMulticast(addr) || isLimitedBroadcast(addr) ? 0 : addr;
    const err = this.udp.getPort(this, port);
    if (err !== 0) {
      this.rcvSaddr = 0;
      this.saddr = 0;
      throw new KernelError(err);
    }
    // SOCK_BINDPORT_LOCK: the application chose the port (ss's "autobound" is its absence).
    this.portBound = port !== 0;
  }

  /** bind() was given a port (SOCK_BINDPORT_LOCK). */
  portBound = false;

  /** ip4_datagram_connect (+ inet_autobind): fixes the peer, the source address and a random inet_id. */
  connect(addr: Ipv4Addr, port: number): void {
    if (this.closed) throw new KernelError(Errno.EBADF);
    const ns = this.ns;
    const rt = ns.ip.routeOutput({ dst: addr, src: this.saddr, oif: this.boundDevIf, tos: this.tos, mark: this.mark });
    if (typeof rt === "number") {
      if (rt === Errno.ENETUNREACH) ns.mib.ip.OutNoRoutes++;
      throw new KernelError(rt);
    }
    if ((rt.flags & RTCF.BROADCAST) !== 0 && !this.broadcast) throw new KernelError(Errno.EACCES);
    if (this.saddr === 0) this.saddr = rt.src;
    if (this.rcvSaddr === 0) this.rcvSaddr = rt.src;
    this.daddr = addr;
    this.dport = port;
    this.connected = true;
    this.inetId = this.udp.random().int(0, 0xffff);
    if (this.sport === 0) {
      const err = this.udp.getPort(this, 0);
      if (err !== 0) throw new KernelError(err);
    }
  }

  /** connect(AF_UNSPEC): forget the peer (and an address the connect chose). */
  disconnect(): void {
    this.connected = false;
    this.daddr = 0;
    this.dport = 0;
  }

  /**
   * udp_sendmsg: sends `data` to `to`, or to the connected peer. Throws the errno sendmsg
   * returns; a pending error (an earlier ICMP error on a connected socket) comes first.
   */
  send(data: Uint8Array, to?: SockAddr): void {
    if (this.closed) throw new KernelError(Errno.EBADF);
    if (data.length > UDP_MAX_PAYLOAD) throw new KernelError(Errno.EMSGSIZE);
    let daddr: Ipv4Addr;
    let dport: number;
    let connected = false;
    if (to !== undefined) {
      daddr = to.addr;
      dport = to.port;
      if (dport === 0) throw new KernelError(Errno.EINVAL);
    } else {
      if (!this.connected) throw new KernelError(Errno.EDESTADDRREQ);
      daddr = this.daddr;
      dport = this.dport;
      connected = true;
    }
    if (this.sport === 0) {
      const err = this.udp.getPort(this, 0);
      if (err !== 0) throw new KernelError(err);
    }
    const ns = this.ns;
    const rt = ns.ip.routeOutputKey(daddr, this.saddr, this.boundDevIf, this.mark, this.tos, Scope.UNIVERSE);
    if (typeof rt === "number") {
      if (rt === Errno.ENETUNREACH) ns.mib.ip.OutNoRoutes++;
      throw new KernelError(rt);
    }
    if ((rt.flags & RTCF.BROADCAST) !== 0 && !this.broadcast) throw new KernelError(Errno.EACCES);
    // sock_alloc_send_pskb: a pending error is returned before anything is built.
    const pending = this.takeError();
    if (pending !== 0) throw new KernelError(pending as Errno);
    const ulen = UDP_HEADER_LEN + data.length;
    const src = this.saddr !== 0 ? this.saddr : rt.src;
    const pkt = PacketClass.alloc(ulen);
    ns.sim.stamp(pkt);
    pkt.mark = this.mark;
    const at = pkt.head;
    pkt.buf.set(data, at + UDP_HEADER_LEN);
    const uh = txView.reset(pkt.buf, at, ulen);
    uh.srcPort = this.sport;
    uh.dstPort = dport;
    uh.udpLength = ulen;
    uh.fillChecksum(src, daddr, txChecksumMode());
    pkt.ipSummed = IpSummed.PARTIAL;
    // ip_select_ident_segs: a connected socket uses its own counter (atomic_add_return: pre-increment).
    let ident = -1;
    if (connected || (this.connected && daddr === this.daddr)) {
      this.inetId = (this.inetId + 1) & 0xffff;
      ident = this.inetId;
    }
    // __ip_make_skb: DF (IP_PMTUDISC_WANT) only while the datagram fits the path MTU unlocked.
    const dontFrag = ns.ipv4conf.ip_no_pmtu_disc === 0 && 20 + ulen <= ns.ip.fnhe.dstMtu(rt) && !ns.ip.fnhe.mtuLocked(rt);
    const err = ns.ip.buildAndSend(pkt, rt, src, daddr, IpProtocol.Udp, this.effectiveTtl, this.tos, dontFrag, ident);
    // udp_send_skb: OutDatagrams only for a datagram ip_send_skb took; its error is sendmsg's
    // (EPERM from a netfilter DROP), except ENOBUFS without IP_RECVERR (SndbufErrors, success).
    if (err === 0) {
      ns.mib.udp.OutDatagrams++;
      return;
    }
    // ip_send_skb: a failed send is an output discard.
    ns.mib.ip.OutDiscards++;
    if (err === Errno.ENOBUFS && !this.recvErr) {
      ns.mib.udp.SndbufErrors++;
    } else {
      throw new KernelError(err as Errno);
    }
  }

  /** Datagrams waiting to be read. */
  get pending(): number {
    return this.queue.length;
  }

  /** Payload bytes waiting to be read (the model's stand-in for sk_rmem_alloc, which counts truesize). */
  get queuedBytes(): number {
    let n = 0;
    for (const d of this.queue) n += d.data.length;
    return n;
  }

  /**
   * udp_recvmsg: the next datagram, or undefined when none is queued (EAGAIN). A pending
   * error is thrown first, as recvmsg returns it.
   */
  recv(): UdpDatagram | undefined {
    const pending = this.takeError();
    if (pending !== 0) throw new KernelError(pending as Errno);
    return this.queue.shift();
  }

  /** udp_lib_close: the port is free again, queued datagrams are gone. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.udp.unhash(this);
  }

  /** __udp_enqueue_schedule_skb. */
  enqueue(d: UdpDatagram): void {
    this.queue.push(d);
    this.onReadable?.();
  }

  /** __udp4_lib_err's last step: set sk_err and wake the owner. */
  icmpError(errno: number): void {
    this.reportError(errno);
  }
}

/** The header view udp_sendmsg writes through (used only within one send: not re-entrant). */
const txView = new UdpPacket(new Uint8Array(0), 0, 0);

/** Every modelled device (veth, loopback, bridge) offloads the L4 checksum (NETIF_F_HW_CSUM). */
function txChecksumMode(): ChecksumMode {
  return ChecksumMode.Partial;
}

export class Udp {
  private readonly ns: Namespace;
  /** The hash of bound sockets, in bind order (udp_table by port). */
  private readonly byPort = new Map<number, UdpSocket[]>();
  private rng: Rng | null = null;
  private readonly uh = new UdpPacket(new Uint8Array(0), 0, 0);

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  /** The namespace's UDP random source, forked from the simulation's on first use. */
  random(): Rng {
    this.rng ??= this.ns.sim.rng.fork();
    return this.rng;
  }

  /** Sockets bound in this namespace, in port order then bind order (what `ss -u` lists). */
  sockets(): UdpSocket[] {
    return [...this.byPort.keys()].sort((a, b) => a - b).flatMap((p) => this.byPort.get(p)!);
  }

  /** udp_lib_lport_inuse: another socket on the port whose address overlaps (SO_REUSEADDR on both excuses it). */
  private inUse(sk: UdpSocket, port: number): boolean {
    for (const other of this.byPort.get(port) ?? []) {
      if (other === sk) continue;
      if (sk.reuseAddr && other.reuseAddr) continue;
      if (other.boundDevIf !== 0 && sk.boundDevIf !== 0 && other.boundDevIf !== sk.boundDevIf) continue;
      if (other.rcvSaddr === 0 || sk.rcvSaddr === 0 || other.rcvSaddr === sk.rcvSaddr) return true;
    }
    return false;
  }

  /**
   * udp_lib_get_port: a given port if free; for 0 a random start in ip_local_port_range,
   * then odd multiples of the table size from there, as the kernel walks its hash chains.
   */
  getPort(sk: UdpSocket, snum: number): Errno | 0 {
    if (snum === 0) {
      const [low, high] = this.ns.ipv4conf.ip_local_port_range;
      const remaining = high - low + 1;
      const rand = this.random().uint32();
      const tableSize = 256;
      let first = low + Math.floor((rand / 2 ** 32) * remaining);
      const step = ((rand | 1) * tableSize) % 65536;
      const last = first + tableSize;
      let found = 0;
      for (; first !== last && found === 0; first++) {
        let port = first & 0xffff;
        do {
          if (port >= low && port <= high && !this.inUse(sk, port)) {
            found = port;
            break;
          }
          port = (port + step) & 0xffff;
        } while (port !== (first & 0xffff));
      }
      if (found === 0) return Errno.EADDRINUSE;
      snum = found;
    } else if (this.inUse(sk, snum)) {
      return Errno.EADDRINUSE;
    }
    sk.sport = snum;
    let list = this.byPort.get(snum);
    if (list === undefined) {
      list = [];
      this.byPort.set(snum, list);
    }
    list.push(sk);
    return 0;
  }

  unhash(sk: UdpSocket): void {
    const list = this.byPort.get(sk.sport);
    if (list === undefined) return;
    const i = list.indexOf(sk);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byPort.delete(sk.sport);
  }

  /** compute_score: -1 when the socket cannot take the datagram, higher for more specific matches. */
  private score(sk: UdpSocket, saddr: Ipv4Addr, sport: number, daddr: Ipv4Addr, dif: number): number {
    if (sk.closed) return -1;
    let score = 2;
    if (sk.rcvSaddr !== 0) {
      if (sk.rcvSaddr !== daddr) return -1;
      score += 4;
    }
    if (sk.connected) {
      if (sk.daddr !== saddr) return -1;
      score += 4;
      if (sk.dport !== 0) {
        if (sk.dport !== sport) return -1;
        score += 4;
      }
    }
    if (sk.boundDevIf !== 0) {
      if (sk.boundDevIf !== dif) return -1;
      score += 4;
    }
    return score;
  }

  /** __udp4_lib_lookup: the best-scoring socket for a datagram (first bound wins a tie). */
  lookup(saddr: Ipv4Addr, sport: number, daddr: Ipv4Addr, dport: number, dif: number): UdpSocket | undefined {
    let best: UdpSocket | undefined;
    let bestScore = -1;
    for (const sk of this.byPort.get(dport) ?? []) {
      const s = this.score(sk, saddr, sport, daddr, dif);
      if (s > bestScore) {
        best = sk;
        bestScore = s;
      }
    }
    return best;
  }

  /** udp_rcv → __udp4_lib_rcv: `pkt.head` is at the UDP header, `pkt.networkOffset` at the IP header. */
  rcv(pkt: Packet, rt: Rtable): void {
    const ns = this.ns;
    const mib = ns.mib.udp;
    const uh = this.uh.reset(pkt.buf, pkt.head, pkt.length);
    const lenErr = uh.checkLen();
    if (lenErr !== WireError.Ok) {
      mib.InErrors++;
      ns.sim.reportDrop(pkt, "__udp4_lib_rcv", DropReason.PKT_TOO_SMALL, pkt.inDev);
      return;
    }
    const ulen = uh.udpLength;
    pkt.trim(ulen);
    const iphAt = pkt.networkOffset;
    const saddr = readAddr(pkt.buf, iphAt + 12);
    const daddr = readAddr(pkt.buf, iphAt + 16);
    // A CHECKSUM_PARTIAL skb (from a veth) needs no check; anything else must verify.
    const csum = pkt.ipSummed === IpSummed.PARTIAL ? ChecksumStatus.Valid : uh.verifyChecksum(saddr, daddr);
    if (csum === ChecksumStatus.Invalid || csum === ChecksumStatus.Partial) {
      mib.InCsumErrors++;
      mib.InErrors++;
      ns.sim.reportDrop(pkt, "__udp4_lib_rcv", DropReason.UDP_CSUM, pkt.inDev);
      return;
    }
    const sport = uh.srcPort;
    const dport = uh.dstPort;
    const dif = pkt.inDev?.ifindex ?? 0;
    if ((rt.flags & (RTCF.BROADCAST | RTCF.MULTICAST)) !== 0) {
      // __udp4_lib_mcast_deliver: a copy to every socket that matches; nobody answers with ICMP.
      let delivered = false;
      for (const sk of [...(this.byPort.get(dport) ?? [])]) {
        if (this.score(sk, saddr, sport, daddr, dif) < 0) continue;
        delivered = true;
        mib.InDatagrams++;
        sk.enqueue({ data: pkt.buf.slice(pkt.head + UDP_HEADER_LEN, pkt.head + ulen), from: { addr: saddr, port: sport }, to: daddr, time: ns.sim.now });
      }
      if (!delivered) ns.sim.reportDrop(pkt, "__udp4_lib_mcast_deliver", DropReason.NO_SOCKET, pkt.inDev);
      return;
    }
    const sk = this.lookup(saddr, sport, daddr, dport, dif);
    if (sk !== undefined) {
      mib.InDatagrams++;
      // udp_queue_rcv_one_skb: an encapsulation socket consumes the datagram (counted as received).
      if (sk.encapRcv !== null) {
        sk.encapRcv(pkt);
        return;
      }
      sk.enqueue({ data: pkt.buf.slice(pkt.head + UDP_HEADER_LEN, pkt.head + ulen), from: { addr: saddr, port: sport }, to: daddr, time: ns.sim.now });
      return;
    }
    mib.NoPorts++;
    pkt.head = pkt.networkOffset;
    ns.icmp.send(pkt, IcmpType.DestUnreachable, IcmpUnreachableCode.PortUnreachable, 0);
    ns.sim.reportDrop(pkt, "__udp4_lib_rcv", DropReason.NO_SOCKET, pkt.inDev);
  }

  /**
   * __udp4_lib_err: an ICMP error quoting one of our datagrams. Without IP_RECVERR only a
   * fatal error (port/protocol unreachable, …) on a connected socket is reported.
   */
  err(e: IcmpErrorInfo, dev: NetDevice | null = null): void {
    if (e.quoted.length < UDP_HEADER_LEN) return;
    const sport = (e.quoted[0]! << 8) | e.quoted[1]!;
    const dport = (e.quoted[2]! << 8) | e.quoted[3]!;
    // The socket that sent it: local = quoted source, remote = quoted destination.
    const sk = this.lookup(e.dst, dport, e.src, sport, 0);
    if (sk === undefined) return;
    let errno: number;
    let harderr: boolean;
    switch (e.type) {
      case IcmpType.DestUnreachable: {
        const conv = ICMP_ERR_CONVERT[e.code];
        if (conv === undefined) return;
        if (e.code === IcmpUnreachableCode.FragmentationNeeded) {
          // Path MTU discovery: the route learns the MTU; unless IP_PMTUDISC_DONT it is EMSGSIZE.
          this.ns.ip.fnhe.updatePmtu(e.dst, e.src, e.info & 0xffff, sk.boundDevIf, sk.mark, sk.tos);
          if (this.ns.ipv4conf.ip_no_pmtu_disc !== 0) return;
          errno = Errno.EMSGSIZE;
          harderr = true;
          break;
        }
        errno = conv.errno;
        harderr = conv.fatal;
        break;
      }
      case IcmpType.TimeExceeded:
        errno = Errno.EHOSTUNREACH;
        harderr = false;
        break;
      case IcmpType.ParameterProblem:
        errno = Errno.EPROTO;
        harderr = true;
        break;
      case IcmpType.Redirect:
        // ipv4_sk_redirect: the socket's flow learns the new gateway; no error is reported.
        if (dev !== null) this.ns.ip.fnhe.redirect(e.dst, e.src, e.info >>> 0, e.offender, e.code, dev, sk.boundDevIf, sk.mark, sk.tos);
        return;
      default:
        return;
    }
    if (!sk.recvErr && (!harderr || !sk.connected)) return;
    sk.icmpError(errno);
  }
}

function readAddr(buf: Uint8Array, at: number): Ipv4Addr {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}
