/**
 * The loopback device (drivers/net/loopback.c): every namespace has one, ifindex 1, named
 * `lo`, MTU 65536, no ARP, and it cannot move to another namespace. What it sends it
 * receives, in the same softirq pass.
 */
import { type Packet, type Simulation, PacketType, MAC_ZERO } from "@pktsim/core";
import { AddrAssignType, IFF, NetDevice } from "./netdevice";

export class Loopback extends NetDevice {
  readonly kind = "loopback";

  constructor(sim: Simulation) {
    super(sim, "lo", MAC_ZERO, AddrAssignType.PERM);
    this.baseFlags = IFF.LOOPBACK;
    this.mtu = 65536;
    this.minMtu = 0;
    this.maxMtu = 0;
    this.broadcast = MAC_ZERO;
  }

  /** Loopback never runs linkwatch: its state stays UNKNOWN. */
  override linkwatch(): void {}

  protected startXmit(pkt: Packet): void {
    this.countTx(pkt);
    // loopback_xmit → netif_rx: counted as received too, delivered as PACKET_LOOPBACK... the
    // receive path sees pkt_type HOST after eth_type_trans since the MAC is all zeroes.
    this.stats.rxPackets++;
    this.stats.rxBytes += pkt.length;
    this.sim.scheduler.schedule(0, () => {
      pkt.macOffset = pkt.head;
      pkt.inDev = this;
      pkt.pktType = PacketType.HOST;
      pkt.protocol = (pkt.buf[pkt.head + 12]! << 8) | pkt.buf[pkt.head + 13]!;
      if (this.tapped) this.runTaps(pkt, "rx");
      this.deliver(pkt);
    }, "lo rx");
  }
}
