/**
 * A VXLAN device (drivers/net/vxlan/vxlan_core.c): an Ethernet device whose frames travel as
 * UDP datagrams between tunnel endpoints. What it sends is looked up by destination MAC in its
 * own FDB (entries added with `bridge fdb … self`, learned from received frames, and the
 * all-zeros default entry that floods to every remote it lists); each remote gets a copy
 * wrapped in VXLAN, UDP and IPv4 and routed out of the device's link namespace (the one it was
 * created from). Received datagrams reach it through the UDP tunnel socket on its port, which
 * the stack owns (stack/src/vxlan-net.ts); this file keeps what is the device's own: its
 * configuration, the FDB with learning and ageing, vxlan_xmit/vxlan_xmit_one's choices,
 * vxlan_rcv's second half (vxlan_set_mac, ECN, counters) and encap bypass.
 *
 * Counters as the kernel keeps them: tx and rx bytes count the inner frame without its
 * Ethernet header (iptunnel_xmit_stats counts from the inner network header; vxlan_rcv counts
 * after eth_type_trans), a frame without FDB entry or default is tx_dropped, an unroutable
 * remote is tx_carrier_errors + tx_errors, a route back into the device is collisions +
 * tx_errors.
 *
 * Model limits: IPv4 underlay only (no IPv6 endpoints); no multicast groups (a group remote is
 * kept and shown, frames to it are routed like unicast but nobody joins the group); no
 * metadata (external) mode, GBP, GPE, remote checksum offload or VNI filtering; the outer
 * source port comes from a seeded flow hash (flowHash below), so it is stable per flow and
 * symmetric like the kernel's but not the kernel's value, which is random anyway; no PMTU
 * handling for inner frames too big for the underlay (skb_tunnel_check_pmtu).
 */
import {
  type Ipv4Addr,
  type MacAddr,
  type Packet,
  type Simulation,
  DropReason,
  MAC_ZERO,
  PacketType,
  Timer,
  isMulticastMac,
  readMac,
  writeMac,
  foldSum,
  onesSum,
  jhash3words,
} from "@pktsim/core";
import { AddrAssignType, ETH_HLEN, NetDevice } from "./netdevice";

/** VXLAN_HLEN: the UDP header and the 8-byte VXLAN header. */
export const VXLAN_HLEN = 16;
/** VXLAN_HEADROOM for IPv4: outer IPv4, UDP, VXLAN and the inner Ethernet header. */
export const VXLAN_HEADROOM = 50;
/** The Linux default destination port (vxlan_port), not the IANA one (4789). */
export const VXLAN_DEFAULT_PORT = 8472;
export const IANA_VXLAN_UDP_PORT = 4789;
/** VXLAN_N_VID: VNIs are 24 bits. */
export const VXLAN_N_VID = 0x1000000;
/** FDB_AGE_DEFAULT (s) and FDB_AGE_INTERVAL, the cleanup period. */
export const FDB_AGE_DEFAULT = 300;
const FDB_AGE_INTERVAL_NS = 10e9;

/** enum ifla_vxlan_df. */
export const VxlanDf = { UNSET: 0, SET: 1, INHERIT: 2 } as const;
export type VxlanDf = (typeof VxlanDf)[keyof typeof VxlanDf];

/** NUD_* states an FDB entry carries (include/uapi/linux/neighbour.h). */
export const Nud = { INCOMPLETE: 0x01, REACHABLE: 0x02, STALE: 0x04, DELAY: 0x08, PROBE: 0x10, FAILED: 0x20, NOARP: 0x40, PERMANENT: 0x80 } as const;
/** NTF_* flags; ADDED_BY_USER is the driver's own bit above the u8 that dumps carry. */
export const Ntf = { USE: 0x01, SELF: 0x02, MASTER: 0x04, PROXY: 0x08, EXT_LEARNED: 0x10, OFFLOADED: 0x20, STICKY: 0x40, ROUTER: 0x80, VXLAN_ADDED_BY_USER: 0x100 } as const;

/** The NLM_F_* bits of an RTM_NEWNEIGH request that vxlan_fdb_update reads. */
export interface FdbRequestFlags {
  create: boolean;
  excl: boolean;
  replace: boolean;
  append: boolean;
}

