/**
 * VXLAN's side of the stack (drivers/net/vxlan/vxlan_core.c, net/ipv4/udp_tunnel_core.c):
 * struct vxlan_net per namespace (its VXLAN devices and tunnel sockets), rtnl newlink /
 * changelink / dellink with the kernel's validation and messages, the UDP tunnel socket that
 * vxlan_open binds on the device's port (a real UDP socket of the link namespace, so `ss -uan`
 * lists it and a user socket on that port makes `ip link set up` fail with EADDRINUSE), the
 * receive half of vxlan_rcv that runs as the socket's encap_rcv, and udp_tunnel_xmit_skb.
 *
 * The link namespace (vxlan->net) is the namespace the request came from, even when the
 * device is created in, or later moved to, another one.
 */
import {
  type Ipv4Addr,
  type MacAddr,
  type Packet,
  DropReason,
  IpProtocol,
  IpSummed,
  MAC_ZERO,
  isMulticastMac,
  partialChecksum,
  pseudoHeaderSum,
} from "@pktsim/core";
import {
  type NetDevice,
  type VxlanConfig,
  type VxlanEnv,
  type VxlanRdst,
  type VxlanRoute,
  type VxlanTunnelXmit,
  type FdbRequestFlags,
  ETH_MIN_MTU,
  ETH_MAX_MTU,
  FDB_AGE_DEFAULT,
  VxlanNud as Nud,
  Ntf,
  VXLAN_DEFAULT_PORT,
  VXLAN_HEADROOM,
  VXLAN_HLEN,
  VXLAN_N_VID,
  Vxlan,
  VxlanError,
  defaultVxlanConfig,
  lcoChecksum,
} from "@pktsim/devices";
import { Errno, KernelError } from "./errno";
import { type Rtable, RTCF } from "./ip";
import type { Namespace } from "./namespace";
import { UdpSocket } from "./udp";

/** IFLA_VXLAN_* attributes of a newlink/changelink request, present when given. */
export interface VxlanAttrs {
  id?: number;
  /** IFLA_VXLAN_GROUP: a group or a unicast remote (0 clears it). */
  group?: Ipv4Addr;
  local?: Ipv4Addr;
  /** IFLA_VXLAN_LINK: the lower device's ifindex. */
  link?: number;
  tos?: number;
  ttl?: number;
  ttlInherit?: boolean;
  label?: number;
  learning?: boolean;
  ageing?: number;
  proxy?: boolean;
  rsc?: boolean;
  l2miss?: boolean;
  l3miss?: boolean;
  limit?: number;
  collectMetadata?: boolean;
  portRange?: readonly [number, number];
  port?: number;
  udpCsum?: boolean;
  udpZeroCsum6Tx?: boolean;
  udpZeroCsum6Rx?: boolean;
  remcsumTx?: boolean;
  remcsumRx?: boolean;
  gbp?: boolean;
  gpe?: boolean;
  df?: number;
  vnifilter?: boolean;
}

/** The generic IFLA_* attributes of the request that vxlan_validate and config use. */
export interface VxlanLinkAttrs {
  mtu?: number;
  address?: MacAddr;
}

/** struct vxlan_sock: the tunnel socket on one port, shared by the devices using it. */
class VxlanSock {
  readonly port: number;
  readonly rcvFlags: number;
  readonly sk: UdpSocket;
  refcnt = 1;
  /** vni_list: devices by VNI, newest first (hlist_add_head_rcu). */
  readonly devs = new Map<number, Vxlan[]>();
  constructor(port: number, rcvFlags: number, sk: UdpSocket) {
    this.port = port;
    this.rcvFlags = rcvFlags;
    this.sk = sk;
  }
}

/** struct vxlan_net. */
class VxlanNet {
  /** vxlan_list (list_add: newest first). */
  readonly list: Vxlan[] = [];
  readonly socks = new Map<number, VxlanSock>();
}

const nets = new WeakMap<Namespace, VxlanNet>();
/** vxlan->net: where each device's tunnel lives. */
const linkNets = new WeakMap<Vxlan, Namespace>();

function vxlanNet(ns: Namespace): VxlanNet {
  let vn = nets.get(ns);
  if (vn === undefined) {
    vn = new VxlanNet();
    nets.set(ns, vn);
  }
  return vn;
}

