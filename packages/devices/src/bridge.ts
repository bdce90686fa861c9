/**
 * The Linux bridge (net/bridge/): a device over its port devices. A frame received on a port
 * (br_handle_frame) teaches the FDB where its source lives, then goes to the port the FDB
 * names for its destination (br_forward), to every other forwarding port when the
 * destination is unknown, broadcast or multicast (br_flood), and up the bridge device's own
 * stack when it is for the bridge (its MAC, a port's MAC, broadcast, multicast, or anything
 * while the bridge is promiscuous). What the bridge's stack sends (br_dev_xmit) takes the
 * same forward/flood decision. Frames are forwarded byte for byte; IP forwarding settings
 * do not matter.
 *
 * Kernel behaviour reproduced: the bridge MAC is the numerically lowest port MAC unless set
 * (br_stp_recalculate_bridge_id); each port's MAC is a local permanent FDB entry; with STP
 * off a port forwards as soon as it is up with carrier and the bridge is up, and is
 * `disabled` otherwise; the bridge has carrier while one port forwards
 * (br_port_state_selection); dynamic entries age out `ageing_time` after their last frame,
 * checked by a gc timer rescheduled to the next expiry (br_fdb_cleanup); a port that goes
 * down loses its dynamic entries; a frame never leaves through its ingress port unless that
 * port is in hairpin mode; flooding walks the ports newest first (list_add_rcu).
 *
 * Model limits: no STP (a loop storms, as in Linux with STP off; a storm is detected and
 * reported, see BroadcastStormError), no VLAN filtering, no IGMP/MLD snooping database (all
 * multicast is flooded, as with snooping on and no querier), no proxy ARP or neighbour
 * suppression, no backup ports. br_netfilter is a hook point (`hooks`), not modelled here.
 */
import {
  type MacAddr,
  type Nanos,
  type Packet,
  type Simulation,
  DropReason,
  MAC_BROADCAST,
  PacketType,
  SimulationLimitError,
  Timer,
  isMulticastMac,
  readMac,
} from "@pktsim/core";
import { type Fdb, type FdbEntry, FdbFlag, fdbCleanup, fdbFlush, fdbUpdate } from "./fdb";
import { FastFdb } from "./fdb-fast";
import { AddrAssignType, ETH_HLEN, NetDevice, OperState, RxHandlerResult, type DeviceEvent } from "./netdevice";

/** BR_STATE_* (include/uapi/linux/if_bridge.h). */
export const BrPortState = { DISABLED: 0, LISTENING: 1, LEARNING: 2, FORWARDING: 3, BLOCKING: 4 } as const;
export type BrPortState = (typeof BrPortState)[keyof typeof BrPortState];
/** The names `bridge link` and brctl print for a port state (br_port_state_names). */
export const BR_PORT_STATE_NAMES: readonly string[] = ["disabled", "listening", "learning", "forwarding", "blocking"];

/** Port flag bits (BR_* in include/linux/if_bridge.h). */
export const BrPortFlag = {
  HAIRPIN_MODE: 0x1,
  BPDU_GUARD: 0x2,
  ROOT_BLOCK: 0x4,
  MULTICAST_FAST_LEAVE: 0x8,
  ADMIN_COST: 0x10,
  LEARNING: 0x20,
  FLOOD: 0x40,
  PROXYARP: 0x100,
  PROXYARP_WIFI: 0x400,
  MCAST_FLOOD: 0x800,
  MULTICAST_TO_UNICAST: 0x1000,
  VLAN_TUNNEL: 0x2000,
  BCAST_FLOOD: 0x4000,
  NEIGH_SUPPRESS: 0x8000,
  ISOLATED: 0x10000,
  PORT_LOCKED: 0x200000,
} as const;

/** BR_MAX_PORTS: port numbers are 10 bits (BR_PORT_BITS). */
export const BR_MAX_PORTS: number = 1024;
const NS_PER_CS = 10_000_000;

/** br_pkt_type: how a frame is addressed, which decides flooding. */
const BrPkt = { UNICAST: 0, MULTICAST: 1, BROADCAST: 2 } as const;
type BrPkt = (typeof BrPkt)[keyof typeof BrPkt];

/**
 * Where br_netfilter (or any bridge-level filter) plugs in: NF_BR_PRE_ROUTING before the FDB
 * decision, NF_BR_LOCAL_IN before a frame goes up the bridge's stack, NF_BR_FORWARD and
 * NF_BR_POST_ROUTING before a frame leaves through a port. A hook returns true to let the
 * frame go on (NF_ACCEPT) and false when it took or dropped it (it reports its own drop).
 * It may rewrite the frame in place (DNAT by br_netfilter). Nothing is set by default.
 */
