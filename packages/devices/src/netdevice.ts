/**
 * The NetDevice contract (struct net_device): identity, addresses, MTU, administrative and
 * operational state, flags, counters, the receive path hooks and the capture taps. Concrete
 * devices (loopback, veth, bridge, NIC) implement `startXmit`.
 *
 * A device knows its namespace only through the small `DeviceNamespace` interface, as the
 * devices package sits below the stack.
 */
import { type DeviceRef, type MacAddr, MAC_BROADCAST, type Packet, PacketType, type Simulation, DropReason } from "@pktsim/core";
import { readMac, isMulticastMac } from "@pktsim/core";
import { attachDefaultQdisc } from "./qdisc";

/**
 * What a device knows of its root qdisc (qdisc.ts): tc reads the rest. Frames reach a
 * queueing qdisc through the device's `egress` hook; noqueue leaves that hook empty.
 */
export interface RootQdisc {
  readonly kind: string;
  /** The handle's major number in the top 16 bits (0 for the default qdiscs). */
  readonly handle: number;
  /** qdisc_run: dequeue and hand frames to the driver while its queue is awake. */
  run(): void;
  /** qdisc_reset (dev_deactivate): drop what is queued, stop timers. */
  reset(): void;
  /** qdisc_put: the qdisc is gone. */
  destroy(): void;
}

/** What a device needs of the namespace it lives in. */
export interface DeviceNamespace {
  readonly name: string;
  deviceByIndex(ifindex: number): NetDevice | undefined;
}

/** RFC 2863 operational states, as `ip link` prints them (IF_OPER_*). */
export const OperState = {
  UNKNOWN: "UNKNOWN",
  NOTPRESENT: "NOTPRESENT",
  DOWN: "DOWN",
  LOWERLAYERDOWN: "LOWERLAYERDOWN",
  TESTING: "TESTING",
  DORMANT: "DORMANT",
  UP: "UP",
} as const;
export type OperState = (typeof OperState)[keyof typeof OperState];

/** net_device_flags (include/uapi/linux/if.h). */
export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  DEBUG: 0x4,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  NOTRAILERS: 0x20,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  ALLMULTI: 0x200,
  MASTER: 0x400,
  SLAVE: 0x800,
  MULTICAST: 0x1000,
  PORTSEL: 0x2000,
  AUTOMEDIA: 0x4000,
  DYNAMIC: 0x8000,
  LOWER_UP: 0x10000,
  DORMANT: 0x20000,
  ECHO: 0x40000,
} as const;

/** dev->addr_assign_type (NET_ADDR_*). */
export const AddrAssignType = { PERM: 0, RANDOM: 1, STOLEN: 2, SET: 3 } as const;
export type AddrAssignType = (typeof AddrAssignType)[keyof typeof AddrAssignType];

/** struct rtnl_link_stats64, the counters `ip -s link` and ifconfig print. */
export class DeviceStats {
  rxPackets = 0;
  txPackets = 0;
  rxBytes = 0;
  txBytes = 0;
  rxErrors = 0;
  txErrors = 0;
  rxDropped = 0;
  txDropped = 0;
  multicast = 0;
  collisions = 0;
  rxLengthErrors = 0;
  rxOverErrors = 0;
  rxCrcErrors = 0;
  rxFrameErrors = 0;
  rxFifoErrors = 0;
  rxMissedErrors = 0;
  txAbortedErrors = 0;
  txCarrierErrors = 0;
  txFifoErrors = 0;
  txHeartbeatErrors = 0;
  txWindowErrors = 0;
  rxNohandler = 0;
}

/** Events a device reports to whoever manages it (the namespace's stack). */
/** dev_queue_xmit's return codes (include/linux/netdevice.h) as NetDevice.xmitRc holds them. */
export const NET_XMIT_SUCCESS = 0;
export const NET_XMIT_DROP = 1;

export type DeviceEvent = "up" | "down" | "change" | "carrier" | "mtu" | "address" | "name" | "unregister";

export type CaptureDirection = "rx" | "tx";
/** A capture point (what tcpdump -i DEV sees): received frames before any handler, sent frames at xmit. */
export type CaptureTap = (pkt: Packet, direction: CaptureDirection, dev: NetDevice) => void;

/** What an rx_handler did with a frame (rx_handler_result_t). */
export const RxHandlerResult = { CONSUMED: 0, ANOTHER: 1, EXACT: 2, PASS: 3 } as const;
export type RxHandlerResult = (typeof RxHandlerResult)[keyof typeof RxHandlerResult];

export type RxHandler = (pkt: Packet) => RxHandlerResult;

export const ETH_HLEN = 14;
export const ETH_MIN_MTU = 68;
export const ETH_MAX_MTU = 0xffff;