/** The namespace a VXLAN device's tunnel socket and routes live in (vxlan_get_link_net). */
export function vxlanLinkNet(dev: Vxlan): Namespace | undefined {
  return linkNets.get(dev);
}

/** VXLAN_F_RCV_FLAGS as far as kept: what must agree for two devices to share a socket. */
function rcvFlags(cfg: VxlanConfig): number {
  return (cfg.udp6ZeroCsumRx ? 1 : 0) | (cfg.remcsumRx ? 2 : 0);
}

function isMulticastAddr(a: Ipv4Addr): boolean {
  return (a & 0xf0000000) >>> 0 === 0xe0000000;
}

function kernelError(e: unknown): never {
  if (e instanceof VxlanError) throw new KernelError(e.errno as Errno, e.extack);
  throw e;
}

// ---- rtnl_link_ops ---------------------------------------------------------------------

/** vxlan_validate: the checks made before anything else, for a new or a changed device. */
function vxlanValidate(attrs: VxlanAttrs | null, link: VxlanLinkAttrs): void {
  if (link.address !== undefined && (isMulticastMac(link.address) || link.address === MAC_ZERO)) {
    throw new KernelError(Errno.EADDRNOTAVAIL, "Provided Ethernet address is not unicast");
  }
  if (link.mtu !== undefined && (link.mtu < ETH_MIN_MTU || link.mtu > ETH_MAX_MTU)) {
    throw new KernelError(Errno.EINVAL, "MTU must be between 68 and 65535");
  }
  if (attrs === null) throw new KernelError(Errno.EINVAL, "Required attributes not provided to perform the operation");
  if (attrs.id !== undefined && attrs.id >= VXLAN_N_VID) throw new KernelError(Errno.ERANGE, "VXLAN ID must be lower than 16777216");
  if (attrs.portRange !== undefined && attrs.portRange[1] < attrs.portRange[0]) throw new KernelError(Errno.EINVAL, "Invalid source port range");
  if (attrs.df !== undefined && attrs.df > 2) throw new KernelError(Errno.EINVAL, "Invalid DF attribute");
}

/** A configuration being built: the request's IFLA_MTU and flow label ride along until applied. */
type Conf = VxlanConfig & { mtu: number; label: number };

/** vxlan_flag_attr_error's names of the flags changelink refuses. */
function flagError(name: string): never {
  throw new KernelError(Errno.EOPNOTSUPP, `vxlan: cannot change ${name} flag`);
}

/** What pktsim does not model is refused plainly rather than half-done. */
function unsupported(what: string): never {
  throw new KernelError(Errno.EOPNOTSUPP, `pktsim: ${what} is not modelled`);
}

