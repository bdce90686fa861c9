/**
 * Helpers shared by the commands that print links: print_link_flags as a string (for
 * `bridge link`), and the namespace a veth's peer is in, by name or netnsid.
 */
import { IFF, type NetDevice, Veth } from "@pktsim/devices";
import type { Namespace } from "@pktsim/stack";

/** print_link_flags' names in its order. */
export const IFF_NAMES: ReadonlyArray<readonly [string, number]> = [
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
export function linkFlagWords(flags: number): { names: string[]; rest: number } {
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

/** print_link_flags as text: `<BROADCAST,MULTICAST,UP> `. */
export function linkFlags(flags: number, mdown: boolean): string {
  const { names, rest } = linkFlagWords(flags);
  if (rest !== 0) names.push(rest.toString(16));
  return `<${names.join(",")}${mdown ? ",M-DOWN" : ""}> `;
}

/** The namespace a device's link lives in, when it is another one (veth: the peer's). */
export function linkNetns(dev: NetDevice): Namespace | null {
  if (dev instanceof Veth) {
    const peerNs = dev.peer.ns as Namespace | null;
    if (peerNs !== null && peerNs !== dev.ns) return peerNs;
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