/** struct vxlan_config, as far as it is modelled (IPv4 endpoints). */
export interface VxlanConfig {
  vni: number;
  /** The default remote (group or unicast), 0 for none. */
  remote: Ipv4Addr;
  /** The source address, 0 for the route's choice. */
  local: Ipv4Addr;
  /** remote_ifindex: the lower device (`dev`), 0 for none. */
  link: number;
  dstPort: number;
  portMin: number;
  portMax: number;
  /** 0: the route's hop limit (ip_default_ttl), or 1 towards a group. */
  ttl: number;
  ttlInherit: boolean;
  /** 1 means inherit the inner TOS. */
  tos: number;
  df: VxlanDf;
  learning: boolean;
  proxy: boolean;
  rsc: boolean;
  l2miss: boolean;
  l3miss: boolean;
  /** age_interval in seconds (0 is replaced by FDB_AGE_DEFAULT). */
  ageing: number;
  /** addrmax: 0 for unlimited. */
  maxAddress: number;
  /** !VXLAN_F_UDP_ZERO_CSUM_TX. */
  udpCsum: boolean;
  udp6ZeroCsumTx: boolean;
  udp6ZeroCsumRx: boolean;
  remcsumTx: boolean;
  remcsumRx: boolean;
}

/** A new device's configuration before vxlan_config_validate (`ip link add … type vxlan` defaults). */
export function defaultVxlanConfig(vni: number): VxlanConfig {
  return {
    vni,
    remote: 0,
    local: 0,
    link: 0,
    dstPort: 0,
    portMin: 0,
    portMax: 0,
    ttl: 0,
    ttlInherit: false,
    tos: 0,
    df: VxlanDf.UNSET,
    learning: true,
    proxy: false,
    rsc: false,
    l2miss: false,
    l3miss: false,
    ageing: 0,
    maxAddress: 0,
    udpCsum: true,
    udp6ZeroCsumTx: false,
    udp6ZeroCsumRx: false,
    remcsumTx: false,
    remcsumRx: false,
  };
}

/** struct vxlan_rdst: one remote of an FDB entry. */
export interface VxlanRdst {
  ip: Ipv4Addr;
  /** 0: the device's dstport. */
  port: number;
  vni: number;
  /** The device to send out of (`via`), 0 for the route's choice. */
  ifindex: number;
}

/** struct vxlan_fdb. */
export interface VxlanFdbEntry {
  readonly mac: MacAddr;
  state: number;
  flags: number;
  /** src_vni (only meaningful in metadata mode). */
  vni: number;
  readonly remotes: VxlanRdst[];
  /** jiffies of the last lookup and of the last change, as virtual ns. */
  used: number;
  updated: number;
}

/** A refusal of the driver: the errno and the extack message the kernel returns. */
export class VxlanError extends Error {
  readonly errno: number;
  readonly extack: string | undefined;
  constructor(errno: number, extack?: string) {
    super(extack ?? `errno ${errno}`);
    this.name = "VxlanError";
    this.errno = errno;
    this.extack = extack;
  }
}

const EEXIST = 17;
const ENOENT = 2;
const EOPNOTSUPP = 95;
const ENOSPC = 28;

/** What vxlan_get_route found for a remote. */
export type VxlanRoute =
  | { readonly kind: "ok"; readonly src: Ipv4Addr; readonly local: boolean; readonly route: unknown; readonly hopLimit: number }
  | { readonly kind: "unreachable" }
  | { readonly kind: "loop" };

/** The outer headers udp_tunnel_xmit_skb writes. */
export interface VxlanTunnelXmit {
  readonly src: Ipv4Addr;
  readonly dst: Ipv4Addr;
  readonly tos: number;
  readonly ttl: number;
  readonly df: boolean;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly udpCsum: boolean;
}

/**
 * What the device needs of the stack: its link namespace's routing, UDP tunnel socket and IP
 * output, and the neighbour table of its own namespace (proxy ARP, route short-circuit).
 */
export interface VxlanEnv {
  /** vxlan_open → vxlan_sock_add: throws the error the kernel returns (a port in use). */
  open(dev: Vxlan): void;
  /** vxlan_stop → vxlan_sock_release. */
  stop(dev: Vxlan): void;
  /** vxlan_change_mtu: throws EINVAL above the lower device's MTU minus the headroom. */
  validateMtu(dev: Vxlan, mtu: number): void;
  /** vxlan_get_route in the link namespace. */
  route(dev: Vxlan, dst: Ipv4Addr, src: Ipv4Addr, oif: number, tos: number, mark: number): VxlanRoute;
  /** vxlan_find_vni in the link namespace (encap bypass to a local VTEP). */
  findVni(dev: Vxlan, vni: number, port: number): Vxlan | undefined;
  /**
   * udp_tunnel_xmit_skb: `pkt.head` is at the VXLAN header; UDP and IPv4 go in front and out.
   * False when ip_local_out failed at once (a netfilter drop, a device that is down).
   */
  tunnelXmit(dev: Vxlan, pkt: Packet, route: unknown, o: VxlanTunnelXmit): boolean;
  /** neigh_lookup(&arp_tbl, ip, dev): the entry's address and whether it is NUD_CONNECTED. */
  neighLookup(dev: Vxlan, ip: Ipv4Addr): { readonly mac: MacAddr; readonly connected: boolean } | undefined;
  /** inet_get_local_port_range of the device's namespace. */
  localPortRange(dev: Vxlan): readonly [number, number];
}

