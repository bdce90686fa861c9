/**
 * The loopback device (drivers/net/loopback.c): every namespace has one, ifindex 1, named
 * `lo`, MTU 65536, no ARP, and it cannot move to another namespace. What it sends it
 * receives, in the same softirq pass.
 */
import { type Packet, type Simulation, PacketType, MAC_ZERO } from "@pktsim/core";
import { AddrAssignType, IFF, NetDevice } from "./netdevice";

/** From loopback_xmit to the receive softirq (the same order as a veth hop). */
export const LOOPBACK_DELAY_NS = 10_000;

export class Loopback extends NetDevice {
  readonly kind = "loopback";

  constructor(sim: Simulation) {
    super(sim, "lo", MAC_ZERO, AddrAssignType.PERM);
    this.baseFlags = IFF.LOOPBACK;
    this.mtu = 65536;
    this.minMtu = 0;
    this.maxMtu = 0;
    this.tsoMaxSize = 524280;
    this.broadcast = MAC_ZERO;
  }

  /** Loopback never runs linkwatch: its state stays UNKNOWN. */
  override linkwatch(): void {}

  protected startXmit(pkt: Packet): void {
    // loopback_xmit counts after eth_type_trans pulled the Ethernet header, on both sides.
    const len = pkt.length - 14;
    this.stats.txPackets++;
    this.stats.txBytes += len;
    this.stats.rxPackets++;
    this.stats.rxBytes += len;
    this.sim.scheduler.callAfter(LOOPBACK_DELAY_NS, this.netifRx, this, pkt, "lo rx");
  }

  /** netif_rx of what loopback_xmit sent, after the delay. */
  private netifRx(pkt: Packet): void {
    pkt.macOffset = pkt.head;
    pkt.inDev = this;
    pkt.pktType = PacketType.HOST;
    pkt.protocol = (pkt.buf[pkt.head + 12]! << 8) | pkt.buf[pkt.head + 13]!;
    this.captured(pkt, "rx");
    this.deliver(pkt);
  }
}
