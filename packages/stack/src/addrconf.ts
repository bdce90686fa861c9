/**
 * IPv6 address autoconfiguration as far as the IPv4-centred model needs it to print what
 * Linux prints (net/ipv6/addrconf.c): `::1` on loopback, an EUI-64 link-local address when a
 * link becomes ready, "tentative" until duplicate address detection finishes (a random delay
 * below rtr_solicit_delay = 1 s, then one probe and retrans_time = 1 s), and the kernel's
 * IPv6 routes (fe80::/64, ff00::/8, the local routes).
 *
 * Model limits: no IPv6 packet is sent or received — DAD neighbour solicitations, MLD
 * reports and router solicitations that a real link emits when it comes up are not modelled.
 */
import { type MacAddr, type ScheduledEvent } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import type { Namespace } from "./namespace";
import { Errno, KernelError } from "./errno";

export interface Inet6Addr {
  /** 16 bytes. */
  readonly addr: Uint8Array;
  readonly prefixLen: number;
  /** "host" or "link". */
  readonly scope: "host" | "link";
  tentative: boolean;
}

export interface Inet6Route {
  /** "unicast", "local" or "multicast". */
  type: "unicast" | "local" | "multicast";
  dst: Uint8Array;
  prefixLen: number;
  table: number;
  metric: number;
  dev: NetDevice;
  linkdown: boolean;
}

interface Inet6Dev {
  addrs: Inet6Addr[];
  dad: ScheduledEvent | null;
  /** IF_READY: the link-local address was configured. */
  ready: boolean;
}