/** Per-simulation seeds of the flow hash (the kernel's hashrnd, drawn once per boot). */
const flowSeeds = new WeakMap<Simulation, number>();

function flowSeed(sim: Simulation): number {
  let seed = flowSeeds.get(sim);
  if (seed === undefined) {
    seed = sim.rng.uint32();
    flowSeeds.set(sim, seed);
  }
  return seed;
}

/**
 * skb_get_hash of the inner frame as the flow dissector sees it: addresses, protocol and
 * ports, ordered so that both directions hash alike
 * (__flow_hash_consistentify), mixed with a seed drawn once per simulation. The kernel mixes
 * with siphash and a random key: the values differ, the properties (per flow, symmetric,
 * never 0) are the same. Frames that are not IPv4 hash their Ethernet addresses
 * (udp_flow_src_port's fallback).
 */
export function flowHash(sim: Simulation, buf: Uint8Array, at: number, len: number): number {
  const seed = flowSeed(sim);
  const proto = len >= ETH_HLEN ? (buf[at + 12]! << 8) | buf[at + 13]! : 0;
  if (proto === 0x0800 && len >= ETH_HLEN + 20) {
    const ip = at + ETH_HLEN;
    const ihl = (buf[ip]! & 0x0f) * 4;
    let src = be32(buf, ip + 12);
    let dst = be32(buf, ip + 16);
    const ipProto = buf[ip + 9]!;
    const fragOff = ((buf[ip + 6]! & 0x1f) << 8) | buf[ip + 7]!;
    const l4 = ip + ihl;
    let sport = 0;
    let dport = 0;
    if (fragOff === 0 && l4 + 4 <= at + len) {
      // Ports for the protocols that have them; ICMP has none here (a ping and the port
      // unreachable of the same pair of hosts leave from the same port on the reference kernel).
      if (ipProto === 6 || ipProto === 17 || ipProto === 132) {
        sport = (buf[l4]! << 8) | buf[l4 + 1]!;
        dport = (buf[l4 + 2]! << 8) | buf[l4 + 3]!;
      }
    }
    if (dst < src || (dst === src && dport < sport)) {
      const a = src;
      src = dst;
      dst = a;
      const p = sport;
      sport = dport;
      dport = p;
    }
    const h = jhash3words(src, dst, (((sport << 16) | dport) ^ ipProto) >>> 0, seed);
    return h === 0 ? 1 : h;
  }
  // jhash(skb->data, 2 * ETH_ALEN, skb->protocol)
  return len >= 12 ? jhash3words(be32(buf, at), be32(buf, at + 4), be32(buf, at + 8), (seed ^ proto) >>> 0) : seed;
}