/** vxlan_nl2conf: the request on top of a fresh (or, for changelink, the current) configuration. */
function nl2conf(a: VxlanAttrs, link: VxlanLinkAttrs, old: VxlanConfig | null): Conf {
  const changelink = old !== null;
  const conf: Conf = { ...(old ?? defaultVxlanConfig(0)), mtu: 0, label: 0 };
  if (!changelink) {
    conf.learning = false;
    conf.dstPort = 0;
  }
  if (a.id !== undefined) {
    if (changelink && a.id !== conf.vni) throw new KernelError(Errno.EOPNOTSUPP, "Cannot change VNI");
    conf.vni = a.id;
  }
  if (a.group !== undefined) conf.remote = a.group;
  if (a.local !== undefined) conf.local = a.local;
  if (a.link !== undefined) conf.link = a.link;
  if (a.tos !== undefined) conf.tos = a.tos;
  if (a.ttl !== undefined) conf.ttl = a.ttl;
  if (a.ttlInherit !== undefined) {
    if (changelink) flagError("TTL_INHERIT");
    conf.ttlInherit = true;
  }
  if (a.label !== undefined) conf.label = a.label;
  if (a.learning !== undefined) conf.learning = a.learning;
  else if (!changelink) conf.learning = true;
  if (a.ageing !== undefined) conf.ageing = a.ageing;
  const flag = (v: boolean | undefined, name: string, set: (on: boolean) => void): void => {
    if (v === undefined) return;
    if (changelink) flagError(name);
    set(v);
  };
  flag(a.proxy, "PROXY", (v) => (conf.proxy = v));
  flag(a.rsc, "RSC", (v) => (conf.rsc = v));
  flag(a.l2miss, "L2MISS", (v) => (conf.l2miss = v));
  flag(a.l3miss, "L3MISS", (v) => (conf.l3miss = v));
  if (a.limit !== undefined) {
    if (changelink) throw new KernelError(Errno.EOPNOTSUPP, "Cannot change limit");
    conf.maxAddress = a.limit;
  }
  if (a.collectMetadata !== undefined) {
    if (changelink) flagError("COLLECT_METADATA");
    if (a.collectMetadata) unsupported("VXLAN metadata (external) mode");
  }
  if (a.portRange !== undefined) {
    if (changelink) throw new KernelError(Errno.EOPNOTSUPP, "Cannot change port range");
    conf.portMin = a.portRange[0];
    conf.portMax = a.portRange[1];
  }
  if (a.port !== undefined) {
    if (changelink) throw new KernelError(Errno.EOPNOTSUPP, "Cannot change port");
    conf.dstPort = a.port;
  }
  if (a.udpCsum !== undefined) {
    if (changelink) throw new KernelError(Errno.EOPNOTSUPP, "Cannot change UDP_CSUM flag");
    if (!a.udpCsum) conf.udpCsum = false;
  }
  flag(a.udpZeroCsum6Tx, "UDP_ZERO_CSUM6_TX", (v) => (conf.udp6ZeroCsumTx = v));
  flag(a.udpZeroCsum6Rx, "UDP_ZERO_CSUM6_RX", (v) => (conf.udp6ZeroCsumRx = v));
  flag(a.remcsumTx, "REMCSUM_TX", (v) => (conf.remcsumTx = v));
  flag(a.remcsumRx, "REMCSUM_RX", (v) => (conf.remcsumRx = v));
  if (a.gbp !== undefined) {
    if (changelink) flagError("GBP");
    unsupported("VXLAN GBP");
  }
  if (a.gpe !== undefined) {
    if (changelink) flagError("GPE");
    unsupported("VXLAN GPE");
  }
  if (link.mtu !== undefined) {
    if (changelink) throw new KernelError(Errno.EOPNOTSUPP, "Cannot change mtu");
    conf.mtu = link.mtu;
  }
  if (a.df !== undefined) conf.df = a.df as VxlanConfig["df"];
  if (a.vnifilter !== undefined) {
    if (changelink) flagError("VNIFILTER");
    if (a.vnifilter) throw new KernelError(Errno.EINVAL, "vxlan vnifilter only valid in collect metadata mode");
  }
  return conf;
}

/** vxlan_config_validate: families, the lower device, defaults, and the VNI already in use. */
function configValidate(src: Namespace, conf: Conf, old: Vxlan | null): NetDevice | null {
  if (isMulticastAddr(conf.local)) throw new KernelError(Errno.EINVAL, "Local address cannot be multicast");
  // A flow label needs an IPv6 device, and pktsim has only IPv4 ones.
  if (conf.label !== 0) throw new KernelError(Errno.EINVAL, "Label attribute only applies to IPv6 VXLAN devices");
  let lower: NetDevice | null = null;
  if (conf.link !== 0) {
    lower = src.deviceByIndex(conf.link) ?? null;
    if (lower === null) throw new KernelError(Errno.ENODEV, "Invalid local interface, device not found");
  } else if (isMulticastAddr(conf.remote)) {
    throw new KernelError(Errno.EINVAL, "Local interface required for multicast remote destination");
  }
  if (conf.dstPort === 0) conf.dstPort = VXLAN_DEFAULT_PORT;
  if (conf.ageing === 0) conf.ageing = FDB_AGE_DEFAULT;
  // vxlan_vni_in_use: same VNI, port and receive flags in the link namespace.
  for (const other of vxlanNet(src).list) {
    if (other === old) continue;
    if (other.cfg.vni !== conf.vni || other.cfg.dstPort !== conf.dstPort) continue;
    if (rcvFlags(other.cfg) !== rcvFlags(conf)) continue;
    throw new KernelError(Errno.EEXIST, "A VXLAN device with the specified VNI already exists");
  }
  return lower;
}