export abstract class NetDevice implements DeviceRef {
  readonly sim: Simulation;
  abstract readonly kind: string;
  name: string;
  ifindex = 0;
  ns: DeviceNamespace | null = null;
  mac: MacAddr;
  broadcast: MacAddr = MAC_BROADCAST;
  addrAssignType: AddrAssignType;
  mtu = 1500;
  minMtu: number = ETH_MIN_MTU;
  maxMtu: number = ETH_MAX_MTU;
  txqueuelen = 1000;
  /** Static flags of the device type (IFF_BROADCAST|IFF_MULTICAST, IFF_LOOPBACK, IFF_NOARP…). */
  baseFlags: number = IFF.BROADCAST | IFF.MULTICAST;
  /** IFF_UP: administratively up. */
  adminUp = false;
  /** netif_carrier_ok(). */
  carrier = true;
  /** dev->promiscuity / dev->allmulti: how many holders (the user, a bridge) want them. */
  promiscuity = 0;
  allmulti = 0;
  /** dev->gflags: the IFF_PROMISC / IFF_ALLMULTI the user set (what `ip link` shows). */
  gflags = 0;
  /** IFLA_IFALIAS (`ip link set DEV alias NAME`). */
  ifalias: string | null = null;
  /** IFLA_GROUP (0: "default"). */
  group = 0;
  /** dev->gso_max_size / gso_max_segs / gro_max_size (`ip -d link`; settable with ip link set). */
  gsoMaxSize = 65536;
  gsoMaxSegs = 65535;
  groMaxSize = 65536;
  /** carrier_up_count + carrier_down_count: IFLA_CARRIER_CHANGES (`ip -s -s link`'s transns). */
  carrierChanges = 0;
  /** The bridge (or other master) this device is enslaved to. */
  master: NetDevice | null = null;
  /** Set by an upper device (the bridge) to take frames before the protocol stack. */
  rxHandler: RxHandler | null = null;
  /** The namespace's protocol dispatch (__netif_receive_skb's deliver to ptype handlers). */
  protocolRx: ((pkt: Packet) => void) | null = null;
  /** Who manages this device is told of state changes here. */
  onEvent: ((dev: NetDevice, event: DeviceEvent) => void) | null = null;
  readonly stats: DeviceStats = new DeviceStats();
  private readonly taps: CaptureTap[] = [];
  /** When set, a frame goes through this before being sent (netem, NIC queues). */
  egress: ((pkt: Packet, send: (pkt: Packet) => void) => void) | null = null;

  constructor(sim: Simulation, name: string, mac: MacAddr, addrAssignType: AddrAssignType) {
    this.sim = sim;
    this.name = name;
    this.mac = mac;
    this.addrAssignType = addrAssignType;
  }

  /** IFF_* flags as dev_get_flags() reports them (RUNNING/LOWER_UP derived from state). */
  get flags(): number {
    let flags = this.baseFlags;
    if (this.adminUp) {
      flags |= IFF.UP;
      const oper = this.operState;
      if (oper === OperState.UP || oper === OperState.UNKNOWN) flags |= IFF.RUNNING;
      if (this.carrier) flags |= IFF.LOWER_UP;
    }
    // dev_get_flags: PROMISC and ALLMULTI as the user set them (gflags), not the counts.
    flags |= this.gflags & (IFF.PROMISC | IFF.ALLMULTI);
    // IFF_SLAVE is bonding's: a bridge port does not show it (a master link is IFLA_MASTER).
    return flags;
  }

  get isUp(): boolean {
    return this.adminUp;
  }

  /** netif_running() && netif_carrier_ok(): the device can carry traffic. */
  get isRunning(): boolean {
    return this.adminUp && this.carrier;
  }

  /** The device this one is linked to (dev_get_iflink): its own ifindex unless overridden. */
  get iflink(): number {
    return this.ifindex;
  }

  /**
   * dev->operstate as linkwatch last computed it. The kernel recomputes it only on carrier
   * events (and when a device is first registered without carrier), so it can be stale.
   */
  private storedOperState: OperState = OperState.UNKNOWN;

  /** What `ip link` shows: the stored state while running, DOWN otherwise (rtnl_fill_ifinfo). */
  get operState(): OperState {
    return this.adminUp ? this.storedOperState : OperState.DOWN;
  }

  /** linkwatch_do_dev → rfc2863_policy: recompute the stored operational state now. */
  linkwatch(): void {
    this.linkwatchPending = false;
    this.storedOperState = this.defaultOperState();
  }

  private linkwatchPending = false;

  /**
   * linkwatch_fire_event: the state is recomputed by deferred work, once whatever changed
   * the carrier has finished (a namespace move, both ends of a veth pair).
   */
  fireLinkwatch(): void {
    if (this.linkwatchPending) return;
    this.linkwatchPending = true;
    this.sim.scheduler.schedule(0, () => {
      if (this.linkwatchPending) this.linkwatch();
    }, "linkwatch");
  }

