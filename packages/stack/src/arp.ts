/**
 * ARP (net/ipv4/arp.c): receiving requests and replies (arp_rcv, arp_process), sending them
 * (arp_send_dst, arp_solicit), and the neighbour operations that build Ethernet headers once
 * an address is resolved, and answering for others: proxy_arp, proxy_arp_pvlan and proxy
 * entries (arp_fwd_proxy, arp_fwd_pvlan, pneigh_lookup) with the proxy queue's random delay.
 * Read from the device's configuration: arp_ignore, arp_filter, arp_announce, arp_accept,
 * arp_notify (netdevEvent), drop_gratuitous_arp, forwarding, proxy_arp, medium_id.
 */
import {
  type Ipv4Addr,
  type MacAddr,
  type Packet,
  ArpPacket,
  ArpOperation,
  ARP_PACKET_LEN,
  DropReason,
  EtherType,
  MAC_BROADCAST,
  Packet as PacketClass,
  PacketType,
  isLoopback,
  isMulticast,
  writeMac,
  ETHERNET_HEADER_LEN,
} from "@pktsim/core";
import { type NetDevice, IFF } from "@pktsim/devices";
import type { NeighParms } from "./devconf";
import { RouteType as RTN } from "@pktsim/routing";
import type { Namespace } from "./namespace";
import { type NeighOps, type Neighbour, Nud, NeighUpdate } from "./neighbour";
import { type InDevice, Scope, ifaMatch } from "./inetdev";

/** ip_eth_mc_map: 01:00:5e and the group's low 23 bits. */
function ipEthMcMap(group: Ipv4Addr): MacAddr {
  return 0x01005e000000 + (group & 0x7fffff);
}

export class Arp implements NeighOps {
  private readonly ns: Namespace;
  private readonly view = new ArpPacket(new Uint8Array(0), 0, 0);
  /** p->qlen: requests waiting in the proxy queue, by device. */
  private readonly proxyQueued = new Map<NetDevice, number>();

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  parms(dev: NetDevice): NeighParms {
    return this.ns.inDevice(dev)?.neighParms ?? this.ns.neighDefault;
  }

  // ---- NeighOps ----------------------------------------------------------------------------

  /**
   * arp_constructor: the address's type on the device (inet_addr_type_dev_table) decides. A
   * multicast group maps to its Ethernet group address, loopback and IFF_NOARP devices use their
   * own address, a broadcast address (or a point-to-point device) the device's broadcast; all of
   * them NOARP. Everything else starts in NONE and is resolved by ARP.
   */
  construct(neigh: Neighbour): void {
    const dev = neigh.dev;
    const addr = neigh.key;
    const type = this.ns.fib.localType(addr, dev.ifindex);
    let lladdr: MacAddr;
    if (type === RTN.MULTICAST) lladdr = ipEthMcMap(addr);
    else if ((dev.baseFlags & (IFF.NOARP | IFF.LOOPBACK)) !== 0) lladdr = dev.mac;
    else if (type === RTN.BROADCAST || (dev.baseFlags & IFF.POINTOPOINT) !== 0) lladdr = dev.broadcast;
    else return;
    neigh.state = Nud.NOARP;
    neigh.lladdr = lladdr;
    neigh.hasLladdr = true;
  }

  /** neigh_resolve_output's tail / neigh_hh_output: Ethernet header from the neighbour, then xmit. */
  output(neigh: Neighbour, skb: Packet): void {
    const head = skb.push(ETHERNET_HEADER_LEN);
    const buf = skb.buf;
    writeMac(buf, head, neigh.lladdr);
    writeMac(buf, head + 6, neigh.dev.mac);
    buf[head + 12] = skb.protocol >>> 8;
    buf[head + 13] = skb.protocol & 255;
    skb.macOffset = head;
    neigh.dev.xmit(skb);
  }