/** vxlan_config_apply: MTU from the lower device (minus the 50 bytes of headers), its TSO limit. */
function configApply(dev: Vxlan, conf: Conf, lower: NetDevice | null, changelink: boolean): void {
  let maxMtu = ETH_MAX_MTU;
  if (!changelink && conf.mtu !== 0) dev.mtu = conf.mtu;
  if (lower !== null) {
    dev.tsoMaxSize = lower.tsoMaxSize;
    maxMtu = Math.max(lower.mtu - VXLAN_HEADROOM, ETH_MIN_MTU);
    if (!changelink && conf.mtu === 0) dev.mtu = maxMtu;
  }
  if (dev.mtu > maxMtu) dev.mtu = maxMtu;
  const { mtu: _mtu, label: _label, ...cfg } = conf;
  dev.cfg = cfg;
}

/**
 * rtnl_newlink for `type vxlan` (vxlan_validate, vxlan_newlink → __vxlan_dev_create): a new
 * device named `name` in `home`, its tunnel in `src` (the requester's namespace), with the
 * default FDB entry when a remote was given. `attrs` null is a request without IFLA_INFO_DATA.
 */
export function vxlanNewlink(src: Namespace, home: Namespace, name: string, attrs: VxlanAttrs | null, link: VxlanLinkAttrs = {}): Vxlan {
  vxlanValidate(attrs, link);
  if (home.deviceByName(name) !== undefined) throw new KernelError(Errno.EEXIST);
  if (!validName(name)) throw new KernelError(Errno.EINVAL);
  const conf = nl2conf(attrs!, link, null);
  const lower = configValidate(src, conf, null);
  // vxlan_setup draws the random address before the request's IFLA_ADDRESS replaces it.
  const dev = new Vxlan(src.sim, name, conf);
  if (link.address !== undefined) dev.setMac(link.address);
  configApply(dev, conf, lower, false);
  linkNets.set(dev, src);
  dev.env = vxlanEnv;
  if (dev.cfg.remote !== 0) {
    try {
      dev.fdbUpdate(MAC_ZERO, { ip: dev.cfg.remote, port: dev.cfg.dstPort, vni: dev.cfg.vni, ifindex: dev.cfg.link }, Nud.REACHABLE | Nud.PERMANENT, CREATE, dev.cfg.vni, Ntf.SELF);
    } catch (e) {
      kernelError(e);
    }
  }
  home.register(dev, 0);
  vxlanNet(src).list.unshift(dev);
  return dev;
}

const CREATE: FdbRequestFlags = { create: true, excl: false, replace: false, append: false };
const CREATE_APPEND: FdbRequestFlags = { create: true, excl: false, replace: false, append: true };

/** dev_valid_name. */
function validName(name: string): boolean {
  if (name.length === 0 || name.length >= 16 || name === "." || name === "..") return false;
  return !/[/:\s]/.test(name);
}

/**
 * vxlan_changelink: the flags that may change (learning, TTL, TOS, DF, ageing, remote, local,
 * lower device) on top of the current configuration; the default FDB entry follows the remote.
 */
export function vxlanChangelink(dev: Vxlan, attrs: VxlanAttrs, link: VxlanLinkAttrs = {}): void {
  vxlanValidate(attrs, link);
  const src = linkNets.get(dev);
  if (src === undefined) throw new KernelError(Errno.ENODEV);
  const conf = nl2conf(attrs, link, dev.cfg);
  const lower = configValidate(src, conf, dev);
  const old = dev.cfg;
  try {
    if (conf.remote !== old.remote) {
      if (conf.remote !== 0) {
        dev.fdbUpdate(MAC_ZERO, { ip: conf.remote, port: old.dstPort, vni: conf.vni, ifindex: conf.link }, Nud.REACHABLE | Nud.PERMANENT, CREATE_APPEND, conf.vni, Ntf.SELF);
      }
      if (old.remote !== 0) {
        try {
          dev.fdbDelete(MAC_ZERO, { ip: old.remote, port: old.dstPort, vni: old.vni, ifindex: old.link });
        } catch {
          // __vxlan_fdb_delete's ENOENT is ignored here.
        }
      }
    }
  } catch (e) {
    kernelError(e);
  }
  configApply(dev, conf, lower, true);
}

/** vxlan_dellink before unregister: the whole FDB goes, and the device leaves vxlan_list. */
export function vxlanDellink(dev: Vxlan): void {
  dev.deleteAll();
  const src = linkNets.get(dev);
  if (src === undefined) return;
  const list = vxlanNet(src).list;
  const i = list.indexOf(dev);
  if (i >= 0) list.splice(i, 1);
}

