/**
 * How iproute2 prints a link (ip/ipaddress.c print_linkinfo, print_link_flags,
 * lib/utils.c print_name_and_link), shared by `ip link show` and `ip addr show`.
 */
import { formatMac } from "@pktsim/core";
import { IFF, type NetDevice, Veth } from "@pktsim/devices";
import type { Namespace } from "@pktsim/stack";

/** print_link_flags. */
export function linkFlags(flags: number, mdown: boolean): string {
  const parts: string[] = [];
  if ((flags & IFF.UP) !== 0 && (flags & IFF.RUNNING) === 0) parts.push("NO-CARRIER");
  let f = flags & ~IFF.RUNNING;
  const order: Array<[string, number]> = [
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
  for (const [name, bit] of order) {
    if ((f & bit) !== 0) {
      f &= ~bit;
      parts.push(name);
    }
  }
  if (f !== 0) parts.push(f.toString(16));
  let text = `<${parts.join(",")}`;
  if (mdown) text += ",M-DOWN";
  return `${text}> `;
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

export interface LinkLineOptions {
  /** `ip link` prints "mode DEFAULT"; `ip addr` does not. */
  showMode: boolean;
  /** `-s`: the counters block. */
  stats?: number;
}

/** print_link_stats64 (one -s): columns widen to fit their numbers. */
export function formatStats(dev: NetDevice): string {
  const s = dev.stats;
  const cols = [10, 7, 6, 7, 7, 7, 10, 9];
  const fit = (values: number[]): void => {
    values.forEach((v, i) => {
      const len = String(v).length;
      if (len > cols[i]!) cols[i] = len;
    });
  };
  const rx = [s.rxBytes, s.rxPackets, s.rxErrors, s.rxDropped, s.rxMissedErrors, s.multicast];
  const tx = [s.txBytes, s.txPackets, s.txErrors, s.txDropped, s.txCarrierErrors, s.collisions];
  fit(rx);
  fit(tx);
  const head = (names: string[]): string =>
    `    ${names[0]}: ${"bytes".padStart(cols[0]! - 4)} ${names.slice(1).map((n, i) => n.padStart(cols[i + 1]!)).join(" ")} ${"".padStart(cols[6]!)}\n`;
  const row = (values: number[]): string => `    ${values.map((v, i) => `${String(v).padStart(cols[i]!)} `).join("")}\n`;
  return (
    head(["RX", "packets", "errors", "dropped", "missed", "mcast"]) +
    row(rx) +
    head(["TX", "packets", "errors", "dropped", "carrier", "collsns"]) +
    row(tx)
  );
}

/** The two lines print_linkinfo writes for a device (without the addresses). */
export function formatLink(viewer: Namespace, dev: NetDevice, opts: LinkLineOptions): string {
  let name = dev.name;
  let mdown = false;
  const other = linkNetns(dev);
  let nsid: number | undefined;
  if (dev instanceof Veth) {
    if (other !== null) {
      name += `@if${dev.peer.ifindex}`;
      // rtnl_fill_link_netnsid: dumping allocates the viewer's id for the peer namespace.
      nsid = viewer.allocId(other);
    } else {
      name += `@${dev.peer.name}`;
      mdown = !dev.peer.adminUp;
    }
  }
  let line = `${dev.ifindex}: ${name}: ${linkFlags(dev.flags, mdown)}mtu ${dev.mtu} qdisc ${dev.qdisc} `;
  if (dev.master !== null) line += `master ${dev.master.name} `;
  line += `state ${dev.operState} `;
  if (opts.showMode) line += "mode DEFAULT ";
  line += "group default ";
  if (dev.txqueuelen > 0) line += `qlen ${dev.txqueuelen}`;
  line += "\n";
  const type = dev.kind === "loopback" ? "loopback" : "ether";
  line += `    link/${type} ${formatMac(dev.mac)} brd ${formatMac(dev.broadcast)}`;
  if (nsid !== undefined) {
    const nsName = nameOfNsid(viewer, nsid);
    line += nsName !== undefined ? ` link-netns ${nsName}` : ` link-netnsid ${nsid}`;
  }
  line += "\n";
  if ((opts.stats ?? 0) > 0) line += formatStats(dev);
  return line;
}

/** Devices in dump order (by ifindex). */
export function devicesByIndex(ns: Namespace): NetDevice[] {
  return [...ns.devices()].sort((a, b) => a.ifindex - b.ifindex);
}
