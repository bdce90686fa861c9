/**
 * A network namespace (struct net): its devices, IPv4 configuration, FIB, neighbour table,
 * sysctls, counters and sockets. A namespace is created by its Host; devices are created
 * in it, moved between namespaces, and removed.
 */
import { type Ipv4Addr, type Simulation, type Packet, DropReason } from "@pktsim/core";
import { type DeviceNamespace, type NetDevice, type DeviceEvent, type Link, Loopback, Nic, Veth } from "@pktsim/devices";
import { DEVCONF_DEFAULTS, type DevConf, type NeighParms, type NetIpv4Conf, newDevConf, newNeighParms, newNetIpv4Conf } from "./devconf";
import { Errno, KernelError } from "./errno";
import { InDevice } from "./inetdev";
import { Mibs } from "./mib";
import { NeighTable } from "./neighbour";
import type { Host } from "./host";
import { Ipv4 } from "./ip";
import { Arp } from "./arp";
import { Icmp } from "./icmp";
import { Fib } from "./fib";
import { RawSockets } from "./raw";
import { Udp } from "./udp";
import { Tcp } from "./tcp";
import { Addrconf } from "./addrconf";
import { Sysctls } from "./sysctl";
import { Netfilter } from "@pktsim/netfilter";
import { netfilterEnv } from "./netfilter-env";
import { brNetfilterHooks } from "./br-netfilter";
import { Bridge, BridgeError, Vxlan } from "@pktsim/devices";
import { DevMcLists } from "./mcaddr";
import { vxlanDellink, vxlanLowerUnregister } from "./vxlan-net";

export const ETH_P_IP = 0x0800;
export const ETH_P_ARP = 0x0806;
export const ETH_P_IPV6 = 0x86dd;

/** IFNAMSIZ - 1: the longest interface name. */
export const IFNAMSIZ = 16;

export class Namespace implements DeviceNamespace {
  readonly host: Host;
  readonly sim: Simulation;
  /** The name under /run/netns, or "" for the initial namespace. */
  name: string;
  readonly isInit: boolean;
  readonly lo: Loopback;
  /** dev_base_head order: registration order in this namespace. */
  private readonly devs: NetDevice[] = [];
  private readonly byName = new Map<string, NetDevice>();
  private readonly byIndex = new Map<number, NetDevice>();
  /** net->ifindex: the cyclic allocation hint. */
  private ifindexHint = 0;
  private readonly inDevs = new Map<NetDevice, InDevice>();
  readonly confAll: DevConf;
  readonly confDefault: DevConf;
  readonly neighDefault: NeighParms;
  readonly ipv4conf: NetIpv4Conf;
  readonly mib: Mibs = new Mibs();
  /** Peer namespace ids as this namespace knows them (peernet2id). */
  private readonly nsids = new Map<Namespace, number>();
  readonly fib: Fib;
  readonly neigh: NeighTable;
  readonly ip: Ipv4;
  readonly arp: Arp;
  readonly icmp: Icmp;
  readonly raw: RawSockets;
  readonly udp: Udp;
  readonly tcp: Tcp;
  readonly addrconf: Addrconf;
  readonly sysctl: Sysctls;
  /** Each device's multicast address list (dev->mc), what `bridge fdb show` lists as `self permanent`. */
  readonly mc: DevMcLists = new DevMcLists(this);
  /** The netfilter of this namespace (iptables tables, conntrack, NAT); idle until a table exists. */
  readonly netfilter: Netfilter;
  /** net.bridge.bridge-nf-call-* (br_netfilter, built in on the reference kernel). */
  bridgeNfCallIptables = 1;
  bridgeNfCallArptables = 1;
  bridgeNfCallIp6tables = 1;

  constructor(host: Host, name: string, init: Namespace | null) {
    this.host = host;
    this.sim = host.sim;
    this.name = name;
    this.isInit = init === null;
    // devconf_inherit_init_net = 0: a new namespace copies init_net's conf/all and conf/default.
    this.confAll = newDevConf(init?.confAll);
    // ipv4_devconf_dflt differs from ipv4_devconf (all) in one compiled-in value.
    this.confDefault = newDevConf(init?.confDefault ?? { ...DEVCONF_DEFAULTS, accept_source_route: 1 });
    this.neighDefault = newNeighParms();
    this.ipv4conf = newNetIpv4Conf();
    this.fib = new Fib(this);
    this.arp = new Arp(this);
    this.neigh = new NeighTable(this.sim, this.arp);
    this.ip = new Ipv4(this);
    this.icmp = new Icmp(this);
    this.raw = new RawSockets(this);
    this.udp = new Udp(this);
    this.tcp = new Tcp(this);
    this.addrconf = new Addrconf(this);
    this.sysctl = new Sysctls(this);
    this.netfilter = new Netfilter(this.sim, netfilterEnv(this));
    this.lo = new Loopback(this.sim);
    this.register(this.lo, 0);
  }

