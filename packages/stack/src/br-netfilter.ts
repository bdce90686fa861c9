/**
 * br_netfilter (net/bridge/br_netfilter_hooks.c): bridged IPv4 frames pass the iptables
 * PRE_ROUTING, FORWARD and POST_ROUTING hooks of the bridge's namespace when
 * net.bridge.bridge-nf-call-iptables (or the bridge's own nf_call_iptables) is set — on by
 * default on the reference kernel, and what Kubernetes requires. The hooks see the bridge as
 * the in/out device and the port as PHYSIN. After DNAT the frame is re-addressed
 * (br_nf_pre_routing_finish): to a neighbour on the same bridge it stays bridged (no
 * forwarding needed, TTL untouched); to anywhere else it goes up to the bridge's IP stack and
 * is routed. A frame that went up after PRE_ROUTING at the bridge skips it in ip_rcv
 * (ip_sabotage_in).
 *
 * Model limits: IPv4 without VLAN tags only; no -m physdev; flooded copies of a frame (clones)
 * are not seen by POST_ROUTING at the bridge; no arptables/ip6tables.
 */
import { type Packet, PacketType, writeMac } from "@pktsim/core";
import type { Bridge, BridgeHooks, BridgePort, NetDevice } from "@pktsim/devices";
import { NfInetHook } from "@pktsim/netfilter";
import type { Rtable } from "./ip";
import type { Namespace } from "./namespace";

const ETH_HLEN = 14;

export function brNetfilterHooks(ns: Namespace): BridgeHooks {
  const nf = ns.netfilter;
  /** DNATed frames waiting for their neighbour (bridged_dnat): where they came in, their source MAC. */
  const bridgedDnat = new WeakMap<Packet, { port: BridgePort; src: Uint8Array }>();
  const callIptables = (br: Bridge): boolean => ns.bridgeNfCallIptables !== 0 || br.nfCallIptables !== 0;
  const isIpv4 = (pkt: Packet): boolean => pkt.macOffset >= 0 && pkt.buf[pkt.macOffset + 12] === 0x08 && pkt.buf[pkt.macOffset + 13] === 0x00;
  const readDst = (pkt: Packet): number => {
    const b = pkt.buf;
    const o = pkt.networkOffset + 16;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  };

  return {
    preRouting(br: Bridge, pkt: Packet, inPort: BridgePort): boolean {
      if (!callIptables(br) || !isIpv4(pkt) || !nf.active) return true;
      // br_validate_ipv4: a header that holds together, else the frame is dropped.
      const nh = pkt.macOffset + ETH_HLEN;
      const b = pkt.buf;
      if (pkt.tail - nh < 20 || b[nh]! >>> 4 !== 4 || (b[nh]! & 0x0f) < 5) return true;
      pkt.networkOffset = nh;
      pkt.transportOffset = nh + (b[nh]! & 0x0f) * 4;
      const before = readDst(pkt);
      if (!nf.hook(NfInetHook.PRE_ROUTING, pkt, br, null)) return false;
      // skb->nf_bridge: the frame passed PRE_ROUTING at this bridge (marked on the packet itself).
      nf.markBridged(pkt, br);
      const after = readDst(pkt);
      if (after === before) return true;
      return preRoutingFinishDnat(ns, br, pkt, after, inPort, bridgedDnat);
    },

    /** br_nf_pre_routing_finish_bridge_slow: the neighbour answered; forward as received. */
    devXmit(br: Bridge, pkt: Packet): boolean {
      const pending = bridgedDnat.get(pkt);
      if (pending === undefined) return false;
      bridgedDnat.delete(pkt);
      pkt.macOffset = pkt.head;
      pkt.buf.set(pending.src, pkt.head + 6);
      pkt.dev = pending.port.dev;
      pkt.pktType = PacketType.HOST;
      pkt.head = pkt.macOffset + ETH_HLEN;
      br.handleFrameFinish(pending.port, pkt);
      return true;
    },

    forward(br: Bridge, pkt: Packet): boolean {
      if (pkt.nfBridge === null || !callIptables(br)) return true;
      return nf.hook(NfInetHook.FORWARD, pkt, br, br);
    },

    postRouting(br: Bridge, pkt: Packet): boolean {
      if (pkt.nfBridge === null || !callIptables(br)) return true;
      return nf.hook(NfInetHook.POST_ROUTING, pkt, null, br);
    },
  };
}

/** br_nf_pre_routing_finish after DNAT: stay bridged towards a neighbour on the bridge, else go up. */
function preRoutingFinishDnat(
  ns: Namespace,
  br: Bridge,
  pkt: Packet,
  dst: number,
  inPort: BridgePort,
  bridgedDnat: WeakMap<Packet, { port: BridgePort; src: Uint8Array }>,
): boolean {
  const b = pkt.buf;
  const nh = pkt.networkOffset;
  const src = ((b[nh + 12]! << 24) | (b[nh + 13]! << 16) | (b[nh + 14]! << 8) | b[nh + 15]!) >>> 0;
  const rt = ns.ip.routeInput(pkt, dst, src, b[nh + 1]!, br);
  // With forwarding off the input route is an unreachable one through lo (6.x returns it
  // without an error), so the frame goes up and ip_error drops it, as the kernel does.
  const viaBridge = typeof rt !== "string" && rt.input === "forward" && rt.dev === br;
  if (!viaBridge) {
    // Up to the bridge's own stack: ours, or to be routed.
    writeMac(b, pkt.macOffset, br.mac);
    pkt.pktType = PacketType.HOST;
    return true;
  }
  // br_nf_pre_routing_finish_bridge: the neighbour's address, then on through the bridge.
  const nexthop = typeof rt !== "string" && rt.gateway !== 0 ? rt.gateway : dst;
  const neigh = ns.neigh.lookupOrCreate(nexthop, br as NetDevice);
  if (neigh.valid) {
    writeMac(b, pkt.macOffset, neigh.lladdr);
    return true;
  }
  // Unresolved: the neighbour queues the packet; br_dev_xmit hands it back (devXmit) once the
  // address is known, and it is forwarded as the frame it was, source MAC and all.
  bridgedDnat.set(pkt, { port: inPort, src: pkt.buf.slice(pkt.macOffset + 6, pkt.macOffset + 12) });
  pkt.head = pkt.networkOffset;
  pkt.dev = br;
  pkt.dst = typeof rt !== "string" ? (rt as Rtable) : null;
  ns.neigh.output(neigh, pkt);
  return false;
}