export interface BridgeHooks {
  preRouting?(br: Bridge, pkt: Packet, inPort: BridgePort): boolean;
  localIn?(br: Bridge, pkt: Packet, inPort: BridgePort): boolean;
  forward?(br: Bridge, pkt: Packet, inPort: BridgePort | null, outPort: BridgePort): boolean;
  postRouting?(br: Bridge, pkt: Packet, outPort: BridgePort): boolean;
  /**
   * br_dev_xmit's first question: a frame br_netfilter DNATed and sent through a neighbour
   * lookup continues as bridged forwarding (bridged_dnat). True when the hook took the frame.
   */
  devXmit?(br: Bridge, pkt: Packet): boolean;
}

/** A bridge operation the kernel refuses: errno as a number, and the extack message if any. */
export class BridgeError extends Error {
  readonly errno: number;
  readonly extack: string | undefined;
  constructor(errno: number, extack?: string) {
    super(extack ?? `errno ${errno}`);
    this.name = "BridgeError";
    this.errno = errno;
    this.extack = extack;
  }
}

/**
 * A broadcast storm: with STP off, a loop of bridges makes flooded frames circulate (and, with
 * more than two ports in the loop, multiply) forever, in Linux too. The bridge stops the
 * simulation when one frame comes back to it to be flooded again more than `loopThreshold`
 * times (in a loop-free topology a frame reaches each bridge once), or when it floods more
 * than `stormThreshold` frames within one millisecond of virtual time. The error names the
 * bridge and the ports the frames came in on.
 */
export class BroadcastStormError extends SimulationLimitError {
  readonly bridge: string;
  readonly namespace: string;
  /** Ingress ports of the frames that gave it away, busiest first, with counts. */
  readonly ports: ReadonlyArray<readonly [string, number]>;
  constructor(br: Bridge, at: Nanos, what: string, ports: ReadonlyArray<readonly [string, number]>) {
    const where = br.ns === null || br.ns.name === "" ? "" : ` in netns ${br.ns.name}`;
    const list = ports.map(([name, n]) => `${name} (${n})`).join(", ");
    super(
      "events",
      at,
      `broadcast storm detected on bridge ${br.name}${where} at t=${(at / 1e9).toFixed(6)}s: ${what}, ` +
        `arriving on ports ${list}; STP is off, so a loop of bridges storms (as in Linux)`,
      ports,
    );
    this.name = "BroadcastStormError";
    this.bridge = br.name;
    this.namespace = br.ns?.name ?? "";
    this.ports = ports;
  }
}

/** struct net_bridge_port. */
export class BridgePort {
  readonly br: Bridge;
  readonly dev: NetDevice;
  readonly portNo: number;
  /** Port priority (0..63), 32 by default. */
  priority = 32;
  /** STP path cost, from the link speed (port_cost). */
  pathCost: number;
  state: BrPortState = BrPortState.DISABLED;
  /** p->forward_delay_timer: armed when the port starts forwarding, even with STP off. */
  forwardDelayExpires: Nanos | undefined = undefined;
  flags: number = BrPortFlag.LEARNING | BrPortFlag.FLOOD | BrPortFlag.MCAST_FLOOD | BrPortFlag.BCAST_FLOOD;
  /** Floods this port caused in the current storm-detection window. */
  stormCount = 0;
  stormWindow = -1;

  constructor(br: Bridge, dev: NetDevice, portNo: number) {
    this.br = br;
    this.dev = dev;
    this.portNo = portNo;
    this.pathCost = portCost(dev);
  }

  /** br_make_port_id: priority in the top 6 bits, port number in the low 10. */
  get portId(): number {
    return (this.priority << 10) | this.portNo;
  }

  get hairpin(): boolean {
    return (this.flags & BrPortFlag.HAIRPIN_MODE) !== 0;
  }

  setFlag(flag: number, on: boolean): void {
    this.flags = on ? this.flags | flag : this.flags & ~flag;
  }

  /** The port's group_fwd_mask (link-local groups it forwards). */
  groupFwdMask = 0;
  /** multicast_router (MDB_RTR_TYPE_*: 1, temporary-query, by default). */
  mcastRouter = 1;
  /** The port traffic fails over to (IFLA_BRPORT_BACKUP_PORT). */
  backupPort: BridgePort | null = null;

  /** br_stp_set_path_cost: 1..65535, and the cost is now the administrator's. */
  setPathCost(cost: number): void {
    if (cost < 1 || cost > 65535) throw new BridgeError(34);
    this.flags |= BrPortFlag.ADMIN_COST;
    this.pathCost = cost;
  }