  /** default_operstate (net/core/link_watch.c). */
  protected defaultOperState(): OperState {
    if (!this.carrier) {
      const iflink = this.iflink;
      if (iflink === this.ifindex) return OperState.DOWN;
      // The peer is looked up by index in this device's own namespace, as the kernel does.
      const peer = this.ns?.deviceByIndex(iflink);
      if (peer === undefined) return OperState.DOWN;
      return peer.carrier ? OperState.DOWN : OperState.LOWERLAYERDOWN;
    }
    return OperState.UP;
  }

  /** dev->qdisc: the root qdisc (qdisc.ts), or null for noop_qdisc (never opened, or shut down). */
  txQdisc: RootQdisc | null = null;
  /** dev->num_tx_queues: a grafted root qdisc is attached to each (its refcnt shows it). */
  numTxQueues = 1;
  /** dev->num_rx_queues (`ip -d link`). */
  numRxQueues = 1;
  /** dev->tso_max_size (`ip -d link`): GSO_LEGACY_MAX_SIZE unless the driver raises it. */
  tsoMaxSize = 65536;
  /** netif_xmit_stopped: the driver cannot take a frame now (a NIC busy on the wire). */
  txQueueStopped = false;
  /**
   * What the last dev_queue_xmit of a frame on this device returned: NET_XMIT_SUCCESS (0), or
   * NET_XMIT_DROP (1) when the driver dropped it. ip_finish_output2 clears it before handing a
   * packet to the neighbour and reads it after (a number field, so the hot path allocates nothing).
   */
  xmitRc = 0;

  /** A root qdisc is attached: the device was opened and not shut down since (dev_activate). */
  get everOpened(): boolean {
    return this.txQdisc !== null;
  }
  set everOpened(attached: boolean) {
    if (!attached) this.devShutdown();
  }

  /** The qdisc ip link prints: noop until the device is first opened, then its root qdisc. */
  get qdisc(): string {
    return this.txQdisc?.kind ?? "noop";
  }

  /** noqueue for virtual devices (IFF_NO_QUEUE), pfifo_fast/mq for real NICs. */
  protected get defaultQdisc(): string {
    return "noqueue";
  }

  /** dev_activate (sch_generic.c): a device left with noop_qdisc gets its default qdisc. */
  devActivate(): void {
    if (this.txQdisc === null) attachDefaultQdisc(this, this.defaultQdisc);
  }

  /** dev_shutdown (sch_generic.c): the qdiscs are destroyed and noop_qdisc takes their place. */
  devShutdown(): void {
    const q = this.txQdisc;
    if (q === null) return;
    this.txQdisc = null;
    this.egress = null;
    q.destroy();
  }

  /** netif_tx_wake_queue: the driver can take frames again, so the qdisc runs (__netif_schedule). */
  netifWakeQueue(): void {
    this.txQueueStopped = false;
    if (this.adminUp) this.txQdisc?.run();
  }

  /** sch_direct_xmit: the root qdisc hands a dequeued frame to the driver. */
  qdiscXmit(pkt: Packet): void {
    this.hardStartXmit(pkt);
  }

  addTap(tap: CaptureTap): () => void {
    this.taps.push(tap);
    return () => {
      const i = this.taps.indexOf(tap);
      if (i >= 0) this.taps.splice(i, 1);
    };
  }

  protected runTaps(pkt: Packet, direction: CaptureDirection): void {
    for (const tap of this.taps) tap(pkt, direction, this);
  }

  /** Taps and the simulation-wide capture see a frame (for devices with their own receive path). */
  protected captured(pkt: Packet, direction: CaptureDirection): void {
    if (this.taps.length > 0) this.runTaps(pkt, direction);
    if (this.sim.capture !== null) this.sim.capture(this, pkt, direction);
  }

  /** dev_open / dev_close. */
  setAdminUp(up: boolean): void {
    if (up === this.adminUp) return;
    this.adminUp = up;
    // dev_activate attaches the default qdisc on first open; dev_deactivate purges the queue.
    if (up) this.devActivate();
    else this.txQdisc?.reset();
    this.opened(up);
    this.onEvent?.(this, up ? "up" : "down");
  }

  /** dev_set_promiscuity: a holder (the user's gflag, a bridge port) adds or drops one. */
  setPromiscuity(inc: number): void {
    this.promiscuity = Math.max(0, this.promiscuity + inc);
  }

  /** __dev_set_allmulti. */
  setAllmulti(inc: number): void {
    this.allmulti = Math.max(0, this.allmulti + inc);
  }