/**
 * vxlan_netdevice_event(NETDEV_UNREGISTER) → vxlan_handle_lowerdev_unregister: a device
 * leaving `ns` (deleted or moved away) takes the VXLAN devices whose lower device it was.
 */
export function vxlanLowerUnregister(ns: Namespace, lower: NetDevice): void {
  const vn = nets.get(ns);
  if (vn === undefined) return;
  for (const dev of [...vn.list]) {
    if (dev.cfg.link !== lower.ifindex || dev === lower) continue;
    const home = dev.ns as Namespace | null;
    if (home !== null) home.destroyDevice(dev);
  }
}

// ---- FDB requests (rtnl_fdb_add / rtnl_fdb_del → vxlan_fdb_add / vxlan_fdb_delete) ----------

/** What `bridge fdb add|append|replace|del … self` carries (NDA_* attributes). */
export interface VxlanFdbRequest {
  mac: MacAddr;
  /** NDA_DST; undefined when absent. */
  dst?: Ipv4Addr;
  port?: number;
  vni?: number;
  srcVni?: number;
  /** NDA_IFINDEX (`via`). */
  ifindex?: number;
  state: number;
  flags: number;
}

/** vxlan_fdb_parse: missing attributes take the device's defaults. */
function fdbParse(dev: Vxlan, r: VxlanFdbRequest): { rd: VxlanRdst; srcVni: number } {
  if (r.ifindex !== undefined && (dev.ns as Namespace | null)?.deviceByIndex(r.ifindex) === undefined) {
    throw new KernelError(Errno.EADDRNOTAVAIL, "Device not found");
  }
  return {
    rd: { ip: r.dst ?? 0, port: r.port ?? dev.cfg.dstPort, vni: r.vni ?? dev.cfg.vni, ifindex: r.ifindex ?? 0 },
    srcVni: r.srcVni ?? dev.cfg.vni,
  };
}

/** vxlan_fdb_add: `req` holds the request's NLM_F_CREATE/EXCL/REPLACE/APPEND. */
export function vxlanFdbAdd(dev: Vxlan, r: VxlanFdbRequest, req: FdbRequestFlags): void {
  if ((r.state & (Nud.PERMANENT | Nud.REACHABLE)) === 0) throw new KernelError(Errno.EINVAL);
  if (r.dst === undefined) throw new KernelError(Errno.EINVAL);
  const { rd, srcVni } = fdbParse(dev, r);
  try {
    dev.fdbUpdate(r.mac, rd, r.state, req, srcVni, r.flags | Ntf.VXLAN_ADDED_BY_USER);
  } catch (e) {
    kernelError(e);
  }
}

/** vxlan_fdb_delete: without NDA_DST the whole entry goes. */
export function vxlanFdbDelete(dev: Vxlan, r: VxlanFdbRequest): void {
  const { rd } = fdbParse(dev, r);
  try {
    dev.fdbDelete(r.mac, rd.ip === 0 ? undefined : rd);
  } catch (e) {
    kernelError(e);
  }
}

// ---- the tunnel socket -------------------------------------------------------------------

/** __vxlan_sock_add: share the socket of the port (same receive flags) or bind a new one. */
function sockAdd(dev: Vxlan): void {
  const net = linkNets.get(dev);
  if (net === undefined) return;
  const vn = vxlanNet(net);
  const flags = rcvFlags(dev.cfg);
  let vs = vn.socks.get(dev.cfg.dstPort);
  if (vs !== undefined && vs.rcvFlags === flags) {
    vs.refcnt++;
  } else {
    // vxlan_socket_create → udp_sock_create: INADDR_ANY on the port, no SO_REUSEADDR.
    const sk = new UdpSocket(net);
    sk.bind(0, dev.cfg.dstPort);
    const created = new VxlanSock(dev.cfg.dstPort, flags, sk);
    sk.encapRcv = (pkt) => vxlanRcv(net, created, pkt);
    vs = created;
    vn.socks.set(created.port, created);
  }
  const list = vs.devs.get(dev.cfg.vni);
  if (list === undefined) vs.devs.set(dev.cfg.vni, [dev]);
  else list.unshift(dev);
  sockOf.set(dev, vs);
}

const sockOf = new WeakMap<Vxlan, VxlanSock>();