  /** br_stp_set_port_priority: 0..63 (the port id follows). */
  setPriority(priority: number): void {
    if (priority > 63) throw new BridgeError(34);
    this.priority = priority;
  }
}

/** port_cost (br_if.c): the STP path cost for the link speed in Mb/s. */
export function portCost(dev: NetDevice): number {
  const speed = (dev as { speedMbps?: number }).speedMbps ?? (dev.kind === "veth" ? 10000 : 0);
  if (speed > 10000) return 1;
  switch (speed) {
    case 10000:
      return 2;
    case 5000:
      return 3;
    case 2500:
    case 1000:
      return 4;
    case 100:
      return 19;
    default:
      return 100;
  }
}

/** Port names by count, busiest first. */
function sortPorts(counts: ReadonlyMap<string, number>): Array<readonly [string, number]> {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** netif_oper_up: the stored operational state is UP or UNKNOWN. */
function operUp(dev: NetDevice): boolean {
  const s = dev.operState;
  return dev.adminUp && (s === OperState.UP || s === OperState.UNKNOWN);
}

/** is_link_local_ether_addr: 01:80:c2:00:00:0X. */
function isLinkLocalGroup(mac: MacAddr): boolean {
  return Math.floor(mac / 16) === 0x0180c200000;
}

export interface BridgeOptions {
  /** The FDB storage (FastFdb by default; RefFdb for cross-checks). */
  fdb?: Fdb;
}

export class Bridge extends NetDevice {
  readonly kind = "bridge";
  readonly fdb: Fdb;
  /** br->port_list: newest port first (the order flooding walks). */
  private readonly portList: BridgePort[] = [];
  private readonly byNo: Array<BridgePort | undefined> = [];
  private readonly byDev = new Map<NetDevice, BridgePort>();
  /** bridge_id's MAC half; zero until the first port (8000.000000000000). */
  bridgeIdMac: MacAddr = 0;
  /** ageing_time in ns (300 s; netlink and sysfs speak centiseconds). */
  ageingTime: Nanos = 300 * 1e9;
  forwardDelay: Nanos = 15 * 1e9;
  helloTime: Nanos = 2 * 1e9;
  maxAge: Nanos = 20 * 1e9;
  /** Bridge priority (the 8000 of bridge_id). */
  priority = 0x8000;
  /** stp_state: 0, STP off (the only mode modelled). */
  readonly stpState = 0;
  mcastSnooping = 1;
  nfCallIptables = 0;
  nfCallIp6tables = 0;
  nfCallArptables = 0;
  groupFwdMask = 0;
  /**
   * The multicast-snooping tunables (IFLA_BR_MCAST_*, and the no_linklocal_learn and
   * mcast_vlan_snooping bool options) by their `ip link` names: kept and reported, not modelled.
   */
  readonly multicastOptions: Record<string, number> = {
    no_linklocal_learn: 0,
    mcast_vlan_snooping: 0,
    mcast_router: 1,
    mcast_query_use_ifaddr: 0,
    mcast_querier: 0,
    mcast_hash_elasticity: 16,
    mcast_hash_max: 4096,
    mcast_last_member_count: 2,
    mcast_startup_query_count: 2,
    mcast_last_member_interval: 100,
    mcast_membership_interval: 26000,
    mcast_querier_interval: 25500,
    mcast_query_interval: 12500,
    mcast_query_response_interval: 1000,
    mcast_startup_query_interval: 3124,
    mcast_stats_enabled: 0,
    mcast_igmp_version: 2,
    mcast_mld_version: 1,
  };
  /** BROPT_MTU_SET_BY_USER: the MTU no longer follows the ports'. */
  private mtuSetByUser = false;
  /** br_netfilter's hook points, when something is attached. */
  hooks: BridgeHooks | null = null;
  /** Flooded frames per virtual millisecond above which BroadcastStormError stops the run. */
  stormThreshold = 5000;
  /** Times one frame may come back to be flooded again before BroadcastStormError stops the run. */
  loopThreshold = 32;
  private stormWindow = -1;
  private stormCount = 0;
  /** Frames flooded recently, by packet id: how often, and through which ingress ports. */
  private readonly floodSeen = new Map<number, Map<string, number>>();
  /** br->gc_work: ages out dynamic entries while the bridge is up. */
  private readonly gc: Timer;

  constructor(sim: Simulation, name: string, options: BridgeOptions = {}) {
    super(sim, name, sim.rng.randomMac(), AddrAssignType.RANDOM);
    this.fdb = options.fdb ?? new FastFdb();
    this.gc = new Timer(sim.scheduler, () => this.fdbGc(), "br_fdb_cleanup");
    // br_dev_init → br_fdb_change_mac_address: the random address is the bridge's local entry.
    this.fdbAddLocal(null, this.mac);
  }

  // ---- ports ---------------------------------------------------------------------------

  /** Ports in port_no order. */
  ports(): BridgePort[] {
    return this.byNo.filter((p): p is BridgePort => p !== undefined);
  }

  portOf(dev: NetDevice): BridgePort | undefined {
    return this.byDev.get(dev);
  }

  portByNo(portNo: number): BridgePort | undefined {
    return this.byNo[portNo];
  }

  /** find_portno: the lowest free port number from 1. */
  private findPortNo(): number {
    for (let i = 1; i < BR_MAX_PORTS; i++) if (this.byNo[i] === undefined) return i;
    return -1;
  }

  /** br_add_if: `dev` becomes a port. Throws BridgeError with the kernel's errno. */
  addIf(dev: NetDevice): BridgePort {
    // Don't allow bridging non-ethernet like devices, or loopback.
    if (dev.kind === "loopback" || dev.mac === 0 || isMulticastMac(dev.mac)) throw new BridgeError(22);
    if (dev instanceof Bridge) throw new BridgeError(40, "Can not enslave a bridge to a bridge");
    if (dev.master !== null) throw new BridgeError(16);
    const portNo = this.findPortNo();
    if (portNo < 0) throw new BridgeError(54);
    const p = new BridgePort(this, dev, portNo);
    dev.rxHandler = (pkt) => this.handleFrame(p, pkt);
    dev.master = this;
    // br_add_if: dev_set_allmulti(dev, 1); br_manage_promisc: ports of a bridge without VLAN
    // filtering are promiscuous (a NIC then takes every unicast frame).
    dev.setAllmulti(1);
    dev.setPromiscuity(1);
    this.portList.unshift(p);
    this.byNo[portNo] = p;
    this.byDev.set(dev, p);
    this.fdbAddLocal(p, dev.mac);
    const changed = this.recalculateBridgeId();
    if (operUp(dev) && this.adminUp) this.stpEnablePort(p);
    if (changed) this.onEvent?.(this, "address");
    this.mtuAutoAdjust();
    this.setGsoLimits();
    return p;
  }

  /** br_del_if → del_nbp: the port is released and its FDB entries go. */
  delIf(dev: NetDevice): void {
    const p = this.byDev.get(dev);
    if (p === undefined) throw new BridgeError(22);
    this.stpDisablePort(p);
    dev.rxHandler = null;
    dev.master = null;
    dev.setAllmulti(-1);
    dev.setPromiscuity(-1);
    this.portList.splice(this.portList.indexOf(p), 1);
    this.byNo[p.portNo] = undefined;
    this.byDev.delete(dev);
    this.fdbDeleteByPort(p, true);
    const changed = this.recalculateBridgeId();
    if (changed) this.onEvent?.(this, "address");
    this.mtuAutoAdjust();
    this.setGsoLimits();
  }

  /** br_set_gso_limits: the smallest tso_max_size of the ports (TSO_MAX_SIZE with none). */
  private setGsoLimits(): void {
    let size = 524280;
    for (const p of this.portList) size = Math.min(size, p.dev.tsoMaxSize);
    this.tsoMaxSize = size;
  }

  /** br_device_event: what happens to a port device reaches its bridge here. */
  portEvent(dev: NetDevice, event: DeviceEvent): void {
    const p = this.byDev.get(dev);
    if (p === undefined) return;
    switch (event) {
      case "up":
        if (this.adminUp && operUp(dev)) this.stpEnablePort(p);
        break;
      case "down":
        if (this.adminUp) this.stpDisablePort(p);
        break;
      case "carrier":
        // NETDEV_CHANGE comes from linkwatch, once the port's operstate is recomputed.
        this.sim.scheduler.schedule(0, () => {
          if (this.byDev.get(dev) === p) this.portCarrierCheck(p);
        }, "br_port_carrier_check");
        break;
      case "address":
        this.fdbChangeAddr(p, dev.mac);
        if (this.recalculateBridgeId()) this.onEvent?.(this, "address");
        break;
      case "mtu":
        this.mtuAutoAdjust();
        break;
      default:
        break;
    }
  }

  /** br_port_carrier_check. */
  private portCarrierCheck(p: BridgePort): void {
    if (!this.adminUp) return;
    if (operUp(p.dev)) {
      if (p.state === BrPortState.DISABLED) this.stpEnablePort(p);
    } else if (p.state !== BrPortState.DISABLED) {
      this.stpDisablePort(p);
    }
  }

  /**
   * br_set_port_state (`bridge link set … state`, `ip link set … type bridge_slave state`):
   * only a running port with carrier may leave DISABLED; with STP off, br_port_state_selection
   * then turns a BLOCKING port straight back to FORWARDING.
   */
  setPortState(p: BridgePort, state: number): void {
    if (state > BrPortState.BLOCKING) throw new BridgeError(22);
    if (!p.dev.adminUp || (!operUp(p.dev) && state !== BrPortState.DISABLED)) throw new BridgeError(100);
    p.state = state as BrPortState;
    if (state === BrPortState.DISABLED) p.forwardDelayExpires = undefined;
    this.portStateSelection();
  }

  /** br_fdb_delete_by_port(br, p, 0, 0) for IFLA_BRPORT_FLUSH: the port's dynamic entries. */
  flushPort(p: BridgePort): void {
    this.fdbDeleteByPort(p, false);
  }

  /** br_stp_enable_port. */
  private stpEnablePort(p: BridgePort): void {
    p.state = BrPortState.BLOCKING;
    this.portStateSelection();
  }

  /** br_stp_disable_port: the port stops and forgets the stations behind it. */
  private stpDisablePort(p: BridgePort): void {
    p.state = BrPortState.DISABLED;
    p.forwardDelayExpires = undefined;
    this.fdbDeleteByPort(p, false);
    this.portStateSelection();
  }

  /** br_port_state_selection with STP off: every enabled port forwards; carrier follows. */
  private portStateSelection(): void {
    let live = 0;
    for (const p of this.portList) {
      if (p.state === BrPortState.DISABLED) continue;
      if (p.state === BrPortState.BLOCKING) {
        // br_make_forwarding: forwarding at once, and the forward-delay timer armed anyway.
        p.state = BrPortState.FORWARDING;
        p.forwardDelayExpires = this.forwardDelay !== 0 ? this.sim.now + this.forwardDelay : undefined;
      }
      if (p.state === BrPortState.FORWARDING) live++;
    }
    this.setCarrier(live > 0);
  }

  /** br_stp_recalculate_bridge_id: the lowest port MAC, unless the address was set. */
  private recalculateBridgeId(): boolean {
    if (this.addrAssignType === AddrAssignType.SET) return false;
    let addr = 0;
    let first = true;
    for (const p of this.portList) {
      if (first || p.dev.mac < addr) addr = p.dev.mac;
      first = false;
    }
    if (addr === this.bridgeIdMac) return false;
    this.changeBridgeId(addr);
    return true;
  }

  /** br_stp_change_bridge_id: the FDB follows first, then the device address. */
  private changeBridgeId(addr: MacAddr): void {
    this.fdbChangeMacAddress(addr);
    this.bridgeIdMac = addr;
    this.mac = addr;
    this.portStateSelection();
  }

  /** br_set_mac_address: an address set by the user sticks (addr_assign_type SET). */
  override setMac(mac: MacAddr, assign: AddrAssignType = AddrAssignType.SET): void {
    if (mac !== this.mac) this.changeBridgeId(mac);
    this.addrAssignType = assign;
    this.onEvent?.(this, "address");
  }

  /** br_change_mtu: an MTU set by hand stops the automatic adjustment. */
  override setMtu(mtu: number): void {
    this.mtuSetByUser = true;
    super.setMtu(mtu);
  }

  /**
   * IFLA_MTU at creation: rtnl_create_link writes dev->mtu without ndo_change_mtu, so
   * BROPT_MTU_SET_BY_USER stays clear and the first port still adjusts it (checked on 6.18).
   */
  setInitialMtu(mtu: number): void {
    super.setMtu(mtu);
  }

  /** br_mtu_auto_adjust: the smallest port MTU (1500 without ports). */
  private mtuAutoAdjust(): void {
    if (this.mtuSetByUser) return;
    let mtu = 0;
    for (const p of this.portList) if (mtu === 0 || p.dev.mtu < mtu) mtu = p.dev.mtu;
    super.setMtu(mtu === 0 ? 1500 : mtu);
  }

  // ---- FDB -----------------------------------------------------------------------------

  /** fdb_add_local: a local permanent entry, unless one exists (a learned one is replaced). */
  private fdbAddLocal(p: BridgePort | null, addr: MacAddr): void {
    if (addr === 0 || isMulticastMac(addr)) return;
    const f = this.fdb.find(addr, 0);
    if (f !== undefined) {
      if ((f.flags & FdbFlag.LOCAL) !== 0) return;
      this.fdb.delete(addr, 0);
    }
    this.fdb.create(addr, 0, p?.portNo ?? 0, FdbFlag.LOCAL | FdbFlag.STATIC, this.sim.now);
  }

  /** fdb_delete_local: a local entry passes to another port (or the bridge) with the same MAC. */
  private fdbDeleteLocal(p: BridgePort | null, f: FdbEntry): void {
    for (const op of this.portList) {
      if (op !== p && op.dev.mac === f.mac) {
        f.port = op.portNo;
        f.flags &= ~FdbFlag.ADDED_BY_USER;
        return;
      }
    }
    if (p !== null && this.mac === f.mac) {
      f.port = 0;
      f.flags &= ~FdbFlag.ADDED_BY_USER;
      return;
    }
    this.fdb.delete(f.mac, f.vlan);
  }

  /** br_fdb_delete_by_port: dynamic entries of the port (and with `all`, its local ones). */
  private fdbDeleteByPort(p: BridgePort, all: boolean): void {
    if (!all) {
      fdbFlush(this.fdb, p.portNo, false);
      return;
    }
    for (const f of this.fdb.entries()) {
      if (f.port !== p.portNo) continue;
      if ((f.flags & FdbFlag.LOCAL) !== 0) this.fdbDeleteLocal(p, f);
      else this.fdb.delete(f.mac, f.vlan);
    }
  }

  /** br_fdb_changeaddr: a port's new MAC replaces its old local entry. */
  private fdbChangeAddr(p: BridgePort, addr: MacAddr): void {
    for (const f of this.fdb.entries()) {
      if (f.port === p.portNo && (f.flags & FdbFlag.LOCAL) !== 0 && f.vlan === 0) {
        this.fdbDeleteLocal(p, f);
        break;
      }
    }
    this.fdbAddLocal(p, addr);
  }

  /** br_fdb_change_mac_address: the bridge's own entry follows its address. */
  private fdbChangeMacAddress(addr: MacAddr): void {
    const f = this.fdb.find(this.mac, 0);
    if (f !== undefined && (f.flags & FdbFlag.LOCAL) !== 0 && f.port === 0 && (f.flags & FdbFlag.ADDED_BY_USER) === 0) {
      this.fdb.delete(f.mac, 0);
    }
    this.fdbAddLocal(null, addr);
  }

  /** FDB entries in dump order (newest first). */
  fdbEntries(): FdbEntry[] {
    return this.fdb.entries();
  }

  /** br_fdb_flush (`ip link set BR type bridge fdb_flush`): the dynamic entries go. */
  fdbFlush(): void {
    fdbFlush(this.fdb);
  }

  /** The hold time of dynamic entries (hold_time: ageing_time without topology change). */
  get holdTime(): Nanos {
    return this.ageingTime;
  }

  /** br_set_ageing_time: takes effect at once (the gc work runs now). */
  setAgeingTime(ns: Nanos): void {
    this.ageingTime = ns;
    if (this.adminUp) this.gc.modIn(0);
  }

  /** ageing_time as netlink and sysfs report it (centiseconds, USER_HZ). */
  get ageingTimeCs(): number {
    return Math.round(this.ageingTime / NS_PER_CS);
  }

  /** When the gc work runs next (the gc_timer `ip -d link` shows), if scheduled. */
  get gcExpires(): Nanos | undefined {
    return this.gc.expires;
  }

  /** br_fdb_cleanup as delayed work: age out, then run again at the next expiry. */
  private fdbGc(): void {
    this.gc.modIn(fdbCleanup(this.fdb, this.holdTime, this.sim.now));
  }

  // ---- open / close --------------------------------------------------------------------

  /** br_dev_open → br_stp_enable_bridge / br_dev_stop → br_stp_disable_bridge. */
  protected override opened(up: boolean): void {
    if (up) {
      this.gc.modIn(100_000_000);
      for (const p of this.portList) if (operUp(p.dev)) this.stpEnablePort(p);
    } else {
      for (const p of this.portList) if (p.state !== BrPortState.DISABLED) this.stpDisablePort(p);
      this.gc.del();
    }
  }

  // ---- receive: br_handle_frame --------------------------------------------------------

  /** br_handle_frame, the rx_handler of every port. */
  private handleFrame(p: BridgePort, pkt: Packet): RxHandlerResult {
    if (pkt.pktType === PacketType.LOOPBACK) return RxHandlerResult.PASS;
    const buf = pkt.buf;
    const mac = pkt.macOffset;
    const src = readMac(buf, mac + 6);
    if (src === 0 || isMulticastMac(src)) {
      this.sim.reportDrop(pkt, "br_handle_frame", DropReason.NOT_SPECIFIED, p.dev);
      return RxHandlerResult.CONSUMED;
    }
    const dest = readMac(buf, mac);
    if (isLinkLocalGroup(dest)) {
      const low = dest % 16;
      // 01:80:c2:00:00:00 is forwarded with STP off (loop detection); 01 (pause) is dropped.
      if (low === 1) {
        this.sim.reportDrop(pkt, "br_handle_frame", DropReason.NOT_SPECIFIED, p.dev);
        return RxHandlerResult.CONSUMED;
      }
      if (!(low === 0 && this.stpState === 0) && (this.groupFwdMask & (1 << low)) === 0) {
        // __br_handle_local_finish: learn, then the port's own stack gets it.
        if ((p.flags & BrPortFlag.LEARNING) !== 0) this.learn(p, src);
        return RxHandlerResult.PASS;
      }
    }
    if (p.state !== BrPortState.FORWARDING && p.state !== BrPortState.LEARNING) {
      this.sim.reportDrop(pkt, "br_handle_frame", DropReason.BRIDGE_PORT_STATE, p.dev);
      return RxHandlerResult.CONSUMED;
    }
    if (dest === this.mac) pkt.pktType = PacketType.HOST;
    pkt.physInDev = p.dev;
    if (this.hooks?.preRouting !== undefined && !this.hooks.preRouting(this, pkt, p)) return RxHandlerResult.CONSUMED;
    this.handleFrameFinish(p, pkt);
    return RxHandlerResult.CONSUMED;
  }

  private learn(p: BridgePort, src: MacAddr): void {
    fdbUpdate(this.fdb, src, 0, p.portNo, this.sim.now);
  }

  /** br_handle_frame_finish: learn, then forward, flood and/or pass up. Public for br_netfilter's re-entry. */
  handleFrameFinish(p: BridgePort, pkt: Packet): void {
    const buf = pkt.buf;
    const mac = pkt.macOffset;
    if ((p.flags & BrPortFlag.LEARNING) !== 0) this.learn(p, readMac(buf, mac + 6));
    // dev->flags & IFF_PROMISC: any holder (tcpdump, the user), not only what `ip link` shows.
    const promisc = this.promiscuity > 0;
    let localRcv = promisc;
    const dest = readMac(buf, mac);
    let kind: BrPkt = BrPkt.UNICAST;
    if (isMulticastMac(dest)) {
      if (dest === MAC_BROADCAST) {
        kind = BrPkt.BROADCAST;
      } else {
        // No MDB and no querier: multicast is flooded and the bridge itself gets it.
        kind = BrPkt.MULTICAST;
        this.stats.multicast++;
      }
      localRcv = true;
    }
    if (p.state === BrPortState.LEARNING) {
      this.sim.reportDrop(pkt, "br_handle_frame_finish", DropReason.BRIDGE_PORT_STATE, p.dev);
      return;
    }
    if (kind === BrPkt.UNICAST) {
      const dst = this.fdb.find(dest, 0);
      if (dst !== undefined) {
        if ((dst.flags & FdbFlag.LOCAL) !== 0) {
          this.passFrameUp(pkt, p);
          return;
        }
        dst.used = this.sim.now;
        this.forward(this.byNo[dst.port], pkt, localRcv, false);
        if (localRcv) this.passFrameUp(pkt, p);
        return;
      }
    }
    this.countFlood(p, pkt);
    this.flood(kind, pkt, localRcv, false);
    if (localRcv) this.passFrameUp(pkt, p);
  }

  /** br_pass_frame_up: the frame goes up the bridge device (its taps, then its stack). */
  private passFrameUp(pkt: Packet, p: BridgePort): void {
    if (this.hooks?.localIn !== undefined && !this.hooks.localIn(this, pkt, p)) return;
    // The bridge counts the frame without its Ethernet header (skb->len after eth_type_trans).
    this.stats.rxPackets++;
    this.stats.rxBytes += pkt.length - ETH_HLEN;
    pkt.dev = this;
    pkt.inDev = this;
    this.captured(pkt, "rx");
    this.deliver(pkt);
  }

  // ---- forward and flood ---------------------------------------------------------------

  /** should_deliver: never back out of the ingress port (unless hairpin), only to forwarding ports. */
  private shouldDeliver(p: BridgePort, pkt: Packet): boolean {
    return ((p.flags & BrPortFlag.HAIRPIN_MODE) !== 0 || pkt.dev !== p.dev) && p.state === BrPortState.FORWARDING;
  }

  /** br_forward: to one port, a copy when the frame also goes up. */
  private forward(to: BridgePort | undefined, pkt: Packet, localRcv: boolean, localOrig: boolean): void {
    if (to !== undefined && this.shouldDeliver(to, pkt)) {
      this.forwardOut(to, localRcv ? pkt.clone() : pkt, localOrig);
      return;
    }
    if (!localRcv) {
      const hairpin = to !== undefined && pkt.dev === to.dev;
      this.sim.reportDrop(pkt, "br_forward", hairpin ? DropReason.BRIDGE_HAIRPIN : DropReason.BRIDGE_NO_PORT, to?.dev ?? this);
    }
  }

  /** br_flood: every eligible port, newest first; the last one gets the original frame. */
  private flood(kind: BrPkt, pkt: Packet, localRcv: boolean, localOrig: boolean): void {
    let prev: BridgePort | null = null;
    for (const p of this.portList) {
      if (kind === BrPkt.UNICAST) {
        if ((p.flags & BrPortFlag.FLOOD) === 0) continue;
      } else if (!localOrig) {
        const flag = kind === BrPkt.MULTICAST ? BrPortFlag.MCAST_FLOOD : BrPortFlag.BCAST_FLOOD;
        if ((p.flags & flag) === 0) continue;
      }
      if ((p.flags & BrPortFlag.PROXYARP) !== 0) continue;
      if (!this.shouldDeliver(p, pkt)) continue;
      if (prev !== null) this.forwardOut(prev, pkt.clone(), localOrig);
      prev = p;
    }
    if (prev === null) {
      if (!localRcv) this.sim.reportDrop(pkt, "br_flood", DropReason.BRIDGE_NO_PORT, this);
      return;
    }
    this.forwardOut(prev, localRcv ? pkt.clone() : pkt, localOrig);
  }

  /** __br_forward → br_forward_finish → br_dev_queue_push_xmit. */
  private forwardOut(to: BridgePort, pkt: Packet, localOrig: boolean): void {
    const inPort = localOrig ? null : (this.byDev.get(pkt.dev as NetDevice) ?? null);
    if (!localOrig && this.hooks?.forward !== undefined && !this.hooks.forward(this, pkt, inPort, to)) return;
    if (this.hooks?.postRouting !== undefined && !this.hooks.postRouting(this, pkt, to)) return;
    pkt.head = pkt.macOffset;
    // is_skb_forwardable: the port is up and the frame fits its MTU (one VLAN tag of slack).
    if (!to.dev.adminUp || pkt.length > to.dev.mtu + ETH_HLEN + 4) {
      this.sim.reportDrop(pkt, "br_dev_queue_push_xmit", DropReason.PKT_TOO_BIG, to.dev);
      return;
    }
    pkt.dev = to.dev;
    to.dev.xmit(pkt);
  }

  /** Counts a flooded frame for storm detection; past a threshold the run stops. */
  private countFlood(p: BridgePort, pkt: Packet): void {
    // A frame that comes back: only a loop brings the same packet to a bridge twice.
    if (pkt.id === 0) this.sim.stamp(pkt);
    let seen = this.floodSeen.get(pkt.id);
    if (seen === undefined) {
      if (this.floodSeen.size >= 4096) this.floodSeen.clear();
      seen = new Map();
      this.floodSeen.set(pkt.id, seen);
    }
    seen.set(p.dev.name, (seen.get(p.dev.name) ?? 0) + 1);
    let times = 0;
    for (const n of seen.values()) times += n;
    if (times > this.loopThreshold) {
      throw new BroadcastStormError(this, this.sim.now, `one frame came back and was flooded ${times} times`, sortPorts(seen));
    }
    const window = Math.floor(this.sim.now / 1_000_000);
    if (window !== this.stormWindow) {
      this.stormWindow = window;
      this.stormCount = 0;
    }
    if (p.stormWindow !== window) {
      p.stormWindow = window;
      p.stormCount = 0;
    }
    p.stormCount++;
    if (++this.stormCount <= this.stormThreshold) return;
    const busy = new Map<string, number>();
    for (const q of this.portList) if (q.stormWindow === window && q.stormCount > 0) busy.set(q.dev.name, q.stormCount);
    throw new BroadcastStormError(this, this.sim.now, `${this.stormCount} frames flooded within 1 ms of virtual time`, sortPorts(busy));
  }

  // ---- transmit: br_dev_xmit -----------------------------------------------------------

  /** br_dev_xmit: what the bridge's own stack sends takes the forwarding decision. */
  protected startXmit(pkt: Packet): void {
    if (this.hooks?.devXmit !== undefined && this.hooks.devXmit(this, pkt)) return;
    this.countTx(pkt);
    pkt.macOffset = pkt.head;
    const dest = readMac(pkt.buf, pkt.head);
    if (dest === MAC_BROADCAST) {
      this.flood(BrPkt.BROADCAST, pkt, false, true);
    } else if (isMulticastMac(dest)) {
      this.flood(BrPkt.MULTICAST, pkt, false, true);
    } else {
      const dst = this.fdb.find(dest, 0);
      if (dst !== undefined) this.forward(this.byNo[dst.port], pkt, false, true);
      else this.flood(BrPkt.UNICAST, pkt, false, true);
    }
  }
}