  /** Hook for a device type to react to being opened or closed (veth propagates carrier). */
  protected opened(_up: boolean): void {}

  /** netif_carrier_on / netif_carrier_off. */
  setCarrier(on: boolean): void {
    if (on === this.carrier) return;
    this.carrier = on;
    this.carrierChanges++;
    this.fireLinkwatch();
    this.onEvent?.(this, "carrier");
  }

  setMtu(mtu: number): void {
    if (mtu === this.mtu) return;
    this.mtu = mtu;
    this.onEvent?.(this, "mtu");
  }

  setMac(mac: MacAddr, assign: AddrAssignType = AddrAssignType.SET): void {
    this.mac = mac;
    this.addrAssignType = assign;
    this.onEvent?.(this, "address");
  }

  /**
   * dev_queue_xmit: the stack hands a complete frame (data starts at the Ethernet header).
   * A device that is down or has no carrier drops it.
   */
  xmit(pkt: Packet): void {
    if (!this.adminUp) {
      this.dropTx(pkt, DropReason.DEV_READY);
      return;
    }
    if (!this.carrier) {
      this.dropTx(pkt, DropReason.XMIT_NO_CARRIER);
      return;
    }
    if (this.egress !== null) this.egress(pkt, (p) => this.hardStartXmit(p));
    else this.hardStartXmit(pkt);
  }

  /** dev_hard_start_xmit: the capture tap sees the frame, then the driver sends it. */
  protected hardStartXmit(pkt: Packet): void {
    pkt.dev = this;
    if (this.taps.length > 0) this.runTaps(pkt, "tx");
    if (this.sim.capture !== null) this.sim.capture(this, pkt, "tx");
    this.startXmit(pkt);
  }

  /** The driver's ndo_start_xmit. Counts tx itself (drivers do). */
  protected abstract startXmit(pkt: Packet): void;

  protected dropTx(pkt: Packet, reason: DropReason): void {
    this.stats.txDropped++;
    this.sim.reportDrop(pkt, "dev_queue_xmit", reason, this);
  }

  /**
   * netif_receive_skb for a frame arriving on this device: set pkt_type from the destination
   * MAC (eth_type_trans), count, show it to capture taps, give it to the rx_handler (a bridge
   * port) or to the namespace's protocol handlers.
   */
  receive(pkt: Packet): void {
    if (!this.adminUp) {
      this.stats.rxDropped++;
      this.sim.reportDrop(pkt, "netif_receive_skb", DropReason.DEV_READY, this);
      return;
    }
    const len = pkt.length;
    if (len < ETH_HLEN) {
      this.stats.rxErrors++;
      this.stats.rxLengthErrors++;
      this.sim.reportDrop(pkt, "eth_type_trans", DropReason.PKT_TOO_SMALL, this);
      return;
    }
    this.ethTypeTrans(pkt);
    this.stats.rxPackets++;
    this.stats.rxBytes += len;
    if (pkt.pktType === PacketType.MULTICAST || pkt.pktType === PacketType.BROADCAST) {
      if (pkt.pktType === PacketType.MULTICAST) this.stats.multicast++;
    }
    if (this.taps.length > 0) this.runTaps(pkt, "rx");
    if (this.sim.capture !== null) this.sim.capture(this, pkt, "rx");
    this.deliver(pkt);
  }

  /** __netif_receive_skb_core after the taps: rx_handler first, then the protocol handlers. */
  deliver(pkt: Packet): void {
    pkt.dev = this;
    if (this.rxHandler !== null) {
      const result = this.rxHandler(pkt);
      if (result === RxHandlerResult.CONSUMED) return;
    }
    if (this.protocolRx !== null) {
      this.protocolRx(pkt);
    } else {
      this.stats.rxDropped++;
      this.sim.reportDrop(pkt, "__netif_receive_skb_core", DropReason.UNHANDLED_PROTO, this);
    }
  }

  /** eth_type_trans: classify by destination MAC, note the L2 header, read the ethertype. */
  protected ethTypeTrans(pkt: Packet): void {
    const buf = pkt.buf;
    const off = pkt.head;
    pkt.macOffset = off;
    pkt.inDev = this;
    const dst = readMac(buf, off);
    if (isMulticastMac(dst)) {
      pkt.pktType = dst === MAC_BROADCAST ? PacketType.BROADCAST : PacketType.MULTICAST;
    } else {
      pkt.pktType = dst === this.mac ? PacketType.HOST : PacketType.OTHERHOST;
    }
    pkt.protocol = (buf[off + 12]! << 8) | buf[off + 13]!;
  }

  /** Counts a frame the driver sent. */
  protected countTx(pkt: Packet): void {
    this.stats.txPackets++;
    this.stats.txBytes += pkt.length;
  }
}
