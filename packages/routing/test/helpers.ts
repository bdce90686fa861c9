import { formatIpv4, parseIpv4 } from "@pktsim/core";
import {
  Fib,
  NexthopFlags,
  RouteProtocol,
  RouteScope,
  RouteTable,
  RouteType,
  RouteVerb,
  type FibLinks,
  type LinkState,
  type Route,
  type RouteConfig,
} from "../src/index";

export const ip = (s: string): number => {
  const v = parseIpv4(s);
  if (v === undefined) throw new Error(`bad address ${s}`);
  return v;
};

/** A namespace's devices as the stack would describe them to the FIB. */
export class TestLinks implements FibLinks {
  readonly names = new Map<number, string>([[1, "lo"]]);
  readonly state = new Map<number, { up: boolean; carrier: boolean; ignoreLinkdown: boolean }>([
    [1, { up: true, carrier: true, ignoreLinkdown: false }],
  ]);
  add(ifindex: number, name: string, up = true, carrier = true): void {
    this.names.set(ifindex, name);
    this.state.set(ifindex, { up, carrier, ignoreLinkdown: false });
  }
  link(ifindex: number): LinkState | undefined {
    return this.state.get(ifindex);
  }
  ignoreRoutesWithLinkdown(ifindex: number): boolean {
    return this.state.get(ifindex)?.ignoreLinkdown ?? false;
  }
}

export function must<T>(r: { ok: true; value: T } | { ok: false; errno: number; message?: string }): T {
  if (!r.ok) throw new Error(`errno ${r.errno} ${r.message ?? ""}`);
  return r.value;
}

/** fib_add_ifaddr for an up device (what the stack does on `ip addr add`). */
export function addAddress(fib: Fib, ifindex: number, addr: string, len: number, loopback = false): void {
  const a = ip(addr);
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const kernel = (cfg: RouteConfig): void => {
    must(fib.newRoute({ protocol: RouteProtocol.KERNEL, prefsrc: a, nexthops: [{ ifindex }], ...cfg }, RouteVerb.append));
  };
  kernel({ table: RouteTable.LOCAL, type: RouteType.LOCAL, scope: RouteScope.HOST, dst: a, prefixLen: 32 });
  if (len < 31) {
    kernel({ table: RouteTable.LOCAL, type: RouteType.BROADCAST, scope: RouteScope.LINK, dst: (a | ~mask) >>> 0, prefixLen: 32 });
  }
  if (loopback) {
    kernel({ table: RouteTable.LOCAL, type: RouteType.LOCAL, scope: RouteScope.HOST, dst: (a & mask) >>> 0, prefixLen: len });
  } else if (len < 32) {
    kernel({ table: RouteTable.MAIN, type: RouteType.UNICAST, scope: RouteScope.LINK, dst: (a & mask) >>> 0, prefixLen: len });
  }
}

/**
 * The namespace of the kernel experiments: lo up, d0 (ifindex 2) 10.0.1.1/24, d1 (3)
 * 10.0.2.1/24, all up with carrier.
 */
export function testNamespace(options: { seed?: number } = {}): { fib: Fib; links: TestLinks } {
  const links = new TestLinks();
  links.add(2, "d0");
  links.add(3, "d1");
  const fib = new Fib({ links, multipathSeed: options.seed ?? 1 });
  addAddress(fib, 1, "127.0.0.1", 8, true);
  addAddress(fib, 2, "10.0.1.1", 24);
  addAddress(fib, 3, "10.0.2.1", 24);
  return { fib, links };
}

const TYPE_NAMES = ["unspec", "", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat"];
const PROTO_NAMES: Record<number, string> = { 0: "unspec", 1: "redirect", 2: "kernel", 4: "static" };
const SCOPE_NAMES: Record<number, string> = { 253: "link", 254: "host", 255: "nowhere", 200: "site" };
const TABLE_NAMES: Record<number, string> = { 253: "default", 255: "local" };

/** Test-only rendering in the shape of `ip route show table all` (iproute2 6.1), to compare with the kernel. */
export function show(r: Route, links: TestLinks): string {
  const dev = (i: number): string => links.names.get(i) ?? `if${i}`;
  let s = TYPE_NAMES[r.type] ? `${TYPE_NAMES[r.type]} ` : "";
  s += r.prefixLen === 0 ? "default" : r.prefixLen === 32 ? formatIpv4(r.dst) : `${formatIpv4(r.dst)}/${r.prefixLen}`;
  s += " ";
  if (r.tos) s += `tos 0x${r.tos.toString(16).padStart(2, "0")} `;
  const nhFlags = (flags: number): string =>
    (flags & NexthopFlags.DEAD ? "dead " : "") + (flags & NexthopFlags.ONLINK ? "onlink " : "") + (flags & NexthopFlags.LINKDOWN ? "linkdown " : "");
  const single = r.nexthops.length === 1 ? r.nexthops[0]! : undefined;
  if (single?.gateway) s += `via ${formatIpv4(single.gateway)} `;
  if (single?.ifindex) s += `dev ${dev(single.ifindex)} `;
  if (r.table !== RouteTable.MAIN) s += `table ${TABLE_NAMES[r.table] ?? r.table} `;
  if (r.protocol !== RouteProtocol.BOOT) s += `proto ${PROTO_NAMES[r.protocol] ?? r.protocol} `;
  if (r.scope !== RouteScope.UNIVERSE) s += `scope ${SCOPE_NAMES[r.scope] ?? r.scope} `;
  if (r.prefsrc) s += `src ${formatIpv4(r.prefsrc)} `;
  if (r.priority) s += `metric ${r.priority} `;
  if (single) s += nhFlags(single.flags);
  if (!single) {
    for (const nh of r.nexthops) {
      s += `\n\tnexthop via ${formatIpv4(nh.gateway)} dev ${dev(nh.ifindex)} weight ${nh.weight} ${nhFlags(nh.flags)}`;
    }
  }
  return s;
}

export function showAll(fib: Fib, links: TestLinks): string[] {
  return fib.dump().map((r) => show(r, links));
}

/** `ip route add`-style request with iproute2's defaults (proto boot, scope link without a gateway). */
export function req(dst: string, extra: Partial<RouteConfig> & { via?: string; dev?: number } = {}): RouteConfig {
  const [addr, len] = dst.split("/");
  const { via, dev, ...rest } = extra;
  const nexthops = via !== undefined || dev !== undefined ? [{ gateway: via ? ip(via) : 0, ifindex: dev ?? 0 }] : undefined;
  const type = rest.type ?? RouteType.UNICAST;
  const scope = rest.scope ?? (type === RouteType.UNICAST && via === undefined && nexthops ? RouteScope.LINK : RouteScope.UNIVERSE);
  return { protocol: RouteProtocol.BOOT, dst: ip(addr!), prefixLen: len === undefined ? 32 : Number(len), scope, ...(nexthops ? { nexthops } : {}), ...rest };
}
