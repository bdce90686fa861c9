/**
 * A veth pair (drivers/net/veth.c): two Ethernet devices where what one sends the other
 * receives. Either end can move to another namespace. An end has carrier only while its
 * peer is up; both ends get random locally administered MACs from the simulation's seed.
 *
 * Model: delivery to the peer is an event `transferDelay` ns later (default 10 µs, the order
 * of a softirq backlog pass on a real machine), so rtt is small but not zero.
 */
import { type Packet, type Simulation, DropReason } from "@pktsim/core";
import { AddrAssignType, NetDevice, ETH_HLEN, NET_XMIT_DROP } from "./netdevice";

export const DEFAULT_VETH_DELAY_NS = 10_000;

export class Veth extends NetDevice {
  readonly kind = "veth";
  /** veth_newlink gives each end one tx queue per possible CPU: 2 on the reference VM. */
  override numTxQueues = 2;
  override numRxQueues = 2;
  override tsoMaxSize = 524280;
  peer!: Veth;
  /** Nanoseconds between xmit here and receive at the peer. */
  transferDelay: number = DEFAULT_VETH_DELAY_NS;

  private constructor(sim: Simulation, name: string) {
    super(sim, name, sim.rng.randomMac(), AddrAssignType.RANDOM);
    // veth_newlink: netif_carrier_off on a new device counts as a carrier change.
    this.carrier = false;
    this.carrierChanges = 1;
  }

  /** veth_newlink: creates both ends; the peer's MAC is drawn first, as the kernel registers it first. */
  static createPair(sim: Simulation, name: string, peerName: string): [Veth, Veth] {
    const peer = new Veth(sim, peerName);
    const dev = new Veth(sim, name);
    dev.peer = peer;
    peer.peer = dev;
    // linkwatch_init_dev: created without carrier, so a state is computed at once (until
    // registration gives them indexes and the deferred linkwatch computes it again).
    peer.linkwatch();
    dev.linkwatch();
    return [dev, peer];
  }

  override get iflink(): number {
    return this.peer.ifindex;
  }

  /**
   * veth_open/veth_close: carrier on both ends when both are up, off on both when one
   * closes. Linkwatch runs after both carriers changed, as the kernel's deferred work does.
   */
  protected override opened(up: boolean): void {
    const on = up && this.peer.adminUp;
    if (up && !on) return;
    const changed = [this, this.peer].filter((d) => d.carrier !== on);
    for (const d of changed) {
      d.carrier = on;
      d.carrierChanges++;
    }
    for (const d of changed) d.fireLinkwatch();
    for (const d of changed) d.onEvent?.(d, "carrier");
  }

  protected startXmit(pkt: Packet): void {
    const peer = this.peer;
    // veth_xmit → veth_forward_skb → __dev_forward_skb2: is_skb_forwardable wants the peer up
    // and the frame no bigger than its MTU; otherwise the peer counts an rx drop
    // (dev_core_stats_rx_dropped_inc), veth_xmit a tx drop (priv->dropped), and the sender gets
    // NET_XMIT_DROP (-ENOBUFS from ip_send_skb).
    if (!peer.adminUp || pkt.length > peer.mtu + ETH_HLEN) {
      this.stats.txDropped++;
      peer.stats.rxDropped++;
      this.xmitRc = NET_XMIT_DROP;
      this.sim.reportDrop(pkt, "veth_xmit", DropReason.DEV_READY, this);
      return;
    }
    this.countTx(pkt);
    // skb_scrub_packet: conntrack, the route and br_netfilter's state go; the mark goes too when
    // crossing namespaces.
    pkt.ct = null;
    pkt.ctInfo = 0;
    pkt.dst = null;
    pkt.nfBridge = null;
    if (peer.ns !== this.ns) pkt.mark = 0;
    this.sim.scheduler.callAfter(this.transferDelay, peer.receive, peer, pkt, "veth");
  }
}
