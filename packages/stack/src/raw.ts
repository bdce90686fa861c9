/**
 * Raw IPv4 sockets (net/ipv4/raw.c), as far as ping needs them: every raw socket of a
 * protocol gets a copy of each locally delivered datagram of that protocol (raw_v4_input),
 * filtered for ICMP by ICMP_FILTER; ICMP errors about its datagrams are queued for it when
 * IP_RECVERR is on (raw_icmp_error → ip_icmp_error).
 */
import type { Ipv4Addr, Nanos, Packet } from "@pktsim/core";
import { IpProtocol } from "@pktsim/core";
import type { Namespace } from "./namespace";
import type { Rtable } from "./ip";
import { type SockOwner, sockInodeAlloc } from "./socket";

/** What the error queue reports (struct sock_extended_err with SO_EE_ORIGIN_ICMP). */
export interface IcmpErrorReport {
  /** SO_EE_OFFENDER: the source of the ICMP error. */
  offender: Ipv4Addr;
  type: number;
  code: number;
  info: number;
}

export interface RawSocket {
  readonly protocol: number;
  /** ICMP_FILTER: bit n set means ICMP type n is not delivered. */
  icmpFilter: number;
  /** IP_RECVERR. */
  recvErr: boolean;
  /** SO_BINDTODEVICE: only datagrams (and errors) that arrived on this ifindex (0: any). */
  boundIf?: number;
  /** The process holding it (ss -p, netstat -p). */
  owner?: SockOwner | null;
  /** A delivered datagram: a private copy whose `head` is at the IP header; `time` is the receive time. */
  onPacket(pkt: Packet, time: Nanos): void;
  /** An ICMP error about a datagram this socket could have sent: the quoted transport header and the report. */
  onError(quotedDst: Ipv4Addr, quotedTransport: Uint8Array, report: IcmpErrorReport, time: Nanos): void;
}

export class RawSockets {
  private readonly ns: Namespace;
  private readonly sockets: RawSocket[] = [];
  /** Each open socket's inode (sock_i_ino). */
  private readonly inodes = new Map<RawSocket, number>();

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  open(socket: RawSocket): () => void {
    this.sockets.push(socket);
    this.inodes.set(socket, sockInodeAlloc(this.ns));
    return () => {
      const i = this.sockets.indexOf(socket);
      if (i >= 0) this.sockets.splice(i, 1);
      this.inodes.delete(socket);
    };
  }

  /** The open sockets in the order they were opened, with their inodes (/proc/net/raw, ss -w). */
  list(): Array<{ readonly socket: RawSocket; readonly inode: number }> {
    return this.sockets.map((socket) => ({ socket, inode: this.inodes.get(socket) ?? 0 }));
  }

  get count(): number {
    return this.sockets.length;
  }

  /** raw_local_deliver: copies to every matching socket; true when at least one matched (even if filtered). */
  deliver(pkt: Packet, protocol: number): boolean {
    if (this.sockets.length === 0) return false;
    let delivered = false;
    // inet_iif: the route's rt_iif when it has one (locally generated), else the arrival device.
    const rt = pkt.dst as Rtable | null;
    const dif = rt !== null && rt.iif !== 0 ? rt.iif : (pkt.dev?.ifindex ?? 0);
    for (const sk of this.sockets) {
      if (sk.protocol !== protocol) continue;
      // raw_v4_match → raw_sk_bound_dev_eq.
      if (sk.boundIf !== undefined && sk.boundIf !== 0 && sk.boundIf !== dif) continue;
      delivered = true;
      if (protocol === IpProtocol.Icmp) {
        const type = pkt.buf[pkt.transportOffset] ?? 0;
        if (type < 32 && (sk.icmpFilter & (1 << type)) !== 0) continue;
      }
      const copy = pkt.clone();
      copy.head = copy.networkOffset;
      sk.onPacket(copy, this.ns.sim.now);
    }
    return delivered;
  }

  /**
   * raw_icmp_error: the error goes to sockets of the quoted datagram's protocol that asked for
   * errors and are not bound to another device than the one the error arrived on (`dif`; an
   * error the host sent itself arrives on lo).
   */
  icmpError(protocol: number, _src: Ipv4Addr, dst: Ipv4Addr, quotedTransport: Uint8Array, report: IcmpErrorReport, dif = 0): void {
    for (const sk of [...this.sockets]) {
      if (sk.protocol !== protocol || !sk.recvErr) continue;
      if (sk.boundIf !== undefined && sk.boundIf !== 0 && sk.boundIf !== dif) continue;
      sk.onError(dst, quotedTransport, report, this.ns.sim.now);
    }
  }
}
