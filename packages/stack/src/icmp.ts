/**
 * ICMP (net/ipv4/icmp.c): receiving (icmp_rcv: echo → icmp_reply; errors → the sockets of
 * the quoted flow, icmp_unreach) and sending errors (__icmp_send) with the kernel's rate
 * limits: the per-destination token bucket (icmp_ratelimit, burst 6) for the types in
 * icmp_ratemask, and the per-namespace icmp_msgs_per_sec/icmp_msgs_burst bucket.
 */
import {
  type Ipv4Addr,
  type Packet,
  DropReason,
  IcmpPacket,
  IcmpType,
  IcmpTimeExceededCode,
  IcmpUnreachableCode,
  Ipv4Packet,
  IpProtocol,
  ICMP_HEADER_LEN,
  Packet as PacketClass,
  PacketType,
  emitIcmpError,
  icmpErrorTos,
  icmpTypeIsError,
  IPV4_HEADER_LEN,
} from "@pktsim/core";
import type { Namespace } from "./namespace";
import type { IcmpMib } from "./mib";
import type { NetDevice } from "@pktsim/devices";
import { Scope } from "./inetdev";
import { HZ, inetPeerXrlimAllow, jiffiesOf } from "./inetpeer";
import { type Rtable, RTCF } from "./ip";

const NR_ICMP_TYPES = 18;

/** The Icmp MIB's per-type input counters (icmpmsg_statistics, types 0-18). */
function countInType(mib: IcmpMib, type: number): void {
  switch (type) {
    case 0:
      mib.InEchoReps++;
      return;
    case 3:
      mib.InDestUnreachs++;
      return;
    case 4:
      mib.InSrcQuenchs++;
      return;
    case 5:
      mib.InRedirects++;
      return;
    case 8:
      mib.InEchos++;
      return;
    case 11:
      mib.InTimeExcds++;
      return;
    case 12:
      mib.InParmProbs++;
      return;
    case 13:
      mib.InTimestamps++;
      return;
    case 14:
      mib.InTimestampReps++;
      return;
    case 17:
      mib.InAddrMasks++;
      return;
    case 18:
      mib.InAddrMaskReps++;
  }
}

export class Icmp {
  private readonly ns: Namespace;
  private readonly icmph = new IcmpPacket(new Uint8Array(0), 0, 0);
  private readonly iph = new Ipv4Packet(new Uint8Array(0), 0, 0);
  /** icmp_global: credit and the time it was last refilled. */
  private globalCredit = -1;
  private globalStamp = 0;

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  /** icmp_rcv: `pkt.head` is at the ICMP header, `pkt.networkOffset` at the IP header. */
  rcv(pkt: Packet, rt: Rtable): void {
    const ns = this.ns;
    const mib = ns.mib.icmp;
    mib.InMsgs++;
    const icmph = this.icmph.reset(pkt.buf, pkt.head, pkt.length);
    if (!icmph.verifyChecksum()) {
      mib.InCsumErrors++;
      mib.InErrors++;
      ns.sim.reportDrop(pkt, "icmp_rcv", DropReason.ICMP_CSUM, pkt.inDev);
      return;
    }
    if (icmph.checkLen() !== 0) {
      mib.InErrors++;
      ns.sim.reportDrop(pkt, "icmp_rcv", DropReason.PKT_TOO_SMALL, pkt.inDev);
      return;
    }
    const type = icmph.msgType;
    // ICMPMSGIN_INC_STATS: the per-type counter (InTypeN, and the histogram netstat -s prints).
    countInType(mib, type);
    if (type > NR_ICMP_TYPES) {
      mib.InErrors++;
      ns.sim.reportDrop(pkt, "icmp_rcv", DropReason.UNHANDLED_PROTO, pkt.inDev);
      return;
    }
    if ((rt.flags & (RTCF.BROADCAST | RTCF.MULTICAST)) !== 0) {
      // Only echo, timestamp and address mask messages are taken from a broadcast or multicast,
      // and echo and timestamp not while icmp_echo_ignore_broadcasts is set.
      const ignored = (type === IcmpType.EchoRequest || type === IcmpType.Timestamp) && ns.ipv4conf.icmp_echo_ignore_broadcasts !== 0;
      if (ignored || (type !== IcmpType.EchoRequest && type !== IcmpType.Timestamp && type !== 17 && type !== 18)) {
        mib.InErrors++;
        ns.sim.reportDrop(pkt, "icmp_rcv", DropReason.INVALID_PROTO, pkt.inDev);
        return;
      }
    }
    switch (type) {
      case IcmpType.EchoRequest:
        this.echo(pkt);
        return;
      case IcmpType.EchoReply:
        return; // raw sockets already got their copy (ping_rcv handles unprivileged ping sockets)
      case IcmpType.DestUnreachable:
      case IcmpType.TimeExceeded:
      case IcmpType.ParameterProblem:
      case IcmpType.SourceQuench:
        if (type === IcmpType.TimeExceeded) {
          // icmp_unreach: a reassembly timeout is counted, not passed to any socket.
          if (icmph.code === IcmpTimeExceededCode.FragmentReassembly) return;
        }
        this.unreach(pkt);
        return;
      case IcmpType.Redirect:
        this.redirect(pkt);
        return;
      default:
        return;
    }
  }

