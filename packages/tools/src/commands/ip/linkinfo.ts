/**
 * Helpers shared by the commands that print links (`ip link`, `ip addr`, `bridge link`):
 * print_link_flags, and the namespace a veth's peer is in, by name or netnsid.
 */
import { IFF, type NetDevice, Veth, Vxlan } from "@pktsim/devices";
import { type Namespace, vxlanLinkNet } from "@pktsim/stack";
import type { IpPrinter } from "./json-print";

/** print_link_flags' names in its order. */
const IFF_NAMES: ReadonlyArray<readonly [string, number]> = [
  ["LOOPBACK", IFF.LOOPBACK],
  ["BROADCAST", IFF.BROADCAST],
  ["POINTOPOINT", IFF.POINTOPOINT],
  ["MULTICAST", IFF.MULTICAST],
  ["NOARP", IFF.NOARP],
  ["ALLMULTI", IFF.ALLMULTI],
  ["PROMISC", IFF.PROMISC],
  ["MASTER", IFF.MASTER],
  ["SLAVE", IFF.SLAVE],
  ["DEBUG", IFF.DEBUG],
  ["DYNAMIC", IFF.DYNAMIC],
  ["AUTOMEDIA", IFF.AUTOMEDIA],
  ["PORTSEL", IFF.PORTSEL],
  ["NOTRAILERS", IFF.NOTRAILERS],
  ["UP", IFF.UP],
  ["LOWER_UP", IFF.LOWER_UP],
  ["DORMANT", IFF.DORMANT],
  ["ECHO", IFF.ECHO],
];

/** The words print_link_flags prints (NO-CARRIER first), and the bits it has no name for. */
function linkFlagWords(flags: number): { names: string[]; rest: number } {
  const names: string[] = [];
  if ((flags & IFF.UP) !== 0 && (flags & IFF.RUNNING) === 0) names.push("NO-CARRIER");
  let rest = flags & ~IFF.RUNNING;
  for (const [name, bit] of IFF_NAMES) {
    if ((rest & bit) !== 0) {
      rest &= ~bit;
      names.push(name);
    }
  }
  return { names, rest };
}

/** print_link_flags: `<BROADCAST,MULTICAST,UP> `, or the "flags" array in JSON. */
export function printLinkFlags(p: IpPrinter, flags: number, mdown: boolean): void {
  p.openArray("flags", "<");
  const { names, rest } = linkFlagWords(flags);
  names.forEach((n, i) => p.any(null, i < names.length - 1 || rest !== 0 ? `${n},` : n, n));
  if (rest !== 0) p.any(null, rest.toString(16), rest.toString(16));
  if (mdown) p.any(null, ",M-DOWN", "M-DOWN");
  p.closeArray("> ");
}

/** The namespace a device's link lives in, when it is another one (veth: the peer's). */
export function linkNetns(dev: NetDevice): Namespace | null {
  if (dev instanceof Veth) {
    const peerNs = dev.peer.ns as Namespace | null;
    if (peerNs !== null && peerNs !== dev.ns) return peerNs;
  }
  // vxlan_get_link_net: the namespace its tunnel socket lives in (where it was created).
  if (dev instanceof Vxlan) {
    const net = vxlanLinkNet(dev);
    if (net !== undefined && net !== dev.ns) return net;
  }
  return null;
}

/** get_name_from_nsid: the /run/netns name whose id, seen from `viewer`, is `id`. */
export function nameOfNsid(viewer: Namespace, id: number): string | undefined {
  for (const ns of viewer.host.netnsList()) {
    if (viewer.idOf(ns) === id) return ns.name;
  }
  return undefined;
}
