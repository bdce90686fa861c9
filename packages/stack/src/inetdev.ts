/**
 * IPv4 configuration of a device (struct in_device, net/ipv4/devinet.c) and the routes the
 * kernel derives from its addresses (fib_add_ifaddr / fib_del_ifaddr, net/ipv4/fib_frontend.c).
 */
import { type Ipv4Addr, inPrefix, prefixMask } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";
import type { DevConf, NeighParms } from "./devconf";

/** IFA_F_* flags. */
export const IfaFlags = {
  SECONDARY: 0x01,
  NODAD: 0x02,
  OPTIMISTIC: 0x04,
  DADFAILED: 0x08,
  HOMEADDRESS: 0x10,
  DEPRECATED: 0x20,
  TENTATIVE: 0x40,
  PERMANENT: 0x80,
  MANAGETEMPADDR: 0x100,
  NOPREFIXROUTE: 0x200,
  MCAUTOJOIN: 0x400,
  STABLE_PRIVACY: 0x800,
} as const;

/** RT_SCOPE_* values. */
export const Scope = { UNIVERSE: 0, SITE: 200, LINK: 253, HOST: 254, NOWHERE: 255 } as const;

export const INFINITY_LIFE_TIME = 0xffffffff;

/** struct in_ifaddr. */
export interface IfAddr {
  readonly dev: NetDevice;
  /** The local address (IFA_LOCAL). */
  local: Ipv4Addr;
  /** The peer or prefix address (IFA_ADDRESS), equal to local unless a peer was given. */
  address: Ipv4Addr;
  prefixLen: number;
  /** Explicit broadcast (IFA_BROADCAST), 0 when none was given. */
  broadcast: Ipv4Addr;
  scope: number;
  flags: number;
  label: string;
  validLft: number;
  preferredLft: number;
  rtPriority: number;
}

export function ifaMask(ifa: IfAddr): number {
  return prefixMask(ifa.prefixLen);
}

/** inet_ifa_match: does `addr` fall in the prefix of `ifa`? */
export function ifaMatch(addr: Ipv4Addr, ifa: IfAddr): boolean {
  return inPrefix(addr, ifa.address, ifa.prefixLen);
}

export class InDevice {
  readonly dev: NetDevice;
  conf: DevConf;
  neighParms: NeighParms;
  /** Primaries first (by scope), then secondaries, as __inet_insert_ifa orders them. */
  readonly addrs: IfAddr[] = [];
  dead = false;

  constructor(dev: NetDevice, conf: DevConf, neighParms: NeighParms) {
    this.dev = dev;
    this.conf = conf;
    this.neighParms = neighParms;
  }

  primaries(): IfAddr[] {
    return this.addrs.filter((a) => (a.flags & IfaFlags.SECONDARY) === 0);
  }

  /** inet_ifa_byprefix: the primary address of a prefix. */
  byPrefix(prefix: Ipv4Addr, prefixLen: number): IfAddr | undefined {
    const mask = prefixMask(prefixLen);
    return this.addrs.find(
      (a) => (a.flags & IfaFlags.SECONDARY) === 0 && a.prefixLen === prefixLen && ((a.address ^ prefix) & mask) === 0,
    );
  }

  /** find_matching_ifa: same mask, same subnet, same local address. */
  findMatching(local: Ipv4Addr, address: Ipv4Addr, prefixLen: number): IfAddr | undefined {
    const mask = prefixMask(prefixLen);
    return this.addrs.find((a) => a.prefixLen === prefixLen && ((a.address ^ address) & mask) === 0 && a.local === local);
  }

  /**
   * __inet_insert_ifa: finds where the address goes and whether it is secondary. Returns an
   * errno-like string on conflict, or the inserted address.
   */
  insert(ifa: IfAddr): "exists" | "scope" | IfAddr {
    ifa.flags &= ~IfaFlags.SECONDARY;
    let lastPrimary = 0;
    for (let i = 0; i < this.addrs.length; i++) {
      const a = this.addrs[i]!;
      if ((a.flags & IfaFlags.SECONDARY) === 0 && ifa.scope <= a.scope) lastPrimary = i + 1;
      if (a.prefixLen === ifa.prefixLen && ifaMatch(a.address, ifa)) {
        if (a.local === ifa.local) return "exists";
        if (a.scope !== ifa.scope) return "scope";
        ifa.flags |= IfaFlags.SECONDARY;
      }
    }
    if ((ifa.flags & IfaFlags.SECONDARY) !== 0) this.addrs.push(ifa);
    else this.addrs.splice(lastPrimary, 0, ifa);
    return ifa;
  }
}