  /** icmp_unreach → icmp_socket_deliver: tell the sockets of the quoted datagram. */
  private unreach(pkt: Packet): void {
    const icmph = this.icmph.reset(pkt.buf, pkt.head, pkt.length);
    const quoteOff = icmph.dataOffset;
    const quoteLen = icmph.dataLen;
    const inner = this.iph.reset(pkt.buf, quoteOff, quoteLen);
    if (quoteLen < IPV4_HEADER_LEN || inner.headerLen < IPV4_HEADER_LEN || quoteLen < inner.headerLen + 8) return;
    const outer = new Ipv4Packet(pkt.buf, pkt.networkOffset, IPV4_HEADER_LEN);
    const quoted = pkt.buf.subarray(quoteOff + inner.headerLen, quoteOff + quoteLen);
    const report = { offender: outer.src, type: icmph.msgType, code: icmph.code, info: icmph.rest };
    const protocol = inner.protocol;
    const src = inner.src;
    const dst = inner.dst;
    if (report.type === IcmpType.DestUnreachable && report.code === IcmpUnreachableCode.FragmentationNeeded && protocol === IpProtocol.Icmp) {
      // raw_err (a raw ICMP socket, as ping's) and icmp_err (about an echo reply) learn the
      // path MTU: ipv4_sk_update_pmtu / ipv4_update_pmtu.
      if (this.ns.raw.count > 0 || quoted[0] === IcmpType.EchoReply) this.ns.ip.fnhe.updatePmtu(dst, src, icmph.rest & 0xffff);
    }
    this.ns.raw.icmpError(protocol, src, dst, quoted, report, pkt.dev?.ifindex ?? 0);
    // The protocol's err_handler (udp_err, tcp_v4_err): the socket that sent the quoted datagram.
    if (protocol === IpProtocol.Udp) this.ns.udp.err({ ...report, src, dst, quoted });
    else if (protocol === IpProtocol.Tcp) this.ns.tcp.err({ ...report, src, dst, quoted });
  }

  /**
   * icmp_redirect → icmp_socket_deliver: the quoted datagram's sender learns the new gateway
   * (raw_err → ipv4_sk_redirect for a raw ICMP socket such as ping's, icmp_err for an echo
   * reply, udp_err / tcp_v4_err for their sockets). Nothing reaches an error queue.
   */
  private redirect(pkt: Packet): void {
    const icmph = this.icmph.reset(pkt.buf, pkt.head, pkt.length);
    const quoteOff = icmph.dataOffset;
    const quoteLen = icmph.dataLen;
    const inner = this.iph.reset(pkt.buf, quoteOff, quoteLen);
    if (quoteLen < IPV4_HEADER_LEN || inner.headerLen < IPV4_HEADER_LEN || quoteLen < inner.headerLen + 8) return;
    const protocol = inner.protocol;
    const daddr = inner.dst;
    const saddr = inner.src;
    const tos = inner.tos;
    const outer = new Ipv4Packet(pkt.buf, pkt.networkOffset, IPV4_HEADER_LEN);
    const dev = pkt.dev as NetDevice | null;
    if (dev === null) return;
    if (protocol === IpProtocol.Udp || protocol === IpProtocol.Tcp) {
      const quoted = pkt.buf.subarray(quoteOff + inner.headerLen, quoteOff + quoteLen);
      const e = { offender: outer.src, type: icmph.msgType, code: icmph.code, info: icmph.rest, src: saddr, dst: daddr, quoted };
      if (protocol === IpProtocol.Udp) this.ns.udp.err(e, dev);
      else this.ns.tcp.err(e, dev);
      return;
    }
    if (protocol !== IpProtocol.Icmp) return;
    if (this.ns.raw.count === 0 && pkt.buf[quoteOff + inner.headerLen] !== IcmpType.EchoReply) return;
    this.ns.ip.fnhe.redirect(daddr, saddr, icmph.rest >>> 0, outer.src, icmph.code, dev, 0, 0, tos & 0x1e);
  }

