/**
 * Builders for bridge tests: pods (namespaces with eth0) on bridges, bridges linked by veth
 * pairs, and a blocking ping, all through the stack's API.
 */
import { type Ipv4Addr, type MacAddr, parseIpv4 } from "@pktsim/core";
import type { Bridge, Veth } from "@pktsim/devices";
import { Host, type Namespace, NeighUpdate, Nud, Ping, type PingEvent } from "../src/index";

export interface Pod {
  ns: Namespace;
  eth0: Veth;
  /** The bridge-side end. */
  port: Veth;
  addr: Ipv4Addr;
}

/** A pod namespace whose eth0 is plugged into `br` (in `brNs`) through a port named `portName`. */
export function addPod(host: Host, brNs: Namespace, br: Bridge, name: string, portName: string, addr: string, mac?: MacAddr): Pod {
  const ns = host.addNetns(name);
  const [port, eth0] = brNs.addVethPair(portName, "eth0", ns);
  if (mac !== undefined) eth0.setMac(mac);
  brNs.enslave(port, br);
  port.setAdminUp(true);
  const a = parseIpv4(addr)!;
  ns.ip.addAddress(eth0, { local: a, prefixLen: 24 });
  ns.lo.setAdminUp(true);
  eth0.setAdminUp(true);
  return { ns, eth0, port, addr: a };
}

/** Links two bridges (possibly in different namespaces) by a veth pair, both ends up. */
export function linkBridges(a: { ns: Namespace; br: Bridge }, b: { ns: Namespace; br: Bridge }, nameA: string, nameB: string): [Veth, Veth] {
  const [va, vb] = a.ns.addVethPair(nameA, nameB, b.ns);
  a.ns.enslave(va, a.br);
  b.ns.enslave(vb, b.br);
  va.setAdminUp(true);
  vb.setAdminUp(true);
  return [va, vb];
}

/** ping -c 1 -W `lingerS` from `ns`, run to completion; true when a reply came. */
export function pingOnce(host: Host, ns: Namespace, dst: Ipv4Addr, lingerS = 1): { ok: boolean; events: PingEvent[] } {
  const events: PingEvent[] = [];
  const ping = new Ping(ns, { destination: dst, count: 1, linger: lingerS * 1e9, ident: host.nextPid() }, (e) => events.push(e));
  if (ping.probe() !== 0) return { ok: false, events };
  ping.start();
  host.sim.scheduler.runUntilIdle(() => ping.done);
  return { ok: events.some((e) => e.kind === "reply"), events };
}

/** `ip neigh add ADDR lladdr MAC dev DEV` (a permanent entry). */
export function staticNeigh(ns: Namespace, addr: string, mac: MacAddr, dev: Veth): void {
  const n = ns.neigh.lookupOrCreate(parseIpv4(addr)!, dev);
  ns.neigh.update(n, mac, Nud.PERMANENT, NeighUpdate.OVERRIDE | NeighUpdate.ADMIN);
}

/** Lets linkwatch and the ports' carrier checks run. */
export function settle(host: Host, seconds = 1): void {
  host.sim.scheduler.runFor(seconds * 1e9);
}

export { Host };
