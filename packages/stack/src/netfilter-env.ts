/**
 * What the stack gives netfilter (NfEnv): address types for -m addrtype, source selection for
 * MASQUERADE, the input device's address for REDIRECT, re-routing after OUTPUT changes
 * (ip_route_me_harder), REJECT's replies (nf_send_unreach, nf_send_reset in
 * net/ipv4/netfilter/nf_reject_ipv4.c) and the kernel log.
 */
import { type DeviceRef, type Packet, IcmpType, IpProtocol, IpSummed, Ipv4Packet, Packet as PacketClass, partialChecksum } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import type { NfEnv } from "@pktsim/netfilter";
import { RouteType } from "./fib";
import type { Rtable } from "./ip";
import { IfaFlags, Scope } from "./inetdev";
import type { Namespace } from "./namespace";

const TCP_HLEN = 20;

export function netfilterEnv(ns: Namespace): NfEnv {
  const iph = new Ipv4Packet(new Uint8Array(0), 0, 0);
  return {
    get name(): string {
      return ns.name;
    },

    /** inet_dev_addr_type: the local table decides; a device limit keeps LOCAL to its own addresses. */
    addrType(addr: number, dev: DeviceRef | null): number {
      const type = ns.fib.localType(addr);
      if (dev !== null && type === RouteType.LOCAL) {
        const owner = ns.findAddrDevice(addr);
        if (owner !== undefined && owner !== dev && !(addr >>> 24 === 127 && (dev as NetDevice).kind === "loopback")) return RouteType.UNICAST;
      }
      return type;
    },

    masqueradeSource(out: DeviceRef, pkt: Packet): number {
      const rt = pkt.dst as Rtable | null;
      const b = iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset);
      const nexthop = rt !== null && rt.gateway !== 0 ? rt.gateway : b.dst;
      return ns.ip.selectAddr(out as NetDevice, nexthop, Scope.UNIVERSE);
    },

    primaryAddr(dev: DeviceRef): number {
      const inDev = ns.inDevice(dev as NetDevice);
      const ifa = inDev?.addrs.find((a) => (a.flags & IfaFlags.SECONDARY) === 0);
      return ifa?.local ?? 0;
    },

    rerouteLocalOut(pkt: Packet): boolean {
      const b = iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset);
      const srcLocal = ns.fib.localType(b.src) === RouteType.LOCAL;
      const rt = ns.ip.routeOutput({ dst: b.dst, src: srcLocal ? b.src : 0, mark: pkt.mark, tos: b.tos });
      if (typeof rt === "number") return false;
      pkt.dst = rt;
      return true;
    },

    dropRoute(pkt: Packet): void {
      pkt.dst = null;
    },

    sendUnreach(pkt: Packet, code: number): void {
      const b = iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset);
      if (b.fragOffset !== 0) return;
      ns.icmp.send(pkt, IcmpType.DestUnreachable, code, 0);
    },

    sendReset(oldskb: Packet): void {
      sendReset(ns, oldskb);
    },

    klog(level: number, text: string): void {
      if (!ns.isInit && ns.host.nfLogAllNetns === 0) return;
      ns.host.klog.printk(ns.sim.now, level, text);
    },
  };
}

/** nf_send_reset: a RST for the TCP segment `oldskb`, as the closed-ports capture shows it. */
function sendReset(ns: Namespace, oldskb: Packet): void {
  const buf = oldskb.buf;
  const nh = oldskb.networkOffset;
  const oiph = new Ipv4Packet(buf, nh, oldskb.tail - nh);
  if (oiph.fragOffset !== 0) return;
  const th = nh + oiph.headerLen;
  if (oldskb.tail - th < TCP_HLEN) return;
  const flags = buf[th + 13]!;
  // No RST for a RST.
  if (flags & 0x04) return;
  const rd32 = (o: number): number => ((buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!) >>> 0;
  const oldSeq = rd32(th + 4);
  const oldAck = rd32(th + 8);
  const doff = (buf[th + 12]! >>> 4) * 4;
  const payload = Math.max(0, oiph.totalLen - oiph.headerLen - doff);
  const saddr = oiph.dst;
  const daddr = oiph.src;
  const rt = ns.ip.routeOutput({ dst: daddr });
  if (typeof rt === "number") return;
  const nskb = PacketClass.alloc(TCP_HLEN);
  ns.sim.stamp(nskb);
  const t = nskb.buf;
  const o = nskb.head;
  t[o] = buf[th + 2]!;
  t[o + 1] = buf[th + 3]!;
  t[o + 2] = buf[th] ?? 0;
  t[o + 3] = buf[th + 1]!;
  const wr32 = (at: number, v: number): void => {
    t[at] = v >>> 24;
    t[at + 1] = v >>> 16;
    t[at + 2] = v >>> 8;
    t[at + 3] = v;
  };
  // nf_reject_ip_tcphdr_put: answer an ACK with its ack number, anything else with an ACK of it.
  if (flags & 0x10) {
    wr32(o + 4, oldAck);
    t[o + 13] = 0x04;
  } else {
    const ack = (oldSeq + ((flags & 0x02) !== 0 ? 1 : 0) + ((flags & 0x01) !== 0 ? 1 : 0) + payload) >>> 0;
    wr32(o + 8, ack);
    t[o + 13] = 0x14;
  }
  t[o + 12] = 5 << 4;
  // CHECKSUM_PARTIAL: the pseudo-header sum, which a veth never completes (closed-ports.pcap).
  const check = partialChecksum(saddr, daddr, IpProtocol.Tcp, TCP_HLEN);
  t[o + 16] = check >>> 8;
  t[o + 17] = check & 0xff;
  nskb.ipSummed = IpSummed.PARTIAL;
  // nf_ct_attach: the reset belongs to the connection it refuses.
  ns.netfilter.attach(nskb, oldskb);
  ns.ip.sendPayload(nskb, rt, { src: saddr, dst: daddr, protocol: IpProtocol.Tcp, ttl: ns.ipv4conf.ip_default_ttl, tos: 0, dontFrag: true, ident: 0 });
}