  /**
   * fib_compute_spec_dst for a broadcast or multicast request: the preferred source of the route
   * back to the sender (looked up as if from lo), else an address of the receiving device.
   */
  private specDst(pkt: Packet, sender: Ipv4Addr, tos: number): Ipv4Addr {
    const ns = this.ns;
    const dev = pkt.dev as NetDevice;
    let scope: number = Scope.UNIVERSE;
    if (sender !== 0) {
      const res = ns.fib.lookupKey(sender, 0, ns.lo.ifindex, 0, 0, tos & 0xfc, Scope.UNIVERSE);
      if (typeof res !== "number") {
        // fib_result_prefsrc: the route's prefsrc, else an address for its next hop.
        const route = res.route!;
        if (route.prefsrc !== 0) return route.prefsrc;
        const nh = res.nexthop!;
        const nhDev = ns.deviceByIndex(nh.ifindex);
        if (nhDev !== undefined) return ns.ip.selectAddr(nhDev, nh.gateway, route.scope);
      }
    } else {
      scope = Scope.LINK;
    }
    return ns.ip.selectAddr(dev, sender, scope);
  }

  /** icmp_echo → icmp_reply: the same data back, from the address pinged, without DF. */
  private echo(pkt: Packet): void {
    const ns = this.ns;
    if (ns.ipv4conf.icmp_echo_ignore_all !== 0) return;
    const iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset);
    const daddr = iph.src;
    const rtIn = pkt.dst as Rtable | null;
    const tos = iph.tos;
    const saddr = rtIn !== null && (rtIn.flags & (RTCF.BROADCAST | RTCF.MULTICAST)) !== 0 ? this.specDst(pkt, daddr, tos) : iph.dst;
    const rt = ns.ip.routeOutput({ dst: daddr, src: saddr, tos, mark: pkt.mark });
    if (typeof rt === "number") return;
    if (!this.xrlimAllow(rt, daddr, IcmpType.EchoReply, 0)) return;
    const len = pkt.tail - pkt.head;
    const reply = PacketClass.alloc(len);
    ns.sim.stamp(reply);
    reply.buf.set(pkt.buf.subarray(pkt.head, pkt.tail), reply.head);
    const icmp = this.icmph.reset(reply.buf, reply.head, len);
    icmp.msgType = IcmpType.EchoReply;
    icmp.code = 0;
    icmp.fillChecksum();
    ns.mib.icmp.OutMsgs++;
    ns.mib.icmp.OutEchoReps++;
    // icmp_push_reply → ip_push_pending_frames → ip_send_skb: a failed send is an output discard.
    if (ns.ip.sendPayload(reply, rt, {
      src: saddr,
      dst: daddr,
      protocol: IpProtocol.Icmp,
      ttl: ns.ipv4conf.ip_default_ttl,
      tos,
      dontFrag: false,
    }) !== 0) {
      ns.mib.ip.OutDiscards++;
    }
  }

  /**
   * __icmp_send: an error about `skbIn` (whose `networkOffset` is the offending IP header) to
   * its sender. `info` is the rest-of-header word (the next-hop MTU for frag-needed).
   */
  send(skbIn: Packet, type: number, code: number, info: number): void {
    const ns = this.ns;
    const iph = this.iph.reset(skbIn.buf, skbIn.networkOffset, skbIn.tail - skbIn.networkOffset);
    if (iph.checkLen() !== 0) return;
    if (skbIn.pktType !== PacketType.HOST) return;
    const rtIn = skbIn.dst as Rtable | null;
    if (rtIn !== null && (rtIn.flags & (RTCF.BROADCAST | RTCF.MULTICAST)) !== 0) return;
    if (iph.fragOffset !== 0) return;
    if (icmpTypeIsError(type) && iph.protocol === IpProtocol.Icmp) {
      const innerType = skbIn.buf[skbIn.networkOffset + iph.headerLen];
      if (innerType === undefined || innerType > NR_ICMP_TYPES || icmpTypeIsError(innerType)) return;
    }
    const inLoopback = skbIn.inDev !== null && (skbIn.inDev as { kind?: string }).kind === "loopback";
    const rateLimited = !this.maskAllow(type, code);
    if (!inLoopback && rateLimited && !this.globalAllow()) {
      ns.mib.icmp.OutRateLimitGlobal++;
      return;
    }
    const origSrc = iph.src;
    const origDst = iph.dst;
    // The source: the offending packet's destination if it was for us; else, under
    // icmp_errors_use_inbound_ifaddr, an address of the device it came in on (inet_select_addr of
    // inet_iif, for input routes); else chosen by the route back.
    let saddr = rtIn !== null && (rtIn.flags & RTCF.LOCAL) !== 0 ? origDst : 0;
    if (saddr === 0 && rtIn !== null && rtIn.iif === 0 && ns.ipv4conf.icmp_errors_use_inbound_ifaddr !== 0) {
      const inDev = skbIn.inDev as NetDevice | null;
      if (inDev !== null) saddr = ns.ip.selectAddr(inDev, origSrc, Scope.LINK);
    }
    const tos = icmpErrorTos(iph.tos);
    const rt = ns.ip.routeOutput({ dst: origSrc, src: saddr, tos, mark: skbIn.mark });
    if (typeof rt === "number") return;
    if (rateLimited && !this.xrlimAllow(rt, origSrc, type, code)) return;
    const datagramLen = iph.totalLen <= skbIn.tail - skbIn.networkOffset ? iph.totalLen : skbIn.tail - skbIn.networkOffset;
    const out = PacketClass.alloc(ICMP_HEADER_LEN + Math.min(datagramLen, 576));
    ns.sim.stamp(out);
    const icmpLen = emitIcmpError(out.buf, out.head, type, code, info, skbIn.buf, skbIn.networkOffset, datagramLen, rt.mtu);
    out.tail = out.head + icmpLen;
    // icmp_glue_bits → nf_ct_attach: an error belongs to the connection of what it quotes.
    ns.netfilter.attach(out, skbIn);
    ns.mib.icmp.OutMsgs++;
    if (type === IcmpType.DestUnreachable) ns.mib.icmp.OutDestUnreachs++;
    if (type === IcmpType.TimeExceeded) ns.mib.icmp.OutTimeExcds++;
    if (type === IcmpType.Redirect) ns.mib.icmp.OutRedirects++;
    if (ns.ip.sendPayload(out, rt, {
      src: rt.src !== 0 ? rt.src : 0xc0000008,
      dst: origSrc,
      protocol: IpProtocol.Icmp,
      ttl: ns.ipv4conf.ip_default_ttl,
      tos,
      dontFrag: false,
    }) !== 0) {
      ns.mib.ip.OutDiscards++;
    }
  }

  /** icmpv4_mask_allow: types outside icmp_ratemask (and PMTU discovery) are never limited. */
  private maskAllow(type: number, code: number): boolean {
    if (type > NR_ICMP_TYPES) return true;
    if (type === IcmpType.DestUnreachable && code === IcmpUnreachableCode.FragmentationNeeded) return true;
    return ((1 << type) & this.ns.ipv4conf.icmp_ratemask) === 0;
  }

  /** icmp_global_allow: a per-namespace bucket of icmp_msgs_per_sec, at most icmp_msgs_burst. */
  private globalAllow(): boolean {
    const conf = this.ns.ipv4conf;
    const now = this.ns.sim.now;
    if (this.globalCredit < 0) {
      this.globalCredit = conf.icmp_msgs_burst;
      this.globalStamp = now;
    }
    const elapsedMs = Math.floor((now - this.globalStamp) / 1e6);
    if (elapsedMs >= 20) {
      this.globalCredit = Math.min(conf.icmp_msgs_burst, this.globalCredit + Math.floor((elapsedMs * conf.icmp_msgs_per_sec) / 1000));
      this.globalStamp = now;
    }
    if (this.globalCredit > 0) {
      this.globalCredit--;
      return true;
    }
    return false;
  }

  /** icmpv4_xrlim_allow → inet_peer_xrlim_allow: no limit towards loopback. */
  private xrlimAllow(rt: Rtable, dst: Ipv4Addr, type: number, code: number): boolean {
    if (this.maskAllow(type, code)) return true;
    if (rt.dev.kind === "loopback") return true;
    const timeout = Math.floor((this.ns.ipv4conf.icmp_ratelimit * HZ) / 1000);
    const jiffies = jiffiesOf(this.ns.sim.now);
    // The namespace's inet_peer of the destination, whose tokens ip_error spends too.
    const ok = inetPeerXrlimAllow(this.ns.ip.peers.get(dst, jiffies), timeout, jiffies);
    if (!ok) this.ns.mib.icmp.OutRateLimitHost++;
    return ok;
  }
}
