/**
 * IPv4 for one namespace: address configuration (devinet.c), the routes derived from it
 * (fib_frontend.c), routing decisions (route.c), and the datapath — ip_rcv, ip_forward,
 * ip_local_deliver, ip_local_out/ip_output/ip_finish_output2 (ip_input.c, ip_forward.c,
 * ip_output.c). Function names follow the kernel's.
 *
 * Fragmentation and reassembly are ip-fragment.ts's (ip_finish_output → ip_fragment,
 * ip_local_deliver and nf_defrag_ipv4 → ip_defrag), path MTU exceptions fnhe.ts's.
 *
 * Redirects are sent as ip_forward does (ip_rt_send_redirect); received ones are fnhe.ts's.
 *
 * Model limits: IP options are carried but not processed, no multicast routing; the
 * redirect decision is remade for each packet that leaves by its input device (the kernel keeps
 * it in IPCB); fib_validate_source ignores custom local routes and rules (the full check the
 * kernel then does with rp_filter 0).
 */
import {
  type Ipv4Addr,
  type Packet,
  DropReason,
  PacketType,
  IPV4_BROADCAST,
  isLoopback,
  isMulticast,
  isZeronet,
  isLimitedBroadcast,
  broadcastOf,
  networkOf,
  prefixMask,
} from "@pktsim/core";
import { Ipv4Packet, IpProtocol, IPV4_HEADER_LEN, IcmpType, IcmpUnreachableCode, IcmpTimeExceededCode } from "@pktsim/core";
import { type DeviceEvent, type NetDevice, LOOPBACK_DELAY_NS, NET_XMIT_DROP, NET_XMIT_SUCCESS } from "@pktsim/devices";
import { Errno, KernelError } from "./errno";
import { RouteProtocol, RouteTable, RouteType } from "@pktsim/routing";
import { NfHook } from "./nfhooks";
import { HZ, InetPeers, jiffiesOf } from "./inetpeer";
import { type IfAddr, type InDevice, IfaFlags, Scope, INFINITY_LIFE_TIME, ifaMatch } from "./inetdev";
import { type Namespace, ETH_P_IP } from "./namespace";
import { IpDefragUser, IpFragment } from "./ip-fragment";
import { FnheTable } from "./fnhe";


/** RTCF_* route cache flags. */
export const RTCF = { LOCAL: 0x80000000, BROADCAST: 0x10000000, MULTICAST: 0x20000000, REDIRECTED: 0x00040000 } as const;

/** What a route lookup decided (struct rtable). */
export interface Rtable {
  type: number;
  flags: number;
  /** Output device (the loopback device for local delivery of locally generated packets). */
  dev: NetDevice;
  /** Next-hop gateway, 0 when the destination is on-link. */
  gateway: Ipv4Addr;
  /** Chosen source address (output routes). */
  src: Ipv4Addr;
  /** What ip_rcv_finish calls: deliver locally, forward, or answer with an error. */
  input: "local" | "forward" | "error" | "none";
  /** For input = "error": the errno ip_error turns into an ICMP code. */
  error: Errno | 0;
  table: number;
  /** The FIB result's own device (orig_oif) for local routes. */
  fibDev: NetDevice | null;
  mtu: number;
  /**
   * rt_iif, what inet_iif() answers for a packet carrying this route: 0 for input routes (the
   * device it arrived on counts); for output routes the FIB result's device of a local route,
   * else the output device — a reply to ourselves over lo, or a broadcast's looped copy, still
   * matches a socket bound to that device.
   */
  iif: number;
}

export interface OutputFlow {
  dst: Ipv4Addr;
  src?: Ipv4Addr;
  oif?: number;
  mark?: number;
  tos?: number;
  /** RT_SCOPE_* the caller accepts (default universe). */
  scope?: number;
}

export interface SendOptions {
  src: Ipv4Addr;
  dst: Ipv4Addr;
  protocol: number;
  ttl: number;
  tos: number;
  dontFrag: boolean;
  /** Explicit IP id; otherwise chosen as __ip_select_ident does. */
  ident?: number;
}

/** Address configuration as `ip addr add` passes it. */
export interface AddressSpec {
  local: Ipv4Addr;
  prefixLen: number;
  peer?: Ipv4Addr;
  broadcast?: Ipv4Addr;
  scope?: number;
  label?: string;
  flags?: number;
  metric?: number;
  validLft?: number;
  preferredLft?: number;
}

export class Ipv4 {
  private readonly ns: Namespace;
  /** Reusable header view (one per namespace; the datapath is not re-entrant within a view's use). */
  private readonly iph = new Ipv4Packet(new Uint8Array(0), 0, 0);
  /** ip_idents/ip_tstamps, keyed by the hashed (dst, src, protocol). */
  private readonly idents = new Map<number, { id: number; stamp: number }>();
  private readonly identKey: number;
  /** The inet_peer token buckets, shared by ip_error and the ICMP per-destination limit. */
  readonly peers: InetPeers = new InetPeers();
  /** Fragmentation and the reassembly queues (ip_fragment.c). */
  readonly frag: IpFragment;
  /** Path MTU exceptions of the nexthops (fib_nh_exception). */
  readonly fnhe: FnheTable;

  constructor(ns: Namespace) {
    this.ns = ns;
    this.identKey = ns.sim.rng.uint32();
    this.frag = new IpFragment(ns);
    this.fnhe = new FnheTable(ns);
  }

  // ===================================================================== address config

  /** inet_rtm_newaddr → __inet_insert_ifa → fib_add_ifaddr. */
  addAddress(dev: NetDevice, spec: AddressSpec, replace = false): IfAddr {
    const inDev = this.ns.inDevice(dev);
    if (inDev === undefined) throw new KernelError(Errno.ENODEV);
    if (spec.prefixLen > 32) throw new KernelError(Errno.EINVAL);
    const address = spec.peer ?? spec.local;
    const existing = inDev.findMatching(spec.local, address, spec.prefixLen);
    if (existing !== undefined) {
      if (!replace) throw new KernelError(Errno.EEXIST, "ipv4: Address already assigned");
      // inet_rtm_newaddr's replace: the request's metric (0 when absent) moves the prefix route
      // (fib_modify_prefix_metric), and the lifetimes are set anew.
      const metric = spec.metric ?? 0;
      if (existing.rtPriority !== metric) {
        this.fibModifyPrefixMetric(existing, metric);
        existing.rtPriority = metric;
      }
      existing.validLft = spec.validLft ?? INFINITY_LIFE_TIME;
      existing.preferredLft = spec.preferredLft ?? INFINITY_LIFE_TIME;
      return existing;
    }
    const ifa: IfAddr = {
      dev,
      local: spec.local,
      address,
      prefixLen: spec.prefixLen,
      broadcast: spec.broadcast ?? 0,
      scope: spec.scope ?? Scope.UNIVERSE,
      flags: (spec.flags ?? 0) | IfaFlags.PERMANENT,
      label: spec.label ?? dev.name,
      validLft: spec.validLft ?? INFINITY_LIFE_TIME,
      preferredLft: spec.preferredLft ?? INFINITY_LIFE_TIME,
      rtPriority: spec.metric ?? 0,
    };
    const result = inDev.insert(ifa);
    if (result === "exists") throw new KernelError(Errno.EEXIST);
    if (result === "scope") throw new KernelError(Errno.EINVAL, "ipv4: Invalid scope value");
    this.fibAddIfaddr(ifa);
    return ifa;
  }