  /** arp_solicit: ask for the neighbour's address, broadcast until it is known, then unicast. */
  solicit(neigh: Neighbour, skb: Packet | undefined): void {
    const ns = this.ns;
    const dev = neigh.dev;
    const inDev = ns.inDevice(dev);
    if (inDev === undefined) return;
    let saddr = 0;
    // IN_DEV_ARP_ANNOUNCE: the larger of conf/all and conf/DEV; above 2 acts like 0.
    const announce = Math.max(inDev.conf.arp_announce, ns.confAll.arp_announce);
    if (announce !== 2 && skb !== undefined) {
      const src = readU32(skb.buf, skb.networkOffset + 12);
      if (ns.fib.localType(src) === RTN.LOCAL) {
        // 1: only a source the target can reach on link (inet_addr_onlink: one prefix of the
        // device holds both).
        if (announce !== 1 || inDev.addrs.some((ifa) => ifaMatch(neigh.key, ifa) && ifaMatch(src, ifa))) saddr = src;
      }
    }
    if (saddr === 0) saddr = ns.ip.selectAddr(dev, neigh.key, Scope.LINK);
    const parms = this.parms(dev);
    let dstHw: MacAddr | undefined;
    if (neigh.probes - parms.ucastProbes < 0) dstHw = neigh.lladdr;
    this.send(ArpOperation.Request, neigh.key, dev, saddr, dstHw, dev.mac, undefined);
  }

  /** arp_error_report → ipv4_link_failure → ICMP host unreachable to the sender. */
  errorReport(_neigh: Neighbour, skb: Packet): void {
    skb.head = skb.networkOffset;
    this.ns.icmp.send(skb, 3, 1, 0);
  }

  // ---- sending ---------------------------------------------------------------------------

  /** arp_create + arp_xmit: an Ethernet/IPv4 ARP frame (42 bytes: veth does not pad). */
  send(op: number, dstIp: Ipv4Addr, dev: NetDevice, srcIp: Ipv4Addr, dstHw: MacAddr | undefined, srcHw: MacAddr, targetHw: MacAddr | undefined): void {
    if ((dev.baseFlags & 0x80) !== 0) return; // IFF_NOARP
    const pkt = PacketClass.alloc(ETHERNET_HEADER_LEN + ARP_PACKET_LEN, 16);
    this.ns.sim.stamp(pkt);
    const buf = pkt.buf;
    const eth = pkt.head;
    writeMac(buf, eth, dstHw ?? MAC_BROADCAST);
    writeMac(buf, eth + 6, srcHw);
    buf[eth + 12] = EtherType.Arp >>> 8;
    buf[eth + 13] = EtherType.Arp & 255;
    const arp = this.view.reset(buf, eth + ETHERNET_HEADER_LEN, ARP_PACKET_LEN);
    arp.hardwareType = 1;
    arp.protocolType = EtherType.Ipv4;
    arp.hardwareLen = 6;
    arp.protocolLen = 4;
    arp.operation = op;
    arp.senderHw = srcHw;
    arp.senderIp = srcIp;
    arp.targetHw = targetHw ?? 0;
    arp.targetIp = dstIp;
    pkt.macOffset = eth;
    pkt.networkOffset = eth + ETHERNET_HEADER_LEN;
    pkt.protocol = EtherType.Arp;
    dev.xmit(pkt);
  }

  // ---- receiving -------------------------------------------------------------------------