  /** The name tools print for it: the netns name, or "root" for the initial namespace in file names. */
  get label(): string {
    return this.isInit ? "root" : this.name;
  }

  // ---- devices -------------------------------------------------------------------------

  deviceByIndex(ifindex: number): NetDevice | undefined {
    return this.byIndex.get(ifindex);
  }

  deviceByName(name: string): NetDevice | undefined {
    return this.byName.get(name);
  }

  /** Devices in dev_base order (what `ip link show` lists). */
  devices(): readonly NetDevice[] {
    return this.devs;
  }

  inDevice(dev: NetDevice): InDevice | undefined {
    return this.inDevs.get(dev);
  }

  /** dev_valid_name: what the kernel accepts as an interface name. */
  static validName(name: string): boolean {
    if (name.length === 0 || name.length >= IFNAMSIZ) return false;
    if (name === "." || name === "..") return false;
    return !/[/:\s]/.test(name);
  }

  /** dev_index_reserve: keep the requested index when free, else the next free one after the hint. */
  reserveIndex(wanted: number): number {
    if (wanted > 0 && !this.byIndex.has(wanted)) return wanted;
    let candidate = this.ifindexHint;
    for (;;) {
      candidate = candidate >= 0x7fffffff ? 1 : candidate + 1;
      if (!this.byIndex.has(candidate)) break;
    }
    this.ifindexHint = candidate;
    return candidate;
  }

  /** register_netdevice: names must be unique; the device gets an index and IPv4 configuration. */
  register(dev: NetDevice, wantedIndex: number): void {
    if (this.byName.has(dev.name)) throw new KernelError(Errno.EEXIST);
    dev.ifindex = this.reserveIndex(wantedIndex);
    dev.ns = this;
    this.devs.push(dev);
    this.byName.set(dev.name, dev);
    this.byIndex.set(dev.ifindex, dev);
    dev.onEvent = (d, e) => this.deviceEvent(d, e);
    dev.protocolRx = (pkt) => this.netifReceive(pkt);
    // inetdev_init: the device's IPv4 conf starts as a copy of this namespace's default.
    const conf = newDevConf(this.confDefault);
    // inetdev_init: loopback is exempt from IPsec policy and transforms.
    if (dev.kind === "loopback") conf.disable_policy = conf.disable_xfrm = 1;
    this.inDevs.set(dev, new InDevice(dev, conf, newNeighParms(this.neighDefault)));
    // attach_rules (fib_rules_event NETDEV_REGISTER): iif/oif rules naming it start to match.
    this.fib.fib.rules.attach(dev.name, dev.ifindex);
    this.mc.registered(dev);
  }

  /** unregister_netdevice (or the first half of a namespace move): the device leaves this namespace. */
  unregister(dev: NetDevice): void {
    if (dev.adminUp) {
      dev.setAdminUp(false);
    }
    // NETDEV_UNREGISTER: a port leaves its bridge (br_del_if); a bridge releases its ports (br_dev_delete).
    if (dev.master instanceof Bridge) dev.master.delIf(dev);
    if (dev instanceof Bridge) for (const p of dev.ports()) dev.delIf(p.dev);
    // vxlan_netdevice_event: VXLAN devices whose lower device this was go with it.
    vxlanLowerUnregister(this, dev);
    this.mc.unregistered(dev);
    this.ip.deviceGone(dev);
    this.addrconf.deviceEvent(dev, "unregister");
    this.neigh.flushDevice(dev, false);
    this.fib.fib.rules.detach(dev.ifindex);
    this.inDevs.delete(dev);
    const i = this.devs.indexOf(dev);
    if (i >= 0) this.devs.splice(i, 1);
    this.byName.delete(dev.name);
    this.byIndex.delete(dev.ifindex);
    dev.onEvent = null;
    dev.protocolRx = null;
    dev.ns = null;
  }