  /** inet_rtm_deladdr: the first address matching what was given. */
  delAddress(dev: NetDevice, local: Ipv4Addr | undefined, prefixLen: number | undefined, label?: string): void {
    const inDev = this.ns.inDevice(dev);
    if (inDev === undefined) throw new KernelError(Errno.ENODEV);
    const ifa = inDev.addrs.find(
      (a) =>
        (local === undefined || a.local === local) &&
        (prefixLen === undefined || (a.prefixLen === prefixLen && ifaMatch(a.address, { ...a, address: local ?? a.address }))) &&
        (label === undefined || a.label === label),
    );
    if (ifa === undefined) throw new KernelError(Errno.EADDRNOTAVAIL, "ipv4: Address not found");
    this.inetDelIfa(inDev, ifa);
  }

  /** __inet_del_ifa: removing a primary takes its secondaries with it (promote_secondaries off). */
  private inetDelIfa(inDev: InDevice, ifa: IfAddr): void {
    const promote = (inDev.conf.promote_secondaries || this.ns.confAll.promote_secondaries) !== 0;
    const toRemove: IfAddr[] = [];
    let promoted: IfAddr | undefined;
    if ((ifa.flags & IfaFlags.SECONDARY) === 0) {
      for (const a of inDev.addrs) {
        if (a === ifa || (a.flags & IfaFlags.SECONDARY) === 0) continue;
        if (a.prefixLen !== ifa.prefixLen || !ifaMatch(a.address, ifa)) continue;
        if (promote) {
          promoted ??= a;
        } else {
          toRemove.push(a);
        }
      }
    }
    for (const sec of toRemove) {
      inDev.addrs.splice(inDev.addrs.indexOf(sec), 1);
      this.fibDelIfaddr(inDev, sec);
    }
    inDev.addrs.splice(inDev.addrs.indexOf(ifa), 1);
    if (promoted !== undefined) promoted.flags &= ~IfaFlags.SECONDARY;
    this.fibDelIfaddr(inDev, ifa);
    if (promoted !== undefined) this.fibAddIfaddr(promoted);
    if (inDev.addrs.length === 0) {
      // The last address went: fib_disable_ip(dev, NETDEV_DOWN, force).
      this.ns.fib.syncDownDev(inDev.dev.ifindex, "down", true);
    }
  }

  /** fib_magic: a kernel route for an address, proto kernel, prefsrc = the primary's address. */
  private fibMagic(add: boolean, type: number, dst: Ipv4Addr, prefixLen: number, prim: IfAddr, priority: number): void {
    const cfg = {
      table: type === RouteType.UNICAST ? RouteTable.MAIN : RouteTable.LOCAL,
      type: type as RouteType,
      dst,
      prefixLen,
      priority,
      protocol: RouteProtocol.KERNEL,
      scope: type !== RouteType.LOCAL ? Scope.LINK : Scope.HOST,
      prefsrc: prim.local,
      nexthops: [{ ifindex: prim.dev.ifindex }],
    };
    if (add) this.ns.fib.magicAdd(cfg);
    else this.ns.fib.magicDel({ ...cfg, ifindex: prim.dev.ifindex });
  }

  /** fib_add_ifaddr (net/ipv4/fib_frontend.c). */
  private fibAddIfaddr(ifa: IfAddr): void {
    const inDev = this.ns.inDevice(ifa.dev)!;
    const dev = ifa.dev;
    const mask = prefixMask(ifa.prefixLen);
    const prefix = (ifa.address & mask) >>> 0;
    let prim: IfAddr | undefined = ifa;
    if ((ifa.flags & IfaFlags.SECONDARY) !== 0) {
      prim = inDev.byPrefix(prefix, ifa.prefixLen);
      if (prim === undefined) return;
    }
    this.fibMagic(true, RouteType.LOCAL, ifa.local, 32, prim, 0);
    if (!dev.adminUp) return;
    if (ifa.broadcast !== 0 && ifa.broadcast !== IPV4_BROADCAST) this.fibMagic(true, RouteType.BROADCAST, ifa.broadcast, 32, prim, 0);
    if (!isZeronet(prefix) && (ifa.flags & IfaFlags.SECONDARY) === 0 && (prefix !== ifa.local || ifa.prefixLen < 32)) {
      if ((ifa.flags & IfaFlags.NOPREFIXROUTE) === 0) {
        this.fibMagic(true, dev.kind === "loopback" ? RouteType.LOCAL : RouteType.UNICAST, prefix, ifa.prefixLen, prim, ifa.rtPriority);
      }
      if (ifa.prefixLen < 31) this.fibMagic(true, RouteType.BROADCAST, (prefix | ~mask) >>> 0, 32, prim, 0);
    }
  }

  /** fib_modify_prefix_metric: the prefix route re-added with the new metric, then the old one deleted. */
  private fibModifyPrefixMetric(ifa: IfAddr, metric: number): void {
    const prefix = (ifa.address & prefixMask(ifa.prefixLen)) >>> 0;
    if (!ifa.dev.adminUp || (ifa.flags & (IfaFlags.SECONDARY | IfaFlags.NOPREFIXROUTE)) !== 0 || isZeronet(prefix)) return;
    if (prefix === ifa.local && ifa.prefixLen === 32) return;
    this.fibMagic(true, RouteType.UNICAST, prefix, ifa.prefixLen, ifa, metric);
    this.fibMagic(false, RouteType.UNICAST, prefix, ifa.prefixLen, ifa, ifa.rtPriority);
  }