/** vxlan_sock_release: the device leaves the socket; the last one closes it. */
function sockRelease(dev: Vxlan): void {
  const vs = sockOf.get(dev);
  const net = linkNets.get(dev);
  if (vs === undefined || net === undefined) return;
  sockOf.delete(dev);
  const list = vs.devs.get(dev.cfg.vni);
  if (list !== undefined) {
    const i = list.indexOf(dev);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) vs.devs.delete(dev.cfg.vni);
  }
  if (--vs.refcnt > 0) return;
  vs.sk.close();
  const vn = vxlanNet(net);
  if (vn.socks.get(vs.port) === vs) vn.socks.delete(vs.port);
}

/**
 * vxlan_rcv up to the device: `pkt.head` is at the UDP header (the checksum was verified).
 * The VXLAN header must have the I flag and nothing else, the VNI must belong to a device on
 * this socket; the headers are pulled and the skb scrubbed (iptunnel_pull_header).
 */
function vxlanRcv(net: Namespace, vs: VxlanSock, pkt: Packet): void {
  const buf = pkt.buf;
  const at = pkt.head;
  if (pkt.length < VXLAN_HLEN) {
    net.sim.reportDrop(pkt, "vxlan_rcv", DropReason.PKT_TOO_SMALL, pkt.inDev);
    return;
  }
  const vx = at + 8;
  const flagsWord = ((buf[vx]! << 24) | (buf[vx + 1]! << 16) | (buf[vx + 2]! << 8) | buf[vx + 3]!) >>> 0;
  if ((flagsWord & 0x08000000) === 0 || flagsWord !== 0x08000000 || buf[vx + 7] !== 0) {
    net.sim.reportDrop(pkt, "vxlan_rcv", DropReason.UNHANDLED_PROTO, pkt.inDev);
    return;
  }
  const vni = (buf[vx + 4]! << 16) | (buf[vx + 5]! << 8) | buf[vx + 6]!;
  const dev = vs.devs.get(vni)?.[0];
  if (dev === undefined) {
    net.sim.reportDrop(pkt, "vxlan_vs_find_vni", DropReason.NOT_SPECIFIED, pkt.inDev);
    return;
  }
  const iph = pkt.networkOffset;
  const outerSrc = ((buf[iph + 12]! << 24) | (buf[iph + 13]! << 16) | (buf[iph + 14]! << 8) | buf[iph + 15]!) >>> 0;
  const outerTos = buf[iph + 1]!;
  pkt.pull(VXLAN_HLEN);
  // skb_scrub_packet: route, conntrack and bridge state go; the mark too across namespaces.
  pkt.dst = null;
  pkt.ct = null;
  pkt.ctInfo = 0;
  pkt.nfBridge = null;
  pkt.nfBridgeSabotageDone = false;
  pkt.physInDev = null;
  if (dev.ns !== net) pkt.mark = 0;
  pkt.networkOffset = -1;
  pkt.transportOffset = -1;
  dev.vxlanRcv(pkt, outerSrc, outerTos, vni);
}

// ---- transmit --------------------------------------------------------------------------

/** vxlan_get_route: ip_route_output_key in the link namespace; a route through the device itself is a loop. */
function route(dev: Vxlan, dst: Ipv4Addr, src: Ipv4Addr, oif: number, tos: number, mark: number): VxlanRoute {
  const net = linkNets.get(dev);
  if (net === undefined) return { kind: "unreachable" };
  const rt = net.ip.routeOutputKey(dst, src, oif, mark, tos, 0);
  if (typeof rt === "number") return { kind: "unreachable" };
  if (rt.dev === dev) return { kind: "loop" };
  const local = (rt.flags & RTCF.LOCAL) !== 0 && (rt.flags & (RTCF.BROADCAST | RTCF.MULTICAST)) === 0;
  return { kind: "ok", src: src !== 0 ? src : rt.src, local, route: rt, hopLimit: net.ipv4conf.ip_default_ttl };
}

/**
 * udp_tunnel_xmit_skb → udp_set_csum → iptunnel_xmit: the UDP header, its checksum (none with
 * noudpcsum; computed from the inner partial checksum when the inner segment is
 * CHECKSUM_PARTIAL, lco_csum; else left partial for the device), the skb scrubbed, and the IPv4
 * header with __ip_select_ident's id, out through ip_local_out of the link namespace.
 */