  /** arp_rcv: format checks, then arp_process (`redo`: a proxied request coming back from the proxy queue). */
  rcv(pkt: Packet, dev: NetDevice, redo = false): void {
    const ns = this.ns;
    const inDev = ns.inDevice(dev);
    const arp = this.view.reset(pkt.buf, pkt.head, pkt.length);
    if (
      inDev === undefined ||
      (dev.baseFlags & 0x80) !== 0 ||
      pkt.pktType === PacketType.OTHERHOST ||
      pkt.pktType === PacketType.LOOPBACK ||
      arp.checkLen() !== 0 ||
      !arp.isEthernetIpv4()
    ) {
      ns.sim.reportDrop(pkt, "arp_rcv", DropReason.ARP_INVALID, dev);
      return;
    }
    const op = arp.operation;
    if (op !== ArpOperation.Request && op !== ArpOperation.Reply) return;
    const sip = arp.senderIp;
    const tip = arp.targetIp;
    const sha = arp.senderHw;
    const routeLocalnet = (inDev.conf.route_localnet | ns.confAll.route_localnet) !== 0;
    if (isMulticast(tip) || (!routeLocalnet && isLoopback(tip))) return;
    if (sip === tip && (inDev.conf.drop_gratuitous_arp | ns.confAll.drop_gratuitous_arp) !== 0) return;

    if (sip === 0) {
      // RFC 2131 duplicate address detection probe: answer if the address is ours.
      if (op === ArpOperation.Request && ns.fib.localType(tip) === RTN.LOCAL && !this.arpIgnore(dev, sip, tip)) {
        this.send(ArpOperation.Reply, sip, dev, tip, sha, dev.mac, sha);
      }
      return;
    }

    if (op === ArpOperation.Request) {
      const rt = ns.ip.routeInput(pkt, tip, sip, 0, dev);
      if (typeof rt !== "string") {
        if (rt.type === RTN.LOCAL) {
          let dontSend = this.arpIgnore(dev, sip, tip);
          if (!dontSend && (inDev.conf.arp_filter | ns.confAll.arp_filter) !== 0) dontSend = this.arpFilter(sip, tip, dev);
          if (!dontSend) {
            const n = ns.neigh.lookupOrCreate(sip, dev);
            ns.neigh.update(n, sha, Nud.STALE, NeighUpdate.OVERRIDE);
            this.send(ArpOperation.Reply, sip, dev, tip, sha, dev.mac, sha);
          }
          return;
        }
        if (inDev.conf.forwarding !== 0 && rt.type === RTN.UNICAST && this.proxies(inDev, dev, rt.dev, sip, tip)) {
          // neigh_event_ns: the asker goes in as STALE; the answer is ours (dev's address).
          const n = ns.neigh.lookupOrCreate(sip, dev);
          ns.neigh.update(n, sha, Nud.STALE, NeighUpdate.OVERRIDE);
          const delay = this.parms(dev).proxyDelayMs;
          if (redo || pkt.pktType === PacketType.HOST || delay === 0) {
            this.send(ArpOperation.Reply, sip, dev, tip, sha, dev.mac, sha);
          } else {
            this.proxyEnqueue(pkt, dev, delay);
          }
          return;
        }
      }
    }

    // Update our ARP tables: entries we already have, and with arp_accept new ones from
    // gratuitous ARP and from replies (addrType: inet_addr_type_dev_table of sip, once computed).
    let n = ns.neigh.lookup(sip, dev);
    let isGarp = false;
    let addrType = -1;
    const accept = this.arpAccept(inDev, sip);
    if (n !== undefined || accept) {
      // arp_is_garp: sip == tip (a reply also needs tha == sha), and sip a unicast address here.
      isGarp = sip === tip && (op !== ArpOperation.Reply || arp.targetHw === sha);
      if (isGarp) {
        addrType = ns.fib.localType(sip, dev.ifindex);
        if (addrType !== RTN.UNICAST) isGarp = false;
      }
    }
    if (accept && n === undefined) {
      if (isGarp || (op === ArpOperation.Reply && (addrType === RTN.UNICAST || (addrType < 0 && ns.fib.localType(sip, dev.ifindex) === RTN.UNICAST)))) {
        n = ns.neigh.lookupOrCreate(sip, dev);
      }
    }
    if (n !== undefined) {
      // The first of several replies wins (locktime), unless this is gratuitous.
      const locktime = this.parms(dev).locktimeMs * 1e6;
      const override = ns.sim.now > n.updated + locktime || isGarp;
      // Broadcast replies and requests do not confirm reachability.
      const state = op !== ArpOperation.Reply || pkt.pktType !== PacketType.HOST ? Nud.STALE : Nud.REACHABLE;
      ns.neigh.update(n, sha, state, override ? NeighUpdate.OVERRIDE : 0);
    }
  }