  /** fib_del_ifaddr: remove only what no remaining address still needs. */
  private fibDelIfaddr(inDev: InDevice, ifa: IfAddr): void {
    const LOCAL_OK = 1;
    const BRD_OK = 2;
    const BRD0_OK = 4;
    const BRD1_OK = 8;
    const mask = prefixMask(ifa.prefixLen);
    const brd = (ifa.address | ~mask) >>> 0;
    const any = (ifa.address & mask) >>> 0;
    let ok = 0;
    let subnet = false;
    let prim: IfAddr | undefined = ifa;
    if ((ifa.flags & IfaFlags.SECONDARY) !== 0) {
      prim = inDev.byPrefix(any, ifa.prefixLen);
      if (prim === undefined) return;
    } else if (!isZeronet(any) && (any !== ifa.local || ifa.prefixLen < 32)) {
      if ((ifa.flags & IfaFlags.NOPREFIXROUTE) === 0) {
        this.fibMagic(false, inDev.dev.kind === "loopback" ? RouteType.LOCAL : RouteType.UNICAST, any, ifa.prefixLen, prim, 0);
      }
      subnet = true;
    }
    for (const a of inDev.addrs) {
      if (a === ifa) continue;
      if ((a.flags & IfaFlags.SECONDARY) !== 0) {
        if (!(a.prefixLen === prim.prefixLen && ifaMatch(a.address, prim))) continue;
      } else if (prim.local !== a.local) {
        continue;
      }
      if (ifa.local === a.local) ok |= LOCAL_OK;
      if (ifa.broadcast === a.broadcast) ok |= BRD_OK;
      if (brd === a.broadcast) ok |= BRD1_OK;
      if (any === a.broadcast) ok |= BRD0_OK;
      if ((a.flags & IfaFlags.SECONDARY) === 0 && a.prefixLen < 31) {
        const brd1 = broadcastOf(a.address, a.prefixLen);
        const any1 = networkOf(a.address, a.prefixLen);
        if (!isZeronet(any1)) {
          if (ifa.broadcast === brd1 || ifa.broadcast === any1) ok |= BRD_OK;
          if (brd === brd1 || brd === any1) ok |= BRD1_OK;
          if (any === brd1 || any === any1) ok |= BRD0_OK;
        }
      }
    }
    if ((ok & BRD_OK) === 0 && ifa.broadcast !== 0) this.fibMagic(false, RouteType.BROADCAST, ifa.broadcast, 32, prim, 0);
    if (subnet && ifa.prefixLen < 31) {
      if ((ok & BRD1_OK) === 0) this.fibMagic(false, RouteType.BROADCAST, brd, 32, prim, 0);
      if ((ok & BRD0_OK) === 0) this.fibMagic(false, RouteType.BROADCAST, any, 32, prim, 0);
    }
    if ((ok & LOCAL_OK) === 0) {
      this.fibMagic(false, RouteType.LOCAL, ifa.local, 32, prim, 0);
      if (this.ns.findAddrDevice(ifa.local) === undefined) this.ns.fib.syncDownAddr(ifa.local);
    }
  }

  /** inetdev_event + fib_netdev_event: keep addresses, routes and neighbours in step with the device. */
  deviceEvent(dev: NetDevice, event: DeviceEvent): void {
    const inDev = this.ns.inDevice(dev);
    if (inDev === undefined) return;
    switch (event) {
      case "up":
        if (dev.kind === "loopback" && inDev.addrs.length === 0) {
          // inetdev_event(NETDEV_UP) on loopback: 127.0.0.1/8 scope host appears by itself.
          const ifa: IfAddr = {
            dev,
            local: 0x7f000001,
            address: 0x7f000001,
            prefixLen: 8,
            broadcast: 0,
            scope: Scope.HOST,
            flags: IfaFlags.PERMANENT,
            label: dev.name,
            validLft: INFINITY_LIFE_TIME,
            preferredLft: INFINITY_LIFE_TIME,
            rtPriority: 0,
          };
          inDev.insert(ifa);
        }
        for (const ifa of [...inDev.addrs]) this.fibAddIfaddr(ifa);
        this.ns.fib.syncUp(dev.ifindex, dev.carrier, "up");
        // arp_netdev_event NETDEV_UP: arp_notify's gratuitous ARP.
        this.ns.arp.netdevEvent(dev, "up");
        break;
      case "down":
        this.ns.fib.syncDownDev(dev.ifindex, "down", false);
        // fib_disable_ip → arp_ifdown → neigh_ifdown: every entry goes, permanent ones too
        // (only a carrier loss keeps them: neigh_carrier_down).
        this.ns.neigh.flushDevice(dev, false);
        break;
      case "address":
        // arp_netdev_event NETDEV_CHANGEADDR: neigh_changeaddr, and arp_notify's announcement.
        this.ns.arp.netdevEvent(dev, "address");
        break;
      case "carrier":
        if (dev.carrier) {
          this.ns.fib.syncUp(dev.ifindex, true, "carrier");
        } else {
          this.ns.fib.syncDownDev(dev.ifindex, "change", false);
          if ((inDev.conf.arp_evict_nocarrier && this.ns.confAll.arp_evict_nocarrier) !== 0) this.ns.neigh.flushDevice(dev, true);
        }
        break;
      default:
        break;
    }
  }

  /** The device leaves the namespace: its addresses and every route through it go. */
  deviceGone(dev: NetDevice): void {
    const inDev = this.ns.inDevice(dev);
    if (inDev === undefined) return;
    inDev.dead = true;
    for (const ifa of [...inDev.addrs].reverse()) {
      inDev.addrs.splice(inDev.addrs.indexOf(ifa), 1);
      this.fibDelIfaddr(inDev, ifa);
    }
    this.ns.fib.syncDownDev(dev.ifindex, "unregister", true);
  }

  // ===================================================================== source addresses

  /** inet_select_addr: a primary address of `dev` (preferring one on `dst`'s subnet) within `scope`. */
  selectAddr(dev: NetDevice | null, dst: Ipv4Addr, scope: number): Ipv4Addr {
    const localnetScope = Scope.HOST;
    if (dev !== null) {
      const inDev = this.ns.inDevice(dev);
      let addr = 0;
      if (inDev !== undefined) {
        for (const ifa of inDev.addrs) {
          if ((ifa.flags & IfaFlags.SECONDARY) !== 0) continue;
          if (Math.min(ifa.scope, localnetScope) > scope) continue;
          if (dst === 0 || ifaMatch(dst, ifa)) {
            addr = ifa.local;
            break;
          }
          if (addr === 0) addr = ifa.local;
        }
      }
      if (addr !== 0) return addr;
    }
    // Not on that device: the first suitable address of any device, loopback first.
    for (const d of this.ns.devices()) {
      const inDev = this.ns.inDevice(d);
      if (inDev === undefined) continue;
      for (const ifa of inDev.addrs) {
        if ((ifa.flags & IfaFlags.SECONDARY) !== 0) continue;
        if (ifa.scope !== Scope.LINK && Math.min(ifa.scope, localnetScope) <= scope) return ifa.local;
      }
    }
    return 0;
  }

  // ===================================================================== routing decisions

  /**
   * nhc_rth_input / nhc_pcpu_rth_output: the rtable last built for a nexthop, reused while it
   * is exactly what would be built again (every field compared, as rt_cache_valid keeps a cached
   * dst only while nothing it was derived from changed), so no route object is made per packet.
   * Rtables are never modified once built.
   */
  private readonly rthInput = new WeakMap<object, Rtable>();
  private readonly rthOutput = new WeakMap<object, Rtable>();
  /** The cache key of broadcast input routes (ip_route_input_slow's brd_input caches on the FIB's nexthop too). */
  private readonly brdKey = {};

  /** rt_dst_alloc, or the rtable cached under `key` in `cache` when it is the same route. */
  private makeRtable(
    cache: WeakMap<object, Rtable> | null,
    key: object | null,
    type: number,
    flags: number,
    dev: NetDevice,
    gateway: Ipv4Addr,
    src: Ipv4Addr,
    input: Rtable["input"],
    error: Errno | 0,
    table: number,
    fibDev: NetDevice | null,
  ): Rtable {
    if (cache !== null && key !== null) {
      const c = cache.get(key);
      if (
        c !== undefined &&
        c.type === type &&
        c.flags === flags &&
        c.dev === dev &&
        c.gateway === gateway &&
        c.src === src &&
        c.input === input &&
        c.error === error &&
        c.table === table &&
        c.fibDev === fibDev &&
        c.mtu === dev.mtu
      ) {
        return c;
      }
    }
    const iif = cache !== this.rthOutput ? 0 : type === RouteType.LOCAL && fibDev !== null ? fibDev.ifindex : dev.ifindex;
    const rt: Rtable = { type, flags, dev, gateway, src, input, error, table, fibDev, mtu: dev.mtu, iif };
    if (cache !== null && key !== null) cache.set(key, rt);
    return rt;
  }