const LOOPBACK6 = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
const FE80 = new Uint8Array([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const FF00 = new Uint8Array([0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

/** The modified EUI-64 link-local address of a MAC (RFC 4291 appendix A). */
export function linkLocalOf(mac: MacAddr): Uint8Array {
  const out = new Uint8Array(16);
  out[0] = 0xfe;
  out[1] = 0x80;
  const b = (i: number): number => Math.floor(mac / 2 ** (40 - 8 * i)) & 255;
  out[8] = b(0) ^ 0x02;
  out[9] = b(1);
  out[10] = b(2);
  out[11] = 0xff;
  out[12] = 0xfe;
  out[13] = b(3);
  out[14] = b(4);
  out[15] = b(5);
  return out;
}

/** RFC 5952 text form: lower case, longest run of zero groups compressed. */
export function formatIpv6(addr: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((addr[i]! << 8) | addr[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number): string => g.toString(16);
  if (bestStart < 0) return groups.map(hex).join(":");
  const head = groups.slice(0, bestStart).map(hex).join(":");
  const tail = groups.slice(bestStart + bestLen).map(hex).join(":");
  return `${head}::${tail}`;
}

export class Addrconf {
  private readonly ns: Namespace;
  private readonly devs = new Map<NetDevice, Inet6Dev>();
  private readonly routeList: Inet6Route[] = [];

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  addresses(dev: NetDevice): readonly Inet6Addr[] {
    return this.devs.get(dev)?.addrs ?? [];
  }

  routes(): readonly Inet6Route[] {
    return this.routeList;
  }

  private state(dev: NetDevice): Inet6Dev {
    let s = this.devs.get(dev);
    if (s === undefined) {
      s = { addrs: [], dad: null, ready: false };
      this.devs.set(dev, s);
    }
    return s;
  }

  /** addrconf_link_ready: up with carrier (loopback: up). */
  private linkReady(dev: NetDevice): boolean {
    return dev.adminUp && dev.carrier;
  }

  /** addrconf_notify for NETDEV_UP / NETDEV_CHANGE / NETDEV_DOWN / NETDEV_UNREGISTER. */
  deviceEvent(dev: NetDevice, event: "up" | "down" | "carrier" | "unregister"): void {
    if (event === "down" || event === "unregister" || this.ns.sysctl.ipv6Disabled(dev.name)) {
      this.ifdown(dev);
      return;
    }
    const s = this.state(dev);
    if (!this.linkReady(dev)) {
      // Carrier lost: addresses stay, routes are marked linkdown.
      for (const r of this.routeList) if (r.dev === dev && r.type !== "local") r.linkdown = true;
      return;
    }
    for (const r of this.routeList) if (r.dev === dev) r.linkdown = false;
    if (s.ready) {
      for (const a of s.addrs) if (a.tentative) this.startDad(dev, s);
      return;
    }
    s.ready = true;
    if (dev.kind === "loopback") {
      s.addrs.push({ addr: LOOPBACK6, prefixLen: 128, scope: "host", tentative: false });
      this.addRoute({ type: "local", dst: LOOPBACK6, prefixLen: 128, table: 255, metric: 0, dev, linkdown: false });
      return;
    }
    const ll = linkLocalOf(dev.mac);
    s.addrs.push({ addr: ll, prefixLen: 64, scope: "link", tentative: true });
    this.addRoute({ type: "unicast", dst: FE80, prefixLen: 64, table: 254, metric: 256, dev, linkdown: false });
    this.addRoute({ type: "multicast", dst: FF00, prefixLen: 8, table: 255, metric: 256, dev, linkdown: false });
    this.startDad(dev, s);
  }

  /** addrconf_dad_kick: wait a random time below rtr_solicit_delay, probe once, wait retrans_time. */
  private startDad(dev: NetDevice, s: Inet6Dev): void {
    const sim = this.ns.sim;
    sim.scheduler.cancel(s.dad);
    const delay = sim.rng.int(0, 999_999_999) + 1e9;
    s.dad = sim.scheduler.schedule(delay, () => {
      s.dad = null;
      for (const a of s.addrs) {
        if (!a.tentative) continue;
        a.tentative = false;
        this.addRoute({ type: "local", dst: a.addr, prefixLen: 128, table: 255, metric: 0, dev, linkdown: false });
      }
    }, "ipv6 dad");
  }

  /**
   * inet6_rtm_deladdr → inet6_addr_del → ipv6_del_addr: the address goes with its local route
   * and, for a link-local, the device's fe80::/64 (checked on 6.18: after `ip addr flush dev X`
   * only the ff00::/8 multicast route of X is left). Later ups do not bring it back; only a
   * down/up (addrconf_ifdown) does.
   */
  delAddress(dev: NetDevice, addr: Uint8Array, prefixLen: number): void {
    const s = this.devs.get(dev);
    const i = s === undefined ? -1 : s.addrs.findIndex((a) => a.prefixLen === prefixLen && compareIpv6(a.addr, addr) === 0);
    if (s === undefined || i < 0) throw new KernelError(Errno.EADDRNOTAVAIL);
    const [a] = s.addrs.splice(i, 1);
    for (let j = this.routeList.length - 1; j >= 0; j--) {
      const r = this.routeList[j]!;
      if (r.dev !== dev) continue;
      const local = r.type === "local" && compareIpv6(r.dst, a!.addr) === 0;
      const prefix = a!.scope === "link" && r.type === "unicast" && r.prefixLen === 64 && compareIpv6(r.dst, FE80) === 0;
      if (local || prefix) this.routeList.splice(j, 1);
    }
  }

  /** disable_ipv6 changed: devices where IPv6 is now off lose it, others configure it. */
  disableChanged(): void {
    for (const dev of this.ns.devices()) {
      if (this.ns.sysctl.ipv6Disabled(dev.name)) this.ifdown(dev);
      else if (dev.adminUp) this.deviceEvent(dev, "up");
    }
  }

  private ifdown(dev: NetDevice): void {
    const s = this.devs.get(dev);
    if (s !== undefined) this.ns.sim.scheduler.cancel(s.dad);
    this.devs.delete(dev);
    for (let i = this.routeList.length - 1; i >= 0; i--) if (this.routeList[i]!.dev === dev) this.routeList.splice(i, 1);
  }

  private addRoute(route: Inet6Route): void {
    this.routeList.push(route);
  }
}

/** Compares IPv6 addresses byte-wise (the order routes are listed in). */
export function compareIpv6(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