  /**
   * arp_accept (max of conf/all and conf/DEV): whether ARP may create entries. 1 always, 2 only
   * for a sender in a subnet of the receiving device (inet_confirm_addr, scope link), else never.
   */
  private arpAccept(inDev: InDevice, sip: Ipv4Addr): boolean {
    switch (Math.max(inDev.conf.arp_accept, this.ns.confAll.arp_accept)) {
      case 1:
        return true;
      case 2:
        return this.confirmAddr(inDev, sip, 0, Scope.LINK) !== 0;
      default:
        return false;
    }
  }

  /**
   * A device event, for the ARP side of the kernel's netdevice notifiers: arp_netdev_event's
   * NETDEV_CHANGEADDR flushes the device's neighbours (neigh_changeaddr); inetdev_event
   * (net/ipv4/devinet.c) on NETDEV_UP and NETDEV_CHANGEADDR, when arp_notify (max of conf/all and
   * conf/DEV) is on, sends inetdev_send_gratuitous_arp: one broadcast request per address of the
   * device, sender and target both that address. Adding an address sends none.
   */
  netdevEvent(dev: NetDevice, event: "up" | "address"): void {
    const ns = this.ns;
    if (event === "address") ns.neigh.changeaddr(dev);
    const inDev = ns.inDevice(dev);
    if (inDev === undefined || Math.max(inDev.conf.arp_notify, ns.confAll.arp_notify) === 0) return;
    for (const ifa of inDev.addrs) this.send(ArpOperation.Request, ifa.local, dev, ifa.local, undefined, dev.mac, undefined);
  }

  /**
   * arp_fwd_proxy (proxy_arp, medium_id), arp_fwd_pvlan (proxy_arp_pvlan) and the proxy
   * entries of `ip neigh add proxy` (pneigh_lookup): whether to answer for `tip`, which the
   * kernel would forward out of `outDev`.
   */
  private proxies(inDev: InDevice, dev: NetDevice, outDev: NetDevice, sip: Ipv4Addr, tip: Ipv4Addr): boolean {
    const all = this.ns.confAll;
    if (outDev !== dev && (inDev.conf.proxy_arp | all.proxy_arp) !== 0) {
      const imi = inDev.conf.medium_id;
      if (imi === 0) return true;
      if (imi !== -1) {
        const omi = this.ns.inDevice(outDev)?.conf.medium_id ?? -1;
        if (omi !== imi && omi !== -1) return true;
      }
    }
    if (outDev === dev && sip !== tip && (inDev.conf.proxy_arp_pvlan | all.proxy_arp_pvlan) !== 0) return true;
    return outDev !== dev && this.ns.neigh.pneighLookup(tip, dev) !== undefined;
  }

  /**
   * pneigh_enqueue: a broadcast request for a proxied address is answered after a random
   * delay below proxy_delay (LOCALLY_ENQUEUED, then arp_redo), at most proxy_qlen queued.
   */
  private proxyEnqueue(pkt: Packet, dev: NetDevice, delayMs: number): void {
    const parms = this.parms(dev);
    const queued = this.proxyQueued.get(dev) ?? 0;
    if (queued > parms.proxyQlen) {
      this.ns.sim.reportDrop(pkt, "pneigh_enqueue", DropReason.NEIGH_QUEUEFULL, dev);
      return;
    }
    this.proxyQueued.set(dev, queued + 1);
    const copy = pkt.clone();
    const wait = this.ns.sim.rng.int(0, delayMs * 1e6 - 1);
    this.ns.sim.scheduler.schedule(wait, () => {
      this.proxyQueued.set(dev, (this.proxyQueued.get(dev) ?? 1) - 1);
      if (dev.ns === this.ns && dev.isUp) this.rcv(copy, dev, true);
    }, "neigh_proxy_process");
  }