  /** ip_route_output_key_hash_rcu: where a locally generated packet goes, and from which source. */
  routeOutput(flow: OutputFlow): Rtable | Errno {
    return this.routeOutputKey(flow.dst, flow.src ?? 0, flow.oif ?? 0, flow.mark ?? 0, flow.tos ?? 0, flow.scope ?? Scope.UNIVERSE);
  }

  /** routeOutput with the flow's fields as arguments (no flowi4 object per packet). */
  routeOutputKey(dst: Ipv4Addr, src: Ipv4Addr, oif: number, mark: number, tos: number, scope: number): Rtable | Errno {
    const ns = this.ns;
    let devOut: NetDevice | undefined;
    if (src !== 0) {
      if (isMulticast(src) || isLimitedBroadcast(src) || isZeronet(src)) return Errno.EINVAL;
      // __ip_dev_find: an address of ours, or anything the local table calls local (127.1.2.3).
      // Not ours: ENETUNREACH, as `ip route get X from <foreign>` answers.
      if (ns.fib.localType(src) !== RouteType.LOCAL && ns.ipv4conf.ip_nonlocal_bind === 0) return Errno.ENETUNREACH;
    }
    if (oif !== 0) {
      devOut = ns.deviceByIndex(oif);
      if (devOut === undefined) return Errno.ENODEV;
      if (!devOut.adminUp || ns.inDevice(devOut) === undefined) return Errno.ENETUNREACH;
      if (isLimitedBroadcast(dst)) {
        if (src === 0) src = this.selectAddr(devOut, 0, Scope.LINK);
        return this.mkrouteOutput(RouteType.BROADCAST, devOut, 0, src, dst, RouteTable.MAIN, null, null);
      }
      // No source yet: a multicast destination takes one of the device's, and so does 0.0.0.0
      // (which then becomes the destination, below).
      if (src === 0 && isMulticast(dst)) src = this.selectAddr(devOut, 0, scope);
      else if (src === 0 && dst === 0) src = this.selectAddr(devOut, 0, Scope.HOST);
    }
    if (dst === 0) {
      dst = src !== 0 ? src : 0x7f000001;
      if (src === 0) src = 0x7f000001;
      // No FIB result behind this route: res.table is NULL, so RTM_GETROUTE names no table.
      return this.mkrouteOutput(RouteType.LOCAL, ns.lo, 0, src, dst, 0, null, null);
    }
    const result = ns.fib.lookupKey(dst, src, 1, oif, mark, tos, scope);
    if (typeof result === "number") {
      if (oif !== 0 && devOut !== undefined) {
        // "Apparently, routing tables are wrong. Assume that the destination is on link."
        if (src === 0) src = this.selectAddr(devOut, 0, Scope.LINK);
        return this.mkrouteOutput(RouteType.UNICAST, devOut, 0, src, dst, RouteTable.MAIN, null, null);
      }
      return result;
    }
    const route = result.route!;
    const nexthop = result.nexthop!;
    const table = result.table;
    const nhDev = ns.deviceByIndex(nexthop.ifindex);
    if (route.type === RouteType.LOCAL) {
      if (src === 0) src = route.prefsrc !== 0 ? route.prefsrc : dst;
      return this.mkrouteOutput(RouteType.LOCAL, ns.lo, 0, src, dst, table, nhDev ?? null, nexthop);
    }
    if (nhDev === undefined) return Errno.ENETUNREACH;
    if (src === 0) {
      src = route.prefsrc !== 0 ? route.prefsrc : this.selectAddr(nhDev, nexthop.gateway, route.scope);
    }
    return this.mkrouteOutput(route.type, nhDev, nexthop.gateway, src, dst, table, null, nexthop);
  }

  /** __mkroute_output; `nexthop` (the FIB result's) holds the cached rtable, null for none. */
  private mkrouteOutput(type: number, dev: NetDevice, gateway: Ipv4Addr, src: Ipv4Addr, dst: Ipv4Addr, table: number, fibDev: NetDevice | null, nexthop: object | null): Rtable | Errno {
    // A loopback source leaves only through loopback, unless the output device has
    // route_localnet (IN_DEV_ROUTE_LOCALNET: conf/all or its own) — a DNAT to 127.0.0.1 answers.
    if (isLoopback(src) && dev.kind !== "loopback") {
      const inDev = this.ns.inDevice(dev);
      if (inDev === undefined || (inDev.conf.route_localnet | this.ns.confAll.route_localnet) === 0) return Errno.EINVAL;
    }
    let rtype = type;
    let flags = 0;
    if (isLimitedBroadcast(dst)) rtype = RouteType.BROADCAST;
    else if (isMulticast(dst)) rtype = RouteType.MULTICAST;
    else if (isZeronet(dst)) return Errno.EINVAL;
    if (dev.kind === "loopback") flags |= RTCF.LOCAL;
    if (rtype === RouteType.BROADCAST) flags |= RTCF.BROADCAST | RTCF.LOCAL;
    if (rtype === RouteType.LOCAL) flags |= RTCF.LOCAL;
    // rth->dst.input is ip_local_deliver for every RTCF_LOCAL route (a broadcast's looped copy, lo).
    const rt = this.makeRtable(this.rthOutput, nexthop, rtype, flags, dev, gateway, src, (flags & RTCF.LOCAL) !== 0 ? "local" : "none", 0, table, fibDev);
    // find_exception: a path MTU learnt for this destination behind this nexthop.
    return nexthop === null || this.fnhe.empty ? rt : this.fnhe.bindOutput(rt, nexthop, dst);
  }

