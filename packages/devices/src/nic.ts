/**
 * A physical Ethernet NIC attached to a Link (link.ts): single tx queue, default qdisc
 * pfifo_fast (so txqueuelen frames wait and the next one is tail-dropped), a burned-in MAC
 * (52:54:00:xx:xx:xx, as QEMU's virtio NICs have), carrier from the link.
 *
 * The driver pads short frames to ETH_ZLEN (60 bytes) before they go on the wire, as real
 * drivers do (eth_skb_pad): a capture on the sender shows the frame as the stack built it
 * (the tap runs in dev_hard_start_xmit, before the driver), a capture on the receiver shows
 * the padded 60 bytes, as tcpdump on two real hosts does; tx_bytes counts the unpadded length,
 * rx_bytes the padded one. The FCS is stripped by the receiving NIC and never seen.
 *
 * While a frame is being serialised the driver's queue is stopped (netif_stop_queue) and
 * frames wait in the qdisc; the tx-complete interrupt wakes it (netif_wake_queue).
 * The hardware address filter drops unicast frames for other MACs unless promiscuous.
 */
import {
  ChecksumMode,
  DropReason,
  IpProtocol,
  IpSummed,
  Ipv4Packet,
  Packet,
  type Simulation,
  TcpPacket,
  Timer,
  UdpPacket,
  type MacAddr,
  isMulticastMac,
  readMac,
} from "@pktsim/core";
import { AddrAssignType, NetDevice } from "./netdevice";
import { ETH_ZLEN, type Link } from "./link";

/**
 * Checksum offload (NETIF_F_HW_CSUM): the hardware finishes a CHECKSUM_PARTIAL transport
 * checksum, so the wire (and the receiver) sees a full one.
 */
function completeChecksum(frame: Uint8Array, length: number): void {
  if (length < 34 || ((frame[12]! << 8) | frame[13]!) !== 0x0800) return;
  const ip = new Ipv4Packet(frame, 14, length - 14);
  if (ip.checkLen() !== 0) return;
  const l4 = ip.payloadOffset;
  const l4len = ip.totalLen - ip.headerLen;
  if (ip.protocol === IpProtocol.Udp) new UdpPacket(frame, l4, l4len).fillChecksum(ip.src, ip.dst, ChecksumMode.Full);
  else if (ip.protocol === IpProtocol.Tcp) new TcpPacket(frame, l4, l4len).fillChecksum(ip.src, ip.dst, ChecksumMode.Full);
}

/** A NIC's permanent address: QEMU's OUI 52:54:00 and three bytes from the seed. */
function burnedInMac(sim: Simulation): MacAddr {
  return 0x525400 * 0x1000000 + sim.rng.int(0, 0xffffff);
}

export class Nic extends NetDevice {
  readonly kind = "nic";
  link: Link | null = null;
  /** The tx-complete interrupt of the frame on the wire. */
  private readonly txDone: Timer;

  constructor(sim: Simulation, name: string, mac?: MacAddr) {
    super(sim, name, mac ?? burnedInMac(sim), AddrAssignType.PERM);
    // The driver's probe: netif_carrier_off on a new device counts as a carrier change.
    this.carrier = false;
    this.carrierChanges = 1;
    this.txDone = new Timer(sim.scheduler, () => this.netifWakeQueue(), "nic tx done");
    // Probed without carrier (netif_carrier_off in the driver's probe): DOWN until it has one.
    this.linkwatch();
  }

  protected override get defaultQdisc(): string {
    return "pfifo_fast";
  }

  /** Plugs the NIC into `link` (unplugging it from any other first). */
  attach(link: Link): void {
    if (this.link === link) return;
    this.detach();
    link.attachEnd(this);
    this.link = link;
  }

  /** Unplugs the NIC: it loses carrier. */
  detach(): void {
    const link = this.link;
    if (link === null) return;
    this.link = null;
    link.detachEnd(this);
    this.setCarrier(false);
  }

  /** ndo_open/ndo_stop: the PHY comes up or goes down; carrier (ours and a cable peer's) follows. */
  protected override opened(up: boolean): void {
    if (!up) {
      this.txDone.del();
      this.txQueueStopped = false;
    }
    if (this.link !== null) this.link.updateCarrier();
    else this.setCarrier(false);
  }

  protected startXmit(pkt: Packet): void {
    const link = this.link;
    if (link === null || !this.carrier) {
      this.stats.txCarrierErrors++;
      this.dropTx(pkt, DropReason.XMIT_NO_CARRIER);
      return;
    }
    this.countTx(pkt);
    // eth_skb_pad: only the bytes cross the wire, padded to the minimum frame.
    const data = pkt.data();
    const frame = new Uint8Array(Math.max(data.length, ETH_ZLEN));
    frame.set(data);
    if (pkt.ipSummed === IpSummed.PARTIAL) completeChecksum(frame, data.length);
    const done = link.transmit(this, frame, pkt.id);
    if (done > this.sim.now) {
      this.txQueueStopped = true;
      this.txDone.mod(done);
    }
  }

  /** A frame's last bit arrived from the link (`lost`: it failed the FCS check). */
  linkReceive(frame: Uint8Array, lost: boolean, id: number): void {
    // A NIC that is down has its receiver off: nothing is seen or counted.
    if (!this.adminUp) return;
    if (lost) {
      this.stats.rxErrors++;
      this.stats.rxCrcErrors++;
      const pkt = Packet.from(frame);
      pkt.id = id;
      this.sim.reportDrop(pkt, "nic_rx_fcs", DropReason.NOT_SPECIFIED, this);
      return;
    }
    // The hardware unicast filter.
    const dst = readMac(frame, 0);
    if (!isMulticastMac(dst) && dst !== this.mac && this.promiscuity === 0) return;
    const pkt = Packet.from(frame);
    pkt.id = id;
    this.receive(pkt);
  }
}