  /**
   * arp_ignore (max of conf/all and conf/DEV): whether not to answer a request for `tip` from
   * `sip`. 0 answers (tip is already known local), 1 only for an address of the receiving device,
   * 2 also only when sip shares a subnet of that device with tip, 3 for any device's address of
   * scope link or wider (not scope host), 4-7 (reserved) and anything above 8 answer, 8 never.
   */
  private arpIgnore(dev: NetDevice, sip: Ipv4Addr, tip: Ipv4Addr): boolean {
    const inDev = this.ns.inDevice(dev)!;
    switch (Math.max(inDev.conf.arp_ignore, this.ns.confAll.arp_ignore)) {
      case 0:
        return false;
      case 1:
        return this.confirmAddr(inDev, 0, tip, Scope.HOST) === 0;
      case 2:
        return this.confirmAddr(inDev, sip, tip, Scope.HOST) === 0;
      case 3:
        return this.confirmAddr(null, 0, tip, Scope.LINK) === 0;
      case 8:
        return true;
      default:
        return false;
    }
  }

  /**
   * inet_confirm_addr (net/ipv4/devinet.c): `local` (or, when 0, any address of at most `scope`)
   * on `inDev` — or on the first device that has it when `inDev` is null — provided one prefix of
   * that device holds both `local` and `dst` (each may be 0: any). Returns the address or 0.
   */
  private confirmAddr(inDev: InDevice | null, dst: Ipv4Addr, local: Ipv4Addr, scope: number): Ipv4Addr {
    if (inDev !== null) return this.confirmAddrIndev(inDev, dst, local, scope);
    for (const dev of this.ns.devices()) {
      const d = this.ns.inDevice(dev);
      if (d === undefined) continue;
      const addr = this.confirmAddrIndev(d, dst, local, scope);
      if (addr !== 0) return addr;
    }
    return 0;
  }

  /** confirm_addr_indev (net/ipv4/devinet.c), ifa by ifa in the device's list order. */
  private confirmAddrIndev(inDev: InDevice, dst: Ipv4Addr, local: Ipv4Addr, scope: number): Ipv4Addr {
    // Host-scope (127/8-like) addresses count as link scope when route_localnet is on.
    const localnetScope = (inDev.conf.route_localnet | this.ns.confAll.route_localnet) !== 0 ? Scope.LINK : Scope.HOST;
    let addr = 0;
    let same = false;
    for (const ifa of inDev.addrs) {
      const minScope = Math.min(ifa.scope, localnetScope);
      if (addr === 0 && (local === ifa.local || local === 0) && minScope <= scope) {
        addr = ifa.local;
        if (same) break;
      }
      if (!same) {
        same = (local === 0 || ifaMatch(local, ifa)) && (dst === 0 || ifaMatch(dst, ifa));
        if (same && addr !== 0) {
          if (local !== 0 || dst === 0) break;
          // Is the selected address in dst's subnet?
          if (ifaMatch(addr, ifa)) break;
          // No: can this prefix's own address be used?
          if (minScope <= scope) {
            addr = ifa.local;
            break;
          }
          // Look for a larger dst subnet holding addr.
          same = false;
        }
      }
    }
    return same ? addr : 0;
  }

  /**
   * arp_filter (conf/all or conf/DEV): with it on, answer only when the route back to the sender
   * (ip_route_output from tip to sip) leaves by the device the request came in on.
   */
  private arpFilter(sip: Ipv4Addr, tip: Ipv4Addr, dev: NetDevice): boolean {
    const rt = this.ns.ip.routeOutput({ dst: sip, src: tip });
    if (typeof rt === "number") return true;
    if (rt.dev === dev) return false;
    // LINUX_MIB_ARPFILTER (TcpExt ArpFilter in /proc/net/netstat).
    const ext = this.ns.mib.tcpExt;
    ext.set("ArpFilter", ext.get("ArpFilter")! + 1);
    return true;
  }
}

function readU32(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}