  /** ip_route_input_slow: what to do with a received packet (deliver, forward, or an error). */
  routeInput(pkt: Packet, dst: Ipv4Addr, src: Ipv4Addr, tos: number, dev: NetDevice): Rtable | DropReason {
    const ns = this.ns;
    const inDev = ns.inDevice(dev);
    if (inDev === undefined) return DropReason.NOT_SPECIFIED;
    if (isMulticast(src) || isLimitedBroadcast(src)) return DropReason.IP_INVALID_SOURCE;
    if (isLimitedBroadcast(dst) || (src === 0 && dst === 0)) return this.brdInput(dst, src, dev, tos, pkt.mark);
    if (isZeronet(src)) return DropReason.IP_INVALID_SOURCE;
    if (isZeronet(dst)) return DropReason.IP_INVALID_DEST;
    const routeLocalnet = (inDev.conf.route_localnet | ns.confAll.route_localnet) !== 0;
    if (isLoopback(dst)) {
      if (!routeLocalnet) return DropReason.IP_INVALID_DEST;
    } else if (isLoopback(src)) {
      if (!routeLocalnet) return DropReason.IP_INVALID_SOURCE;
    }
    if (isMulticast(dst)) return DropReason.IP_INVALID_DEST; // no multicast routing modelled
    const forwarding = inDev.conf.forwarding !== 0;
    const result = ns.fib.lookupKey(dst, src, dev.ifindex, 0, pkt.mark, tos, Scope.UNIVERSE);
    if (typeof result === "number") {
      const err = forwarding ? result : Errno.EHOSTUNREACH;
      return this.makeRtable(null, null, RouteType.UNREACHABLE, 0, ns.lo, 0, 0, "error", err, RouteTable.MAIN, null);
    }
    const route = result.route!;
    const nexthop = result.nexthop!;
    const table = result.table;
    if (route.type === RouteType.BROADCAST) return this.brdInput(dst, src, dev, tos, pkt.mark);
    if (route.type === RouteType.LOCAL) {
      const v = this.fibValidateSource(src, dst, tos, 0, dev, inDev, pkt.mark);
      if (v < 0) return v === -Errno.EXDEV ? DropReason.IP_RPFILTER : this.validateReason;
      return this.makeRtable(this.rthInput, nexthop, RouteType.LOCAL, RTCF.LOCAL, ns.lo, 0, 0, "local", 0, table, null);
    }
    if (!forwarding) return this.makeRtable(null, null, RouteType.UNREACHABLE, 0, ns.lo, 0, 0, "error", Errno.EHOSTUNREACH, RouteTable.MAIN, null);
    if (route.type !== RouteType.UNICAST) return DropReason.IP_INVALID_DEST;
    const outDev = ns.deviceByIndex(nexthop.ifindex);
    if (outDev === undefined) return DropReason.IP_INNOROUTES;
    // __mkroute_input: fib_validate_source with the output device as oif.
    const v = this.fibValidateSource(src, dst, tos, outDev.ifindex, dev, inDev, pkt.mark);
    if (v < 0) return v === -Errno.EXDEV ? DropReason.IP_RPFILTER : this.validateReason;
    return this.makeRtable(this.rthInput, nexthop, RouteType.UNICAST, 0, outDev, nexthop.gateway, 0, "forward", 0, table, null);
  }

  /** The drop reason of fib_validate_source's last -EINVAL (IP_LOCAL_SOURCE or IP_INVALID_SOURCE). */
  private validateReason: DropReason = DropReason.IP_LOCAL_SOURCE;

  /**
   * fib_validate_source (fib_frontend.c): is `src` a believable source for a packet arriving on
   * `dev`? Returns a negative errno (-EINVAL: a martian, the reason in validateReason; -EXDEV:
   * reverse path filtering), else 0, or 1 when the source is directly connected on `dev`
   * (what __mkroute_input's redirect decision wants). `oif`: the output device of a forwarded
   * packet, 0 for local delivery.
   */
  fibValidateSource(src: Ipv4Addr, dst: Ipv4Addr, tos: number, oif: number, dev: NetDevice, inDev: InDevice, mark: number): number {
    const all = this.ns.confAll;
    const conf = inDev.conf;
    // IN_DEV_RPFILTER: the larger of conf/all and the device's.
    const rpf = Math.max(all.rp_filter, conf.rp_filter);
    const txRedirects = (all.send_redirects | conf.send_redirects) !== 0;
    if (rpf === 0 && (dev.ifindex !== oif || !txRedirects)) {
      if ((conf.accept_local | all.accept_local) !== 0) return 0;
      // inet_lookup_ifaddr_rcu: "Within the same container, it is regarded as a martian source."
      if (this.ns.findAddrDevice(src) !== undefined) {
        this.validateReason = DropReason.IP_LOCAL_SOURCE;
        return -Errno.EINVAL;
      }
      return 0;
    }
    return this.fibValidateSourceFull(src, dst, tos, oif, dev, inDev, rpf, mark);
  }

  /** __fib_validate_source: the reverse lookup (from dst to src), strict (rpf 1) or loose (2). */
  private fibValidateSourceFull(src: Ipv4Addr, dst: Ipv4Addr, tos: number, oif: number, dev: NetDevice, inDev: InDevice, rpf: number, mark: number): number {
    const ns = this.ns;
    const all = ns.confAll;
    const conf = inDev.conf;
    const noAddr = inDev.addrs.length === 0;
    // flowi4_mark only under src_valid_mark; flowi4_iif = oif or LOOPBACK_IFINDEX.
    const flowMark = (conf.src_valid_mark | all.src_valid_mark) !== 0 ? mark : 0;
    const res = ns.fib.lookupKey(src, dst, oif !== 0 ? oif : 1, 0, flowMark, tos, Scope.UNIVERSE);
    if (typeof res === "number") return rpf !== 0 ? -Errno.EXDEV : 0; // last_resort
    const type = res.type;
    if (type !== RouteType.UNICAST) {
      if (type !== RouteType.LOCAL) {
        this.validateReason = DropReason.IP_INVALID_SOURCE;
        return -Errno.EINVAL;
      }
      if ((conf.accept_local | all.accept_local) === 0) {
        this.validateReason = DropReason.IP_LOCAL_SOURCE;
        return -Errno.EINVAL;
      }
    }
    // fib_info_nh_uses_dev, or a local route seen from loopback.
    const ifindex = dev.ifindex;
    const nhs = res.route!.nexthops;
    let devMatch = type === RouteType.LOCAL && dev === ns.lo;
    for (let i = 0; i < nhs.length && !devMatch; i++) devMatch = nhs[i]!.ifindex === ifindex;
    if (devMatch) return res.nexthop!.scope >= Scope.HOST ? 1 : 0;
    if (noAddr) return rpf !== 0 ? -Errno.EXDEV : 0;
    if (rpf === 1) return -Errno.EXDEV;
    // Loose mode: any route back, through the device (FIB_LOOKUP_IGNORE_LINKSTATE).
    const res2 = ns.fib.lookupKey(src, dst, oif !== 0 ? oif : 1, ifindex, flowMark, tos, Scope.UNIVERSE);
    if (typeof res2 !== "number" && res2.type === RouteType.UNICAST) return res2.nexthop!.scope >= Scope.HOST ? 1 : 0;
    return 0;
  }

  private brdInput(dst: Ipv4Addr, src: Ipv4Addr, dev: NetDevice, tos = 0, mark = 0): Rtable | DropReason {
    const inDev = this.ns.inDevice(dev)!;
    // brd_input: fib_validate_source(skb, saddr, 0, ...) unless the source is 0.0.0.0.
    if (src !== 0) {
      const v = this.fibValidateSource(src, 0, tos, 0, dev, inDev, mark);
      if (v < 0) return v === -Errno.EXDEV ? DropReason.IP_RPFILTER : this.validateReason;
    }
    void dst;
    return this.makeRtable(this.rthInput, this.brdKey, RouteType.BROADCAST, RTCF.BROADCAST | RTCF.LOCAL, this.ns.lo, 0, 0, "local", 0, RouteTable.MAIN, null);
  }

  // ===================================================================== receive