  /** `ip link del` / rtnl_dellink: a veth takes its peer with it; loopback cannot go. */
  destroyDevice(dev: NetDevice): void {
    // A physical NIC has no rtnl_link_ops: rtnl_dellink refuses it, like lo.
    if (dev === this.lo || dev instanceof Nic) throw new KernelError(Errno.EOPNOTSUPP);
    if (dev instanceof Veth) {
      const peer = dev.peer;
      const peerNs = peer.ns as Namespace | null;
      this.unregister(dev);
      peerNs?.unregister(peer);
      return;
    }
    if (dev instanceof Vxlan) vxlanDellink(dev);
    this.unregister(dev);
  }

  rename(dev: NetDevice, name: string): void {
    if (dev.name === name) return;
    if (this.byName.has(name)) throw new KernelError(Errno.EEXIST);
    this.byName.delete(dev.name);
    dev.name = name;
    this.byName.set(name, dev);
    // fib_rules_event NETDEV_CHANGENAME: detach, then attach under the new name.
    this.fib.fib.rules.detach(dev.ifindex);
    this.fib.fib.rules.attach(name, dev.ifindex);
  }

  /**
   * veth_newlink: a pair, the peer registered first (it may go straight to another
   * namespace). The namespace the request came from learns ids for the others.
   */
  addVethPair(name: string, peerName: string, peerNs: Namespace = this, creator: Namespace = this): [Veth, Veth] {
    // rtnl_newlink: an existing device of that name (NLM_F_EXCL) before anything is made.
    if (this.byName.has(name)) throw new KernelError(Errno.EEXIST);
    // veth_newlink registers the peer first (dev_get_valid_name: EINVAL, EEXIST) ...
    if (!Namespace.validName(peerName)) throw new KernelError(Errno.EINVAL);
    if (peerNs.byName.has(peerName)) throw new KernelError(Errno.EEXIST);
    const badName = !Namespace.validName(name);
    if (badName || (peerNs === this && peerName === name)) {
      // ... then the device fails on its name and the peer goes again: its index is spent
      // (checked on 6.18: `ip link add . type veth` and `ip link add veth0 type veth`).
      peerNs.reserveIndex(0);
      throw new KernelError(badName ? Errno.EINVAL : Errno.EEXIST);
    }
    const [dev, peer] = Veth.createPair(this.sim, name, peerName);
    peerNs.register(peer, 0);
    this.register(dev, 0);
    // linkwatch_init_dev: registered without carrier, both get a state once both exist.
    peer.fireLinkwatch();
    dev.fireLinkwatch();
    if (this !== creator) creator.allocId(this);
    if (peerNs !== creator) creator.allocId(peerNs);
    return [dev, peer];
  }

  /**
   * A physical NIC (nic.ts) probed in this namespace, e.g. eth0, plugged into `link` when
   * given: registered without carrier, with the next free ifindex; it has carrier once it is
   * up and its link says so.
   */
  addNic(name: string, link?: Link, mac?: number): Nic {
    if (!Namespace.validName(name)) throw new KernelError(Errno.EINVAL);
    if (this.byName.has(name)) throw new KernelError(Errno.EEXIST);
    const nic = new Nic(this.sim, name, mac);
    this.register(nic, 0);
    nic.fireLinkwatch();
    if (link !== undefined) nic.attach(link);
    return nic;
  }

  /** `ip link set DEV master BR` / `nomaster`: enslaving to a bridge (see the bridge model). */
  setMaster(dev: NetDevice, master: string | undefined): void {
    if (master === undefined) {
      if (dev.master !== null) this.enslave(dev, null);
      return;
    }
    const upper = this.byName.get(master);
    if (upper === undefined) throw new KernelError(Errno.ENODEV);
    this.enslave(dev, upper);
  }

  /** `ip link add NAME type bridge` (br_dev_newlink): a bridge with a random MAC, no ports. */
  addBridge(name: string): Bridge {
    if (!Namespace.validName(name)) throw new KernelError(Errno.EINVAL);
    if (this.byName.has(name)) throw new KernelError(Errno.EEXIST);
    const br = new Bridge(this.sim, name);
    // br_netfilter is built in on the reference kernel: every bridge gets its hooks.
    br.hooks = brNetfilterHooks(this);
    this.register(br, 0);
    return br;
  }