function tunnelXmit(dev: Vxlan, pkt: Packet, rt: unknown, o: VxlanTunnelXmit): boolean {
  const net = linkNets.get(dev)!;
  const innerLen = pkt.length;
  const at = pkt.push(8);
  const buf = pkt.buf;
  const ulen = innerLen + 8;
  buf[at] = o.srcPort >>> 8;
  buf[at + 1] = o.srcPort & 0xff;
  buf[at + 2] = o.dstPort >>> 8;
  buf[at + 3] = o.dstPort & 0xff;
  buf[at + 4] = ulen >>> 8;
  buf[at + 5] = ulen & 0xff;
  buf[at + 6] = 0;
  buf[at + 7] = 0;
  let check = 0;
  if (o.udpCsum) {
    const innerL4 = pkt.ipSummed === IpSummed.PARTIAL ? innerCsumField(buf, at + VXLAN_HLEN, pkt.tail) : undefined;
    if (innerL4 !== undefined) {
      check = lcoChecksum(buf, at, innerL4.csumAt, innerL4.start, pseudoHeaderSum(o.src, o.dst, IpProtocol.Udp, ulen));
    } else {
      check = partialChecksum(o.src, o.dst, IpProtocol.Udp, ulen);
      pkt.ipSummed = IpSummed.PARTIAL;
    }
  }
  buf[at + 6] = check >>> 8;
  buf[at + 7] = check & 0xff;
  pkt.ct = null;
  pkt.ctInfo = 0;
  pkt.nfBridge = null;
  pkt.nfBridgeSabotageDone = false;
  pkt.physInDev = null;
  pkt.inDev = null;
  if (dev.ns !== net) pkt.mark = 0;
  // ip_local_out's return value: what is dropped before it returns (a netfilter verdict, a
  // device that is down) is an error; a packet queued for ARP is not.
  let failed = false;
  const unobserve = net.sim.observe({
    drop(p: Packet, _where: string, reason: DropReason): void {
      if (p === pkt && (reason === DropReason.NETFILTER_DROP || reason === DropReason.DEV_READY)) failed = true;
    },
  });
  try {
    net.ip.buildAndSend(pkt, rt as Rtable, o.src, o.dst, IpProtocol.Udp, o.ttl, o.tos, o.df, -1);
  } finally {
    unobserve();
  }
  return !failed;
}

/** The inner L4 segment of a CHECKSUM_PARTIAL frame at `frame`: where it starts and its checksum field. */
function innerCsumField(buf: Uint8Array, frame: number, end: number): { start: number; csumAt: number } | undefined {
  if (end - frame < 34 || ((buf[frame + 12]! << 8) | buf[frame + 13]!) !== 0x0800) return undefined;
  const ip = frame + 14;
  const start = ip + (buf[ip]! & 0x0f) * 4;
  const proto = buf[ip + 9]!;
  if (proto === IpProtocol.Udp && start + 8 <= end) return { start, csumAt: start + 6 };
  if (proto === IpProtocol.Tcp && start + 18 <= end) return { start, csumAt: start + 16 };
  return undefined;
}

const vxlanEnv: VxlanEnv = {
  open: sockAdd,
  stop: sockRelease,
  validateMtu(dev: Vxlan, mtu: number): void {
    const net = linkNets.get(dev);
    const lower = dev.cfg.link !== 0 ? net?.deviceByIndex(dev.cfg.link) : undefined;
    if (lower !== undefined && mtu > lower.mtu - VXLAN_HEADROOM) throw new KernelError(Errno.EINVAL);
  },
  route,
  findVni(dev: Vxlan, vni: number, port: number): Vxlan | undefined {
    const net = linkNets.get(dev);
    return net === undefined ? undefined : nets.get(net)?.socks.get(port)?.devs.get(vni)?.[0];
  },
  tunnelXmit,
  neighLookup(dev: Vxlan, ip: Ipv4Addr): { mac: MacAddr; connected: boolean } | undefined {
    const ns = dev.ns as Namespace | null;
    const n = ns?.neigh.lookup(ip, dev);
    if (n === undefined || !n.hasLladdr) return undefined;
    return { mac: n.lladdr, connected: (n.state & (0x80 | 0x40 | 0x02)) !== 0 };
  },
  localPortRange(dev: Vxlan): readonly [number, number] {
    const ns = dev.ns as Namespace | null;
    return ns?.ipv4conf.ip_local_port_range ?? [32768, 60999];
  },
};