  /** ip_rcv + ip_rcv_core: sanity checks, then PRE_ROUTING, then ip_rcv_finish. */
  rcv(pkt: Packet, dev: NetDevice): void {
    const ns = this.ns;
    const sim = ns.sim;
    const mib = ns.mib.ip;
    if (pkt.pktType === PacketType.OTHERHOST) {
      sim.reportDrop(pkt, "ip_rcv_core", DropReason.OTHERHOST, dev);
      return;
    }
    // IPSTATS_MIB_IN: InReceives and InOctets, the length as received (before the trim).
    mib.InReceives++;
    const len = pkt.length;
    mib.InOctets += len;
    const iph = this.iph.reset(pkt.buf, pkt.head, len);
    if (len < IPV4_HEADER_LEN || iph.headerLen < IPV4_HEADER_LEN || iph.version !== 4) {
      mib.InHdrErrors++;
      sim.reportDrop(pkt, "ip_rcv_core", DropReason.IP_INHDR, dev);
      return;
    }
    // IPSTATS_MIB_NOECTPKTS + the ECN field, before the checksum is verified.
    switch (iph.tos & 3) {
      case 0:
        mib.InNoECTPkts++;
        break;
      case 1:
        mib.InECT1Pkts++;
        break;
      case 2:
        mib.InECT0Pkts++;
        break;
      default:
        mib.InCEPkts++;
    }
    if (len < iph.headerLen) {
      mib.InHdrErrors++;
      sim.reportDrop(pkt, "ip_rcv_core", DropReason.IP_INHDR, dev);
      return;
    }
    if (!iph.verifyChecksum()) {
      mib.InCsumErrors++;
      mib.InHdrErrors++;
      sim.reportDrop(pkt, "ip_rcv_core", DropReason.IP_CSUM, dev);
      return;
    }
    const totalLen = iph.totalLen;
    if (len < totalLen) {
      mib.InTruncatedPkts++;
      sim.reportDrop(pkt, "ip_rcv_core", DropReason.PKT_TOO_SMALL, dev);
      return;
    }
    if (totalLen < iph.headerLen) {
      mib.InHdrErrors++;
      sim.reportDrop(pkt, "ip_rcv_core", DropReason.IP_INHDR, dev);
      return;
    }
    pkt.trim(totalLen);
    pkt.networkOffset = pkt.head;
    pkt.transportOffset = pkt.head + iph.headerLen;
    if (sim.observed) this.step(pkt, "ip_rcv", `dev ${dev.name}`);
    const nf = ns.netfilter;
    if (nf !== null && nf.active) {
      // nf_defrag_ipv4 (PRE_ROUTING, priority -400): conntrack sees whole datagrams.
      if (iph.isFragment && nf.conntrackEnabled) {
        const whole = this.frag.defrag(pkt, IpDefragUser.CONNTRACK_IN);
        if (whole === null) return;
        pkt = whole;
      }
      if (!nf.hook(NfHook.PRE_ROUTING, pkt, dev, null)) return;
    }
    this.rcvFinish(pkt, dev);
  }

  /** A step of the packet's way for tracers (PacketTracer), tagged with the namespace. */
  private step(pkt: Packet, where: string, detail: string): void {
    const name = this.ns.name;
    this.ns.sim.reportStep(pkt, where, name === "" ? detail : `[${name}] ${detail}`);
  }

