/**
 * Each device's link-layer multicast address list (dev->mc, net/core/dev_addr_lists.c) as
 * the IPv4 and IPv6 code and the bridge fill it, in the order the kernel adds to it. pktsim
 * sends no IGMP/MLD, so the list only serves what tools print: `bridge fdb show` lists it as
 * `<mac> dev DEV self permanent` (ndo_dflt_fdb_dump).
 *
 * When entries appear (checked on the kernel, see tests/differential/cases/bridge-fdb-fresh.sh):
 *  - at registration, IPv6 joins ff02::1 → 33:33:00:00:00:01 (ipv6_add_dev; even when
 *    disable_ipv6 is set);
 *  - on up, a bridge with multicast snooping joins 224.0.0.106 and ff02::6a
 *    (br_multicast_open → br_*_multicast_join_snoopers) → 01:00:5e:00:00:6a, 33:33:00:00:00:6a;
 *    then IPv4 joins 224.0.0.1 (ip_mc_up) → 01:00:5e:00:00:01; then IPv6, when enabled,
 *    reloads its groups (ipv6_mc_up), so ff02::1 comes back after a down/up;
 *  - with each IPv6 address, its solicited-node group 33:33:ff:XX:XX:XX (addrconf_join_solict);
 *  - on down everything goes (ip_mc_down, ipv6_mc_down); disabling IPv6 unloads the 33:33 ones
 *    from a device IPv6 had configured.
 */
import type { MacAddr } from "@pktsim/core";
import type { DeviceEvent, NetDevice } from "@pktsim/devices";
import type { Namespace } from "./namespace";

const IPV6_ALL_NODES: MacAddr = 0x3333_0000_0001;
const IPV4_ALL_HOSTS: MacAddr = 0x0100_5e00_0001;
const IPV4_MRD: MacAddr = 0x0100_5e00_006a;
const IPV6_MRD: MacAddr = 0x3333_0000_006a;
const IPV6_MCAST_PREFIX: MacAddr = 0x3333_0000_0000;

interface McState {
  list: MacAddr[];
  /** IPv6 was enabled when last looked at (a transition to disabled unloads its groups). */
  ipv6: boolean;
  /** IF_READY: IPv6 configured the link (it had carrier while up) since it last went down. */
  ready: boolean;
}

function isIpv6Mac(mac: MacAddr): boolean {
  return Math.floor(mac / 2 ** 32) === IPV6_MCAST_PREFIX / 2 ** 32;
}

/** 33:33:ff + the low 24 bits of an IPv6 address (ndisc_mc_map of its solicited-node group). */
function solicitedNodeMac(addr: Uint8Array): MacAddr {
  return 0x3333_ff00_0000 + ((addr[13]! << 16) | (addr[14]! << 8) | addr[15]!);
}

export class DevMcLists {
  private readonly ns: Namespace;
  private readonly state = new Map<NetDevice, McState>();

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  private ipv6Enabled(dev: NetDevice): boolean {
    return !this.ns.sysctl.ipv6Disabled(dev.name);
  }

  /** NETDEV_REGISTER: an Ethernet-like device joins ff02::1 (loopback maps no multicast). */
  registered(dev: NetDevice): void {
    if (dev.kind === "loopback") return;
    this.state.set(dev, { list: [IPV6_ALL_NODES], ipv6: this.ipv6Enabled(dev), ready: false });
  }

  unregistered(dev: NetDevice): void {
    this.state.delete(dev);
  }

  deviceEvent(dev: NetDevice, event: DeviceEvent): void {
    const s = this.state.get(dev);
    if (s === undefined) return;
    this.syncIpv6(dev, s);
    const add = (mac: MacAddr): void => {
      if (!s.list.includes(mac)) s.list.push(mac);
    };
    if (event === "up") {
      const snooping = (dev as { mcastSnooping?: number }).mcastSnooping;
      if (dev.kind === "bridge" && snooping !== 0) {
        add(IPV4_MRD);
        add(IPV6_MRD);
      }
      add(IPV4_ALL_HOSTS);
      if (s.ipv6) add(IPV6_ALL_NODES);
      // The link-local address comes with carrier, after NETDEV_UP (addrconf_link_ready).
      this.syncSolicited(dev, s);
    } else if (event === "down") {
      s.list.length = 0;
      s.ready = false;
    }
    if (this.ns.addrconf.addresses(dev).length > 0) s.ready = true;
  }

  /** The list in the order the kernel built it. */
  list(dev: NetDevice): readonly MacAddr[] {
    const s = this.state.get(dev);
    if (s === undefined) return [];
    this.syncIpv6(dev, s);
    this.syncSolicited(dev, s);
    return s.list;
  }

  /**
   * disable_ipv6 went from 0 to 1 since last time: addrconf_ifdown unloads the IPv6 groups
   * (ipv6_mc_down), but only from a device IPv6 had configured (IF_READY).
   */
  private syncIpv6(dev: NetDevice, s: McState): void {
    const on = this.ipv6Enabled(dev);
    if (s.ipv6 && !on && s.ready) s.list = s.list.filter((m) => !isIpv6Mac(m));
    if (!on) s.ready = false;
    s.ipv6 = on;
  }

  /** Solicited-node groups follow the device's IPv6 addresses. */
  private syncSolicited(dev: NetDevice, s: McState): void {
    const wanted = this.ns.addrconf
      .addresses(dev)
      .filter((a) => a.scope !== "host")
      .map((a) => solicitedNodeMac(a.addr));
    s.list = s.list.filter((m) => Math.floor(m / 2 ** 24) !== 0x3333ff || wanted.includes(m));
    for (const m of wanted) if (!s.list.includes(m)) s.list.push(m);
  }
}