function be32(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

/**
 * udp_flow_src_port: the hash scaled into [min, max), or into the namespace's local port range
 * when the device has none.
 */
export function udpFlowSrcPort(hash: number, min: number, max: number, range: readonly [number, number]): number {
  if (min >= max) {
    min = range[0];
    max = range[1] + 1;
  }
  return Math.floor((hash * (max - min)) / 2 ** 32) + min;
}

export class Vxlan extends NetDevice {
  readonly kind = "vxlan";
  cfg: VxlanConfig;
  /** The stack's side: set when the device is registered. */
  env: VxlanEnv | null = null;
  /** The FDB in dump order (newest first), and indexed by MAC. */
  private readonly fdbList: VxlanFdbEntry[] = [];
  private readonly fdbByMac = new Map<MacAddr, VxlanFdbEntry>();
  /** vxlan->age_timer: vxlan_cleanup every FDB_AGE_INTERVAL while the device runs. */
  private readonly ageTimer: Timer;

  constructor(sim: Simulation, name: string, cfg: VxlanConfig, mac?: MacAddr) {
    // vxlan_setup: eth_hw_addr_random, ether_setup.
    super(sim, name, mac ?? sim.rng.randomMac(), mac === undefined ? AddrAssignType.RANDOM : AddrAssignType.SET);
    this.cfg = cfg;
    this.ageTimer = new Timer(sim.scheduler, () => this.cleanup(), "vxlan_cleanup");
  }

  /** vxlan_open / vxlan_stop around dev_open / dev_close: opening can fail (the port is taken). */
  override setAdminUp(up: boolean): void {
    if (up === this.adminUp) return;
    if (up) {
      this.env?.open(this);
      super.setAdminUp(true);
      if (this.cfg.ageing !== 0) this.ageTimer.modIn(FDB_AGE_INTERVAL_NS);
      return;
    }
    super.setAdminUp(false);
    this.ageTimer.del();
    this.flush(false);
    this.env?.stop(this);
  }

  override setMtu(mtu: number): void {
    this.env?.validateMtu(this, mtu);
    super.setMtu(mtu);
  }

  // ---- FDB -------------------------------------------------------------------------------

  /** The entries in dump order (vxlan_fdb_dump walks the list newest first). */
  fdbEntries(): readonly VxlanFdbEntry[] {
    return this.fdbList;
  }

  /** __vxlan_find_mac (the src_vni only counts in metadata mode, which is not modelled). */
  findMac(mac: MacAddr): VxlanFdbEntry | undefined {
    return this.fdbByMac.get(mac);
  }

  /** vxlan_find_mac: a lookup that marks the entry used. */
  private lookupMac(mac: MacAddr): VxlanFdbEntry | undefined {
    const f = this.fdbByMac.get(mac);
    if (f !== undefined) f.used = this.sim.now;
    return f;
  }

  private insert(f: VxlanFdbEntry): void {
    this.fdbList.unshift(f);
    this.fdbByMac.set(f.mac, f);
  }

  /** vxlan_fdb_destroy. */
  private destroy(f: VxlanFdbEntry): void {
    const i = this.fdbList.indexOf(f);
    if (i >= 0) this.fdbList.splice(i, 1);
    this.fdbByMac.delete(f.mac);
  }

  /** vxlan_fdb_create's addrmax check, then a new entry with one remote. */
  private create(mac: MacAddr, rd: VxlanRdst, state: number, srcVni: number, flags: number): VxlanFdbEntry {
    if (this.cfg.maxAddress !== 0 && this.fdbList.length >= this.cfg.maxAddress) throw new VxlanError(ENOSPC);
    const now = this.sim.now;
    return { mac, state, flags, vni: srcVni, remotes: [{ ...rd }], used: now, updated: now };
  }

  /**
   * vxlan_fdb_update: add, append to, or replace the remote of the entry for `mac`, as the
   * request's NLM_F flags say. Throws VxlanError with the kernel's errno and extack.
   */
  fdbUpdate(mac: MacAddr, rd: VxlanRdst, state: number, req: FdbRequestFlags, srcVni: number, ndmFlags: number): void {
    const fdbFlags = ndmFlags & ~Ntf.USE;
    const isMultiOrZero = isMulticastMac(mac) || mac === MAC_ZERO;
    const f = this.fdbByMac.get(mac);
    if (f === undefined) {
      if (!req.create) throw new VxlanError(ENOENT);
      // vxlan_fdb_update_create: replace cannot create a multicast or default entry.
      if (req.replace && isMultiOrZero) throw new VxlanError(EOPNOTSUPP);
      this.insert(this.create(mac, rd, state, srcVni, fdbFlags));
      return;
    }
    if (req.excl) throw new VxlanError(EEXIST);
    // vxlan_fdb_update_existing: an externally learned entry does not take over a user's.
    const now = this.sim.now;
    if ((fdbFlags & Ntf.EXT_LEARNED) === 0 || (f.flags & Ntf.VXLAN_ADDED_BY_USER) === 0) {
      if (f.state !== state) {
        f.state = state;
        f.updated = now;
      }
      if (f.flags !== fdbFlags) {
        f.flags = fdbFlags;
        f.updated = now;
      }
    }
    if (req.replace) {
      if (isMultiOrZero) throw new VxlanError(EOPNOTSUPP, "Cannot replace non-unicast fdb entries");
      // vxlan_fdb_replace: the first remote takes the new destination.
      if (!f.remotes.some((r) => rdstEqual(r, rd)) && f.remotes.length > 0) Object.assign(f.remotes[0]!, rd);
    }
    if (req.append && isMultiOrZero && !f.remotes.some((r) => rdstEqual(r, rd))) f.remotes.push({ ...rd });
    if ((ndmFlags & Ntf.USE) !== 0) f.used = now;
  }

  /**
   * __vxlan_fdb_delete: with a destination, only that remote goes (or the entry, if it was the
   * last); a destination the entry does not have is not an error. Throws ENOENT for no entry.
   */
  fdbDelete(mac: MacAddr, rd: VxlanRdst | undefined): void {
    const f = this.lookupMac(mac);
    if (f === undefined) throw new VxlanError(ENOENT);
    if (rd !== undefined) {
      const i = f.remotes.findIndex((r) => rdstEqual(r, rd));
      if (i < 0) return;
      if (f.remotes.length > 1) {
        f.remotes.splice(i, 1);
        return;
      }
    }
    this.destroy(f);
  }

  /** vxlan_flush: non-permanent entries (all with `all`), the default entry only at uninit. */
  flush(all: boolean): void {
    for (const f of [...this.fdbList]) {
      if (!all && (f.state & (Nud.PERMANENT | Nud.NOARP)) !== 0) continue;
      if (f.mac === MAC_ZERO && f.vni === this.cfg.vni) continue;
      this.destroy(f);
    }
  }

  /** vxlan_uninit → vxlan_fdb_delete_default, after vxlan_dellink's full flush. */
  deleteAll(): void {
    this.flush(true);
    const f = this.fdbByMac.get(MAC_ZERO);
    if (f !== undefined) this.destroy(f);
    this.ageTimer.del();
  }

  /** vxlan_cleanup: learned entries unused for `ageing` seconds go; the timer follows the next expiry. */
  private cleanup(): void {
    if (!this.adminUp) return;
    const now = this.sim.now;
    let next = now + FDB_AGE_INTERVAL_NS;
    const age = this.cfg.ageing * 1e9;
    for (const f of [...this.fdbList]) {
      if ((f.state & (Nud.PERMANENT | Nud.NOARP)) !== 0) continue;
      if ((f.flags & Ntf.EXT_LEARNED) !== 0) continue;
      const timeout = f.used + age;
      if (timeout <= now) this.destroy(f);
      else if (timeout < next) next = timeout;
    }
    this.ageTimer.mod(next);
  }

  /** vxlan_snoop: learn (or move) the sender's MAC; true when the frame must be dropped. */
  private snoop(srcIp: Ipv4Addr, srcMac: MacAddr, vni: number): boolean {
    const f = this.lookupMac(srcMac);
    if (f !== undefined) {
      const rd = f.remotes[0];
      if (rd !== undefined && rd.ip === srcIp && rd.ifindex === 0) return false;
      // Static entries do not migrate: the frame is dropped.
      if ((f.state & (Nud.PERMANENT | Nud.NOARP)) !== 0) return true;
      if (rd !== undefined) rd.ip = srcIp;
      f.updated = this.sim.now;
      return false;
    }
    if (this.adminUp) {
      try {
        this.insert(this.create(srcMac, { ip: srcIp, port: this.cfg.dstPort, vni: this.cfg.vni, ifindex: 0 }, Nud.REACHABLE, vni, Ntf.SELF));
      } catch {
        // vxlan_fdb_update's error (addrmax reached) is ignored by the snooper.
      }
    }
    return false;
  }

  // ---- transmit --------------------------------------------------------------------------

  /** vxlan_xmit: the FDB entry of the destination, else the default; one copy per remote. */
  protected startXmit(pkt: Packet): void {
    const buf = pkt.buf;
    const at = pkt.head;
    pkt.macOffset = at;
    const proto = (buf[at + 12]! << 8) | buf[at + 13]!;
    if (this.cfg.proxy && proto === 0x0806) {
      this.arpReduce(pkt);
      return;
    }
    let f = this.lookupMac(readMac(buf, at));
    let didRsc = false;
    if (f !== undefined && (f.flags & Ntf.ROUTER) !== 0 && this.cfg.rsc && proto === 0x0800) {
      didRsc = this.routeShortcircuit(pkt);
      if (didRsc) f = this.lookupMac(readMac(buf, at));
    }
    if (f === undefined) {
      f = this.lookupMac(MAC_ZERO);
      if (f === undefined) {
        this.dropTx(pkt, DropReason.NOT_SPECIFIED);
        return;
      }
    }
    const remotes = f.remotes;
    if (remotes.length === 0) {
      this.sim.reportDrop(pkt, "vxlan_xmit", DropReason.NOT_SPECIFIED, this);
      return;
    }
    // The first remote gets the original after every other one got its clone.
    for (let i = 1; i < remotes.length; i++) this.xmitOne(pkt.clone(), remotes[i]!, didRsc);
    this.xmitOne(pkt, remotes[0]!, didRsc);
  }

  /** vxlan_xmit_one for an IPv4 remote. */
  private xmitOne(pkt: Packet, rd: VxlanRdst, didRsc: boolean): void {
    const env = this.env;
    const cfg = this.cfg;
    const buf = pkt.buf;
    const at = pkt.head;
    const frameLen = pkt.length;
    if (rd.ip === 0) {
      if (didRsc) {
        this.encapBypass(pkt, this, cfg.vni, true);
        return;
      }
      this.dropTx(pkt, DropReason.NOT_SPECIFIED);
      return;
    }
    if (env === null) {
      this.dropTx(pkt, DropReason.DEV_READY);
      return;
    }
    const dstPort = rd.port !== 0 ? rd.port : cfg.dstPort;
    const vni = rd.vni !== 0 ? rd.vni : cfg.vni;
    const innerIp = ((buf[at + 12]! << 8) | buf[at + 13]!) === 0x0800 && frameLen >= ETH_HLEN + 20;
    const innerTos = innerIp ? buf[at + ETH_HLEN + 1]! : 0;
    let ttl: number;
    if (cfg.ttlInherit) {
      // ip_tunnel_get_ttl: the inner TTL of an IPv4 frame, else the route's default below.
      ttl = innerIp ? buf[at + ETH_HLEN + 8]! : 0;
    } else {
      ttl = cfg.ttl;
      if (ttl === 0 && (rd.ip & 0xf0000000) >>> 0 === 0xe0000000) ttl = 1;
    }
    let tos = cfg.tos;
    if (tos === 1) tos = innerTos; // ip_tunnel_get_dsfield
    const srcPort = udpFlowSrcPort(flowHash(this.sim, buf, at, frameLen), cfg.portMin, cfg.portMax, env.localPortRange(this));
    const route = env.route(this, rd.ip, cfg.local, rd.ifindex, tos & 0x1e, pkt.mark);
    if (route.kind !== "ok") {
      // tx_error: a route back into this device is ELOOP (collisions), no route ENETUNREACH.
      if (route.kind === "loop") this.stats.collisions++;
      else this.stats.txCarrierErrors++;
      this.stats.txErrors++;
      this.sim.reportDrop(pkt, "vxlan_xmit_one", DropReason.IP_OUTNOROUTES, this);
      return;
    }
    if (route.local) {
      // encap_bypass_if_local: a VTEP of this namespace takes the frame as it is.
      const peer = env.findVni(this, vni, dstPort);
      if (peer === undefined) {
        this.stats.txErrors++;
        this.sim.reportDrop(pkt, "encap_bypass_if_local", DropReason.NOT_SPECIFIED, this);
        return;
      }
      this.encapBypass(pkt, peer, vni, true);
      return;
    }
    let df = false;
    if (cfg.df === VxlanDf.SET) df = true;
    else if (cfg.df === VxlanDf.INHERIT) df = innerIp && (buf[at + ETH_HLEN + 6]! & 0x40) !== 0;
    // ip_tunnel_ecn_encap → INET_ECN_encapsulate: the inner ECN bits (CE becomes ECT(0)).
    if (innerIp) {
      const ecn = innerTos & 3;
      tos = (tos & ~3) | (ecn === 3 ? 2 : ecn);
    } else {
      tos &= ~3;
    }
    if (ttl === 0) ttl = route.hopLimit;
    // vxlan_build_skb: the VXLAN header (I flag, VNI) in front of the inner frame.
    const vx = pkt.push(8);
    const b = pkt.buf;
    b[vx] = 0x08;
    b[vx + 1] = 0;
    b[vx + 2] = 0;
    b[vx + 3] = 0;
    b[vx + 4] = (vni >>> 16) & 0xff;
    b[vx + 5] = (vni >>> 8) & 0xff;
    b[vx + 6] = vni & 0xff;
    b[vx + 7] = 0;
    const sent = env.tunnelXmit(this, pkt, route.route, { src: route.src, dst: rd.ip, tos, ttl, df, srcPort, dstPort, udpCsum: cfg.udpCsum });
    // iptunnel_xmit_stats: bytes from the inner network header, or tx_dropped when
    // ip_local_out returned an error.
    if (!sent) {
      this.stats.txDropped++;
      return;
    }
    this.stats.txPackets++;
    this.stats.txBytes += frameLen - ETH_HLEN;
  }

  /**
   * vxlan_encap_bypass: the frame goes straight into `dst`'s receive path, counted as sent
   * here and received there (whole frames), learning from 127.0.0.1.
   */
  private encapBypass(pkt: Packet, dst: Vxlan, vni: number, snoop: boolean): void {
    const len = pkt.length;
    pkt.pktType = PacketType.HOST;
    if (!dst.adminUp) {
      dst.stats.rxDropped++;
      dst.sim.reportDrop(pkt, "vxlan_encap_bypass", DropReason.DEV_READY, dst);
      return;
    }
    if (dst.cfg.learning && snoop) dst.snoop(0x7f000001, readMac(pkt.buf, pkt.head + 6), vni);
    this.stats.txPackets++;
    this.stats.txBytes += len;
    dst.stats.rxPackets++;
    dst.stats.rxBytes += len;
    pkt.dev = dst;
    pkt.inDev = dst;
    pkt.macOffset = pkt.head;
    pkt.dst = null;
    dst.captured(pkt, "rx");
    dst.deliver(pkt);
  }

  /**
   * arp_reduce (proxy): a request for an address this device's neighbour table knows (and
   * whose MAC is not bridge-local) is answered here; nothing goes out either way.
   */
  private arpReduce(pkt: Packet): void {
    const buf = pkt.buf;
    const a = pkt.head + ETH_HLEN;
    if ((this.baseFlags & 0x80) !== 0) return; // IFF_NOARP
    if (pkt.length < ETH_HLEN + 28) {
      this.stats.txDropped++;
      return;
    }
    const hrd = (buf[a]! << 8) | buf[a + 1]!;
    const pro = (buf[a + 2]! << 8) | buf[a + 3]!;
    const op = (buf[a + 6]! << 8) | buf[a + 7]!;
    if ((hrd !== 1 && hrd !== 6) || pro !== 0x0800 || op !== 1 || buf[a + 4] !== 6 || buf[a + 5] !== 4) return;
    const sha = readMac(buf, a + 8);
    const sip = ((buf[a + 14]! << 24) | (buf[a + 15]! << 16) | (buf[a + 16]! << 8) | buf[a + 17]!) >>> 0;
    const tip = ((buf[a + 24]! << 24) | (buf[a + 25]! << 16) | (buf[a + 26]! << 8) | buf[a + 27]!) >>> 0;
    if (tip >>> 24 === 127 || (tip & 0xf0000000) >>> 0 === 0xe0000000) return;
    const n = this.env?.neighLookup(this, tip);
    if (n === undefined || !n.connected) return;
    const f = this.lookupMac(n.mac);
    if (f !== undefined && f.remotes[0]?.ip === 0) return;
    // arp_create(ARPOP_REPLY, ETH_P_ARP, sip, dev, tip, sha, n->ha, sha), then netif_rx.
    const reply = pkt.clone();
    reply.head = pkt.head;
    reply.tail = pkt.head + ETH_HLEN + 28;
    const r = reply.buf;
    const h = reply.head;
    writeMac(r, h, sha);
    writeMac(r, h + 6, n.mac);
    r[h + 12] = 0x08;
    r[h + 13] = 0x06;
    const ra = h + ETH_HLEN;
    r[ra] = 0; r[ra + 1] = 1; r[ra + 2] = 0x08; r[ra + 3] = 0; r[ra + 4] = 6; r[ra + 5] = 4; r[ra + 6] = 0; r[ra + 7] = 2;
    writeMac(r, ra + 8, n.mac);
    writeIp(r, ra + 14, tip);
    writeMac(r, ra + 18, sha);
    writeIp(r, ra + 24, sip);
    reply.dev = this;
    reply.dst = null;
    reply.ct = null;
    this.ethTypeTrans(reply);
    reply.pktType = PacketType.HOST;
    this.captured(reply, "rx");
    this.deliver(reply);
  }

  /** route_shortcircuit: a frame to a router entry goes to the MAC the neighbour table has for its IP destination. */
  private routeShortcircuit(pkt: Packet): boolean {
    const buf = pkt.buf;
    const at = pkt.head;
    if (isMulticastMac(readMac(buf, at)) || pkt.length < ETH_HLEN + 20) return false;
    const ip = at + ETH_HLEN;
    const daddr = ((buf[ip + 16]! << 24) | (buf[ip + 17]! << 16) | (buf[ip + 18]! << 8) | buf[ip + 19]!) >>> 0;
    const n = this.env?.neighLookup(this, daddr);
    if (n === undefined) return false;
    const dst = readMac(buf, at);
    if (dst === n.mac) return false;
    writeMac(buf, at + 6, dst);
    writeMac(buf, at, n.mac);
    return true;
  }

  // ---- receive ---------------------------------------------------------------------------

  /**
   * The second half of vxlan_rcv, once the tunnel socket found this device by VNI and pulled
   * the UDP and VXLAN headers (`pkt.head` at the inner Ethernet header): vxlan_set_mac (the
   * own-MAC and invalid-source checks, learning), ECN decapsulation, the UP check, the
   * counters, then the device's receive path.
   */
  vxlanRcv(pkt: Packet, outerSrc: Ipv4Addr, outerTos: number, vni: number): void {
    if (pkt.length < ETH_HLEN) {
      this.sim.reportDrop(pkt, "vxlan_rcv", DropReason.PKT_TOO_SMALL, this);
      return;
    }
    this.ethTypeTrans(pkt);
    const src = readMac(pkt.buf, pkt.head + 6);
    if (src === this.mac || isMulticastMac(src) || src === MAC_ZERO) {
      this.sim.reportDrop(pkt, "vxlan_set_mac", DropReason.NOT_SPECIFIED, this);
      return;
    }
    if (this.cfg.learning && this.snoop(outerSrc, src, vni)) {
      this.sim.reportDrop(pkt, "vxlan_snoop", DropReason.NOT_SPECIFIED, this);
      return;
    }
    if (!this.ecnDecapsulate(pkt, outerTos)) {
      this.stats.rxFrameErrors++;
      this.stats.rxErrors++;
      this.sim.reportDrop(pkt, "vxlan_ecn_decapsulate", DropReason.NOT_SPECIFIED, this);
      return;
    }
    if (!this.adminUp) {
      this.stats.rxDropped++;
      this.sim.reportDrop(pkt, "vxlan_rcv", DropReason.DEV_READY, this);
      return;
    }
    // dev_sw_netstats_rx_add after eth_type_trans pulled the Ethernet header.
    this.stats.rxPackets++;
    this.stats.rxBytes += pkt.length - ETH_HLEN;
    this.captured(pkt, "rx");
    this.deliver(pkt);
  }

  /** IP_ECN_decapsulate: CE on the outer header marks an ECN-capable inner one; a non-ECT inner one is a frame error. */
  private ecnDecapsulate(pkt: Packet, outerTos: number): boolean {
    const buf = pkt.buf;
    const at = pkt.head;
    if (((buf[at + 12]! << 8) | buf[at + 13]!) !== 0x0800 || pkt.length < ETH_HLEN + 20) return true;
    const ip = at + ETH_HLEN;
    const inner = buf[ip + 1]!;
    const outer = outerTos & 3;
    if ((inner & 3) === 0) return outer !== 3;
    if (outer === 3 && (inner & 3) !== 3) {
      // IP_ECN_set_ce: the TOS byte and the header checksum change together.
      const old = (buf[ip]! << 8) | buf[ip + 1]!;
      buf[ip + 1] = inner | 3;
      const sum = foldSum((~((buf[ip + 10]! << 8) | buf[ip + 11]!) & 0xffff) + (~old & 0xffff) + ((buf[ip]! << 8) | buf[ip + 1]!));
      const check = ~sum & 0xffff;
      buf[ip + 10] = check >>> 8;
      buf[ip + 11] = check & 0xff;
    }
    return true;
  }
}

function writeIp(buf: Uint8Array, at: number, ip: Ipv4Addr): void {
  buf[at] = ip >>> 24;
  buf[at + 1] = (ip >>> 16) & 0xff;
  buf[at + 2] = (ip >>> 8) & 0xff;
  buf[at + 3] = ip & 0xff;
}

function rdstEqual(a: VxlanRdst, b: VxlanRdst): boolean {
  return a.ip === b.ip && a.port === b.port && a.vni === b.vni && a.ifindex === b.ifindex;
}

/**
 * lco_csum + udp_v4_check for an outer UDP header in front of a CHECKSUM_PARTIAL inner
 * segment: the outer checksum is what it will be once the inner one is filled in. `l4` is the
 * outer UDP header, `csumAt` the inner checksum field that holds the pseudo-header sum.
 */
export function lcoChecksum(buf: Uint8Array, l4: number, csumAt: number, innerStart: number, pseudo: number): number {
  const innerField = (buf[csumAt]! << 8) | buf[csumAt + 1]!;
  const partial = ~innerField & 0xffff;
  const sum = onesSum(buf, l4, innerStart - l4, partial + pseudo);
  const check = ~foldSum(sum) & 0xffff;
  return check === 0 ? 0xffff : check;
}