  /** ip_rcv_finish: route the packet (unless it already carries a route, as looped-back packets do). */
  private rcvFinish(pkt: Packet, dev: NetDevice): void {
    let rt = pkt.dst as Rtable | null;
    if (rt === null) {
      const iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.length);
      const decision = this.routeInput(pkt, iph.dst, iph.src, iph.tos, dev);
      if (typeof decision === "string") {
        // ip_rcv_finish_core: a reverse path filter drop is counted (LINUX_MIB_IPRPFILTER).
        if (decision === DropReason.IP_RPFILTER) {
          const ext = this.ns.mib.tcpExt;
          ext.set("IPReversePathFilter", ext.get("IPReversePathFilter")! + 1);
        }
        this.ns.sim.reportDrop(pkt, "ip_route_input_slow", decision, dev);
        return;
      }
      rt = decision;
      pkt.dst = rt;
    }
    // ip_rcv_finish_core: multicast and broadcast datagrams by the route's type.
    if (rt.type === RouteType.BROADCAST) {
      const mib = this.ns.mib.ip;
      mib.InBcastPkts++;
      mib.InBcastOctets += pkt.length;
    } else if (rt.type === RouteType.MULTICAST) {
      const mib = this.ns.mib.ip;
      mib.InMcastPkts++;
      mib.InMcastOctets += pkt.length;
    }
    if (this.ns.sim.observed) this.step(pkt, "ip_rcv_finish", `route ${rt.input}${rt.input === "forward" ? ` via ${rt.dev.name}` : ""}`);
    switch (rt.input) {
      case "local":
        this.localDeliver(pkt, rt);
        return;
      case "forward":
        this.forward(pkt, rt);
        return;
      case "error":
        this.ipError(pkt, rt, dev);
        return;
      default:
        this.ns.sim.reportDrop(pkt, "ip_rcv_finish", DropReason.NOT_SPECIFIED, dev);
    }
  }

  /** ip_error: turn a failed input route into ICMP (only when the input device forwards). */
  private ipError(pkt: Packet, rt: Rtable, dev: NetDevice): void {
    const ns = this.ns;
    const inDev = ns.inDevice(dev);
    const mib = ns.mib.ip;
    if (inDev === undefined || inDev.conf.forwarding === 0) {
      if (rt.error === Errno.EHOSTUNREACH) {
        mib.InAddrErrors++;
        ns.sim.reportDrop(pkt, "ip_error", DropReason.IP_INADDRERRORS, dev);
      } else if (rt.error === Errno.ENETUNREACH) {
        mib.InNoRoutes++;
        ns.sim.reportDrop(pkt, "ip_error", DropReason.IP_INNOROUTES, dev);
      } else {
        ns.sim.reportDrop(pkt, "ip_error", DropReason.NOT_SPECIFIED, dev);
      }
      return;
    }
    let code: number;
    switch (rt.error) {
      case Errno.EHOSTUNREACH:
        code = IcmpUnreachableCode.HostUnreachable;
        break;
      case Errno.ENETUNREACH:
        code = IcmpUnreachableCode.NetUnreachable;
        mib.InNoRoutes++;
        break;
      case Errno.EACCES:
        code = IcmpUnreachableCode.AdminProhibited;
        break;
      default:
        // blackhole (EINVAL): silent.
        ns.sim.reportDrop(pkt, "ip_error", DropReason.BLACKHOLE, dev);
        return;
    }
    // The source's inet_peer bucket: ip_rt_error_cost (1 s) per error, ip_rt_error_burst (5 s);
    // icmp_send then also charges the same bucket through icmpv4_xrlim_allow.
    const iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.length);
    const jiffies = jiffiesOf(ns.sim.now);
    const peer = this.peers.get(iph.src, jiffies);
    peer.rateTokens = Math.min(5 * HZ, peer.rateTokens + (jiffies - peer.rateLast));
    peer.rateLast = jiffies;
    if (peer.rateTokens >= HZ) {
      peer.rateTokens -= HZ;
      ns.icmp.send(pkt, IcmpType.DestUnreachable, code, 0);
    }
    ns.sim.reportDrop(pkt, "ip_error", rt.error === Errno.ENETUNREACH ? DropReason.IP_INNOROUTES : DropReason.NOT_SPECIFIED, dev);
  }

  /** ip_local_deliver + ip_local_deliver_finish + ip_protocol_deliver_rcu. */
  private localDeliver(pkt: Packet, rt: Rtable): void {
    const ns = this.ns;
    let iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.length);
    if (iph.isFragment) {
      const whole = this.frag.defrag(pkt, IpDefragUser.LOCAL_DELIVER);
      if (whole === null) return;
      pkt = whole;
      iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.length);
    }
    const nf = ns.netfilter;
    if (nf !== null && nf.active) {
      if (!nf.hook(NfHook.LOCAL_IN, pkt, pkt.inDev as NetDevice | null, null)) return;
      iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset);
    }
    const protocol = iph.protocol;
    if (ns.sim.observed) this.step(pkt, "ip_local_deliver", `protocol ${protocol}`);
    pkt.head = pkt.transportOffset;
    const rawDelivered = ns.raw.deliver(pkt, protocol);
    switch (protocol) {
      case IpProtocol.Icmp:
        ns.mib.ip.InDelivers++;
        ns.icmp.rcv(pkt, rt);
        return;
      case IpProtocol.Udp:
        ns.mib.ip.InDelivers++;
        ns.udp.rcv(pkt, rt);
        return;
      case IpProtocol.Tcp:
        ns.mib.ip.InDelivers++;
        ns.tcp.rcv(pkt, rt);
        return;
      default:
        if (rawDelivered) {
          ns.mib.ip.InDelivers++;
          return;
        }
        ns.mib.ip.InUnknownProtos++;
        if ((rt.flags & RTCF.BROADCAST) === 0) {
          pkt.head = pkt.networkOffset;
          ns.icmp.send(pkt, IcmpType.DestUnreachable, IcmpUnreachableCode.ProtocolUnreachable, 0);
        }
        ns.sim.reportDrop(pkt, "ip_local_deliver_finish", DropReason.UNHANDLED_PROTO, pkt.inDev);
    }
  }

  /** ip_forward: TTL, MTU, then FORWARD and out. */
  private forward(pkt: Packet, rt: Rtable): void {
    const ns = this.ns;
    const sim = ns.sim;
    if (pkt.pktType !== PacketType.HOST) {
      sim.reportDrop(pkt, "ip_forward", DropReason.OTHERHOST, pkt.inDev);
      return;
    }
    const iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.length);
    if (iph.ttl <= 1) {
      ns.mib.ip.InHdrErrors++;
      ns.icmp.send(pkt, IcmpType.TimeExceeded, IcmpTimeExceededCode.TtlExceeded, 0);
      sim.reportDrop(pkt, "ip_forward", DropReason.TTL_EXPIRED, pkt.inDev);
      return;
    }
    // IPSTATS_MIB_OUTFORWDATAGRAMS ("ForwDatagrams") counts before the MTU check.
    ns.mib.ip.ForwDatagrams++;
    ns.mib.ip.OutForwDatagrams++;
    // ip_dst_mtu_maybe_forward: the device MTU; a DF-less datagram is fragmented on output.
    const mtu = Math.min(rt.dev.mtu, 0xffff);
    if (this.frag.exceedsMtu(pkt, iph.totalLen, iph.dontFrag, mtu)) {
      ns.mib.ip.FragFails++;
      ns.icmp.send(pkt, IcmpType.DestUnreachable, IcmpUnreachableCode.FragmentationNeeded, mtu);
      sim.reportDrop(pkt, "ip_forward", DropReason.PKT_TOO_BIG, pkt.inDev);
      return;
    }
    iph.decrementTtl();
    // IPSKB_DOREDIRECT (__mkroute_input): the packet leaves by the device it came in on; only
    // that case is looked at again here (the flag is the skb's, not the cached route's).
    if (rt.dev === pkt.inDev && this.doRedirect(pkt, rt)) this.sendRedirect(pkt, rt);
    const nf = ns.netfilter;
    if (nf !== null && nf.active && !nf.hook(NfHook.FORWARD, pkt, pkt.inDev as NetDevice | null, rt.dev)) return;
    if (sim.observed) this.step(pkt, "ip_forward", `out ${rt.dev.name}`);
    this.output(pkt, rt);
  }

  /**
   * __mkroute_input's IPSKB_DOREDIRECT for a packet forwarded out of the device it came in on:
   * that device sends redirects (conf/all or its own), fib_validate_source found the sender
   * directly connected there (1), and shared_media is on or the sender and the next hop share
   * a subnet of the device (inet_addr_onlink).
   */
  doRedirect(pkt: Packet, rt: Rtable): boolean {
    const dev = rt.dev;
    const inDev = this.ns.inDevice(dev);
    if (inDev === undefined || (inDev.conf.send_redirects | this.ns.confAll.send_redirects) === 0) return false;
    const iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset);
    const src = iph.src;
    if (this.fibValidateSource(src, iph.dst, iph.tos & 0x1e, dev.ifindex, dev, inDev, pkt.mark) !== 1) return false;
    if ((inDev.conf.shared_media | this.ns.confAll.shared_media) !== 0) return true;
    const gw = rt.gateway;
    for (const ifa of inDev.addrs) {
      if (ifaMatch(src, ifa) && (gw === 0 || ifaMatch(gw, ifa))) return true;
    }
    return false;
  }

  /**
   * ip_rt_send_redirect: an ICMP host redirect to the sender naming the next hop, limited per
   * sender (its inet_peer): the first at once, then after ip_rt_redirect_load (20 ms) << the
   * number sent, at most ip_rt_redirect_number (9) until ip_rt_redirect_silence (20.48 s)
   * passes without redirected packets.
   */
  private sendRedirect(pkt: Packet, rt: Rtable): void {
    const ns = this.ns;
    const iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset);
    const jiffies = jiffiesOf(ns.sim.now);
    const peer = this.peers.get(iph.src, jiffies);
    const load = HZ / 50;
    if (jiffies - peer.rateLast > load << 10) {
      peer.rateTokens = 0;
      peer.nRedirects = 0;
    }
    if (peer.nRedirects >= 9) {
      peer.rateLast = jiffies;
      return;
    }
    if (peer.nRedirects === 0 || jiffies - (peer.rateLast + (load << peer.nRedirects)) > 0) {
      const gw = rt.gateway !== 0 ? rt.gateway : iph.dst;
      ns.icmp.send(pkt, IcmpType.Redirect, 1, gw);
      peer.rateLast = jiffies;
      peer.nRedirects++;
    }
  }

  // ===================================================================== send

  /** ip_select_ident → __ip_select_ident: a per-(dst, src, protocol) counter that jumps with time. */
  selectIdent(dst: Ipv4Addr, src: Ipv4Addr, protocol: number): number {
    const key = (Math.imul(dst ^ this.identKey, 0x9e3779b1) ^ Math.imul(src + protocol, 0x85ebca6b)) >>> 18;
    const jiffies = Math.floor(this.ns.sim.now / (1e9 / HZ));
    let bucket = this.idents.get(key);
    if (bucket === undefined) {
      bucket = { id: this.ns.sim.rng.int(0, 0xffff), stamp: jiffies };
      this.idents.set(key, bucket);
    }
    let delta = 0;
    if (bucket.stamp !== jiffies) {
      delta = this.ns.sim.rng.int(0, jiffies - bucket.stamp - 1);
      bucket.stamp = jiffies;
    }
    const id = (bucket.id + delta) & 0xffff;
    bucket.id = (id + 1) & 0xffff;
    return id;
  }

  /**
   * Builds the IPv4 header in front of the payload at `pkt.head` and sends it along `rt`
   * (ip_build_and_send_pkt / ip_push_pending_frames → ip_local_out).
   */
  sendPayload(pkt: Packet, rt: Rtable, opts: SendOptions): number {
    return this.buildAndSend(pkt, rt, opts.src, opts.dst, opts.protocol, opts.ttl, opts.tos, opts.dontFrag, opts.ident ?? -1);
  }

  /**
   * sendPayload with the header fields as arguments (no options object per packet); ident −1:
   * __ip_select_ident's. Returns what ip_local_out returns: 0, or the errno of a drop on the way
   * (EPERM from a netfilter DROP, ENOBUFS from a device that dropped it). Callers that model
   * ip_send_skb (UDP, raw, ICMP replies) count OutDiscards for it; ip_queue_xmit (TCP) does not.
   */
  buildAndSend(pkt: Packet, rt: Rtable, src: Ipv4Addr, dst: Ipv4Addr, protocol: number, ttl: number, tos: number, dontFrag: boolean, ident: number): number {
    const head = pkt.push(IPV4_HEADER_LEN);
    const iph = this.iph.reset(pkt.buf, head, pkt.length);
    iph.buf[head] = 0x45;
    iph.tos = tos;
    iph.totalLen = pkt.length;
    iph.ident = ident >= 0 ? ident : this.selectIdent(dst, src, protocol);
    iph.buf[head + 6] = dontFrag ? 0x40 : 0;
    iph.buf[head + 7] = 0;
    iph.ttl = ttl;
    iph.protocol = protocol;
    iph.src = src;
    iph.dst = dst;
    iph.fillChecksum();
    pkt.networkOffset = head;
    pkt.transportOffset = head + IPV4_HEADER_LEN;
    pkt.protocol = ETH_P_IP;
    return this.localOut(pkt, rt);
  }

  /**
   * ip_local_out: LOCAL_OUT then dst_output. Returns 0 or an errno: nf_hook_slow turns NF_DROP
   * into -EPERM; a device's NET_XMIT_DROP becomes -ENOBUFS (net_xmit_errno).
   */
  localOut(pkt: Packet, rt: Rtable): number {
    this.ns.mib.ip.OutRequests++;
    if (this.ns.sim.observed) this.step(pkt, "ip_local_out", `route via ${rt.dev.name}`);
    const nf = this.ns.netfilter;
    if (nf !== null && nf.active) {
      pkt.dst = rt;
      if (!nf.hook(NfHook.LOCAL_OUT, pkt, null, rt.dev)) return Errno.EPERM;
      // A hook may have rerouted the packet (ip_route_me_harder after DNAT).
      rt = pkt.dst as Rtable;
    }
    return this.output(pkt, rt);
  }

  /** ip_output (ip_mc_output for broadcast routes) → POST_ROUTING → ip_finish_output → ip_finish_output2. */
  output(pkt: Packet, rt: Rtable): number {
    const ns = this.ns;
    const dev = rt.dev;
    pkt.dev = dev;
    pkt.protocol = ETH_P_IP;
    const nf = ns.netfilter;
    // __mkroute_output gives broadcast routes ip_mc_output, except through loopback (whose
    // transmission is the local copy already).
    if ((rt.flags & RTCF.BROADCAST) !== 0 && dev.kind !== "loopback") this.loopbackCopy(pkt, rt);
    if (nf !== null && nf.active) {
      pkt.dst = rt;
      // ip_output passes skb->dev as the in device: the input device of a forwarded packet.
      if (!nf.hook(NfHook.POST_ROUTING, pkt, pkt.inDev as NetDevice | null, dev)) return Errno.EPERM;
    }
    // ip_finish_output: too long for the (path) MTU, or reassembled by conntrack → ip_fragment.
    const frag = this.frag;
    if (
      (this.iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset).totalLen > dev.mtu || !this.fnhe.empty || frag.mayCarryReasm) &&
      frag.finishOutput(pkt, rt)
    ) {
      return 0;
    }
    return this.finishOutput2(pkt, rt);
  }

  /**
   * ip_mc_output's copy of a broadcast for this host: it passes POST_ROUTING on its own, then
   * dev_loopback_xmit hands it to netif_rx of the output device as PACKET_LOOPBACK, keeping the
   * route (whose input is ip_local_deliver). Packet sockets do not see it.
   */
  private loopbackCopy(pkt: Packet, rt: Rtable): void {
    const copy = pkt.clone();
    copy.dst = rt;
    const nf = this.ns.netfilter;
    if (nf !== null && nf.active && !nf.hook(NfHook.POST_ROUTING, copy, null, rt.dev)) return;
    copy.head = copy.networkOffset;
    copy.macOffset = -1;
    copy.pktType = PacketType.LOOPBACK;
    this.ns.sim.scheduler.callAfter(LOOPBACK_DELAY_NS, this.loopbackRx, this, copy, "dev_loopback_xmit");
  }

  private loopbackRx(pkt: Packet): void {
    const dev = pkt.dev as NetDevice;
    pkt.inDev = dev;
    if (!dev.adminUp || this.ns.inDevice(dev) === undefined) {
      this.ns.sim.reportDrop(pkt, "netif_rx", DropReason.DEV_READY, dev);
      return;
    }
    dev.deliver(pkt);
  }

  /**
   * ip_finish_output2: the neighbour of the next hop. Returns ENOBUFS when the device dropped
   * the frame (dev_queue_xmit's NET_XMIT_DROP, e.g. veth_xmit to a peer whose MTU is smaller);
   * a frame queued on an unresolved neighbour counts as sent.
   */
  finishOutput2(pkt: Packet, rt: Rtable): number {
    const ns = this.ns;
    const dev = rt.dev;
    const iph = this.iph.reset(pkt.buf, pkt.networkOffset, pkt.tail - pkt.networkOffset);
    const nexthop = rt.gateway !== 0 ? rt.gateway : iph.dst;
    // IPSTATS_MIB_OUTPKTS ("OutTransmits") and OutOctets: every packet and fragment handed to
    // the neighbour (the octets of fragments, not of the datagram they came from).
    const mib = ns.mib.ip;
    mib.OutTransmits++;
    const len = iph.totalLen;
    mib.OutOctets += len;
    if (rt.type === RouteType.BROADCAST) {
      mib.OutBcastPkts++;
      mib.OutBcastOctets += len;
    } else if (rt.type === RouteType.MULTICAST) {
      mib.OutMcastPkts++;
      mib.OutMcastOctets += len;
    }
    if (ns.sim.observed) this.step(pkt, "ip_finish_output2", `dev ${dev.name}`);
    const neigh = ns.neigh.lookupOrCreate(nexthop, dev);
    pkt.head = pkt.networkOffset;
    pkt.dst = rt;
    dev.xmitRc = NET_XMIT_SUCCESS;
    ns.neigh.output(neigh, pkt);
    // net_xmit_errno: NET_XMIT_CN is no error, NET_XMIT_DROP is -ENOBUFS.
    return dev.xmitRc === NET_XMIT_DROP ? Errno.ENOBUFS : 0;
  }

}