  /**
   * do_set_master: leave the current master (ndo_del_slave), then join the new one
   * (ndo_add_slave, br_add_if). Only bridges take ports; the bridge's refusals come back as
   * KernelError with the kernel's errno and extack.
   */
  enslave(dev: NetDevice, upper: NetDevice | null): void {
    if (upper !== null && dev.master === upper) return;
    try {
      if (dev.master instanceof Bridge) dev.master.delIf(dev);
      if (upper === null) return;
      if (!(upper instanceof Bridge)) throw new KernelError(Errno.EOPNOTSUPP);
      upper.addIf(dev);
    } catch (e) {
      if (e instanceof BridgeError) throw new KernelError(e.errno as Errno, e.extack);
      throw e;
    }
  }

  /** dev_change_net_namespace. */
  moveDevice(dev: NetDevice, target: Namespace): void {
    // NETIF_F_NETNS_LOCAL: loopback (and bridges) stay where they were created.
    if (dev.kind === "loopback" || dev.kind === "bridge") throw new KernelError(Errno.EINVAL, "The interface netns is immutable");
    if (target === this) return;
    if (target.byName.has(dev.name)) throw new KernelError(Errno.EEXIST);
    const index = dev.ifindex;
    // The old namespace learns an id for the new one (rtmsg_ifinfo_newnet reports it), and the
    // RTM_DELLINK it sends, like the RTM_NEWLINK in the new one, names the peer's namespace.
    this.host.peerId(this, target);
    this.rtnlFillLinkNetnsid(dev);
    this.unregister(dev);
    // dev_shutdown: the qdisc goes back to noop until the device is opened again.
    dev.everOpened = false;
    target.register(dev, index);
    target.rtnlFillLinkNetnsid(dev);
  }

  /**
   * rtnl_fill_link_netnsid, run by every RTM_NEWLINK/DELLINK the kernel builds for `dev` (even
   * with no listener): a veth whose peer is elsewhere makes this namespace allocate an id for
   * the peer's. The order of these events decides the ids `ip -j link` shows.
   */
  rtnlFillLinkNetnsid(dev: NetDevice): void {
    if (!(dev instanceof Veth)) return;
    const peerNs = dev.peer.ns as Namespace | null;
    if (peerNs !== null && peerNs !== this) this.allocId(peerNs);
  }

  // ---- namespace ids -------------------------------------------------------------------

  /** peernet2id: the id this namespace gave `other`, if any. */
  idOf(other: Namespace): number | undefined {
    return this.nsids.get(other);
  }

  /** peernet2id_alloc: the smallest free id. */
  allocId(other: Namespace): number {
    const existing = this.nsids.get(other);
    if (existing !== undefined) return existing;
    const used = new Set(this.nsids.values());
    let id = 0;
    while (used.has(id)) id++;
    this.nsids.set(other, id);
    return id;
  }

  forgetId(other: Namespace): void {
    this.nsids.delete(other);
  }

  // ---- events and receive --------------------------------------------------------------

  private deviceEvent(dev: NetDevice, event: DeviceEvent): void {
    // rtmsg_ifinfo: flag, MTU, address and name changes and linkwatch's state changes are notified.
    if (event !== "unregister") this.rtnlFillLinkNetnsid(dev);
    this.ip.deviceEvent(dev, event);
    if (event === "up" || event === "down" || event === "carrier") this.addrconf.deviceEvent(dev, event);
    this.mc.deviceEvent(dev, event);
    // br_device_event: a bridge port's bridge hears of it.
    if (dev.master instanceof Bridge) dev.master.portEvent(dev, event);
  }

  /** __netif_receive_skb_core's protocol dispatch for this namespace. */
  private netifReceive(pkt: Packet): void {
    const dev = pkt.dev as NetDevice;
    if (pkt.macOffset >= 0 && pkt.head === pkt.macOffset) pkt.pull(14);
    pkt.networkOffset = pkt.head;
    switch (pkt.protocol) {
      case ETH_P_IP:
        this.ip.rcv(pkt, dev);
        return;
      case ETH_P_ARP:
        this.arp.rcv(pkt, dev);
        return;
      default:
        // No handler: IPv6 and everything else is not modelled.
        dev.stats.rxNohandler++;
        this.sim.reportDrop(pkt, "__netif_receive_skb_core", DropReason.UNHANDLED_PROTO, dev);
    }
  }

  /** Is `addr` one of this namespace's local addresses (inet_lookup_ifaddr / __ip_dev_find)? */
  findAddrDevice(addr: Ipv4Addr): NetDevice | undefined {
    for (const inDev of this.inDevs.values()) {
      const addrs = inDev.addrs;
      for (let i = 0; i < addrs.length; i++) if (addrs[i]!.local === addr) return inDev.dev;
    }
    return undefined;
  }

}
