/**
 * The namespace's /proc/sys/net tree as far as the model reads it: net.ipv4 knobs, the
 * per-device conf and neigh directories (all, default and each device), net.bridge and
 * net.netfilter timeouts, net.core, and net.ipv6 disable knobs. Values are text as the
 * kernel prints them; writes are validated as the proc handlers do.
 */
import { type NetDevice } from "@pktsim/devices";
import { DEVCONF_KEYS, type DevConf, type DevConfKey, type NeighParms } from "./devconf";
import { Errno } from "./errno";
import type { Namespace } from "./namespace";

interface Entry {
  /** undefined for a write-only file (mode 0200), which sysctl skips when reading. */
  read(): string | undefined;
  /** Returns an errno on a bad value. */
  write(text: string): Errno | 0;
}

function parseInts(text: string, count: number): number[] | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length < 1 || parts.length > count) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[+-]?[0-9]+$/.test(p)) return undefined;
    out.push(Number(p));
  }
  return out;
}

function intEntry(get: () => number, set: (v: number) => void, min = -2147483648, max = 2147483647): Entry {
  return {
    read: () => String(get()),
    write: (text) => {
      const v = parseInts(text, 1);
      if (v === undefined || v[0]! < min || v[0]! > max) return Errno.EINVAL;
      set(v[0]!);
      return 0;
    },
  };
}

/** proc_dointvec_jiffies: seconds, negative allowed, refused past INT_MAX / HZ. */
function jiffiesEntry(get: () => number, set: (v: number) => void): Entry {
  return intEntry(get, set, -Math.floor(2147483647 / 1000), Math.floor(2147483647 / 1000));
}

/** proc_doulongvec_minmax with bounds read at write time (ipfrag thresholds bound each other). */
function ulongEntry(get: () => number, set: (v: number) => void, min: () => number, max: () => number): Entry {
  return {
    read: () => String(get()),
    write: (text) => {
      const v = parseInts(text, 1);
      if (v === undefined || v[0]! < min() || v[0]! > max()) return Errno.EINVAL;
      set(v[0]!);
      return 0;
    },
  };
}

const NEIGH_KNOBS: Array<[string, keyof NeighParms, number]> = [
  ["anycast_delay", "anycastDelayMs", 10],
  ["app_solicit", "appProbes", 0],
  ["base_reachable_time", "baseReachableTimeMs", 1000],
  ["base_reachable_time_ms", "baseReachableTimeMs", 1],
  ["delay_first_probe_time", "delayProbeTimeMs", 1000],
  ["gc_stale_time", "gcStaletimeMs", 1000],
  ["interval_probe_time_ms", "intervalProbeTimeMs", 1],
  ["locktime", "locktimeMs", 10],
  ["mcast_resolicit", "mcastReprobes", 0],
  ["mcast_solicit", "mcastProbes", 0],
  ["proxy_delay", "proxyDelayMs", 10],
  ["proxy_qlen", "proxyQlen", 0],
  ["retrans_time", "retransTimeMs", 10],
  ["retrans_time_ms", "retransTimeMs", 1],
  ["ucast_solicit", "ucastProbes", 0],
  ["unres_qlen", "queueLen", 0],
  ["unres_qlen_bytes", "queueLenBytes", 0],
];

export class Sysctls {
  private readonly ns: Namespace;
  /** net.ipv6.conf.*.disable_ipv6 (kept, though IPv6 packets are not modelled). */
  private readonly disableIpv6 = new Map<string, number>();

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  private entry(path: string): Entry | undefined {
    const ns = this.ns;
    const c = ns.ipv4conf;
    const parts = path.split(".");
    if (parts[0] !== "net") return undefined;
    const key = parts.slice(1).join(".");
    switch (key) {
      case "ipv4.ip_forward":
        return intEntry(() => ns.confAll.forwarding, (v) => this.setForwarding(v));
      case "ipv4.ip_default_ttl":
        return intEntry(() => c.ip_default_ttl, (v) => (c.ip_default_ttl = v), 1, 255);
      case "ipv4.icmp_echo_ignore_all":
        return intEntry(() => c.icmp_echo_ignore_all, (v) => (c.icmp_echo_ignore_all = v), 0, 1);
      case "ipv4.icmp_echo_ignore_broadcasts":
        return intEntry(() => c.icmp_echo_ignore_broadcasts, (v) => (c.icmp_echo_ignore_broadcasts = v), 0, 1);
      case "ipv4.icmp_ignore_bogus_error_responses":
        return intEntry(() => c.icmp_ignore_bogus_error_responses, (v) => (c.icmp_ignore_bogus_error_responses = v), 0, 1);
      case "ipv4.icmp_errors_use_inbound_ifaddr":
        return intEntry(() => c.icmp_errors_use_inbound_ifaddr, (v) => (c.icmp_errors_use_inbound_ifaddr = v), 0, 1);
      case "ipv4.icmp_ratelimit":
        return intEntry(() => c.icmp_ratelimit, (v) => (c.icmp_ratelimit = v), 0);
      case "ipv4.icmp_ratemask":
        return intEntry(() => c.icmp_ratemask, (v) => (c.icmp_ratemask = v));
      case "ipv4.icmp_msgs_per_sec":
        return intEntry(() => c.icmp_msgs_per_sec, (v) => (c.icmp_msgs_per_sec = v), 0);
      case "ipv4.icmp_msgs_burst":
        return intEntry(() => c.icmp_msgs_burst, (v) => (c.icmp_msgs_burst = v), 0);
      case "ipv4.ip_nonlocal_bind":
        return intEntry(() => c.ip_nonlocal_bind, (v) => (c.ip_nonlocal_bind = v), 0, 1);
      case "ipv4.ip_no_pmtu_disc":
        return intEntry(() => c.ip_no_pmtu_disc, (v) => (c.ip_no_pmtu_disc = v));
      // ip_fragment.c's per-netns table and route.c's ipv4_route_netns_table.
      case "ipv4.ipfrag_time":
        return jiffiesEntry(() => ns.ip.frag.time, (v) => (ns.ip.frag.time = v));
      case "ipv4.ipfrag_max_dist":
        return intEntry(() => ns.ip.frag.maxDist, (v) => (ns.ip.frag.maxDist = v), 0);
      case "ipv4.ipfrag_high_thresh":
        return ulongEntry(() => ns.ip.frag.highThresh, (v) => (ns.ip.frag.highThresh = v), () => ns.ip.frag.lowThresh, () => Number.MAX_SAFE_INTEGER);
      case "ipv4.ipfrag_low_thresh":
        return ulongEntry(() => ns.ip.frag.lowThresh, (v) => (ns.ip.frag.lowThresh = v), () => 0, () => ns.ip.frag.highThresh);
      case "ipv4.route.min_pmtu":
        return intEntry(() => ns.ip.fnhe.minPmtu, (v) => (ns.ip.fnhe.minPmtu = v), 68);
      case "ipv4.route.mtu_expires":
        return jiffiesEntry(() => ns.ip.fnhe.mtuExpires, (v) => (ns.ip.fnhe.mtuExpires = v));
      case "ipv4.route.flush":
        // Write-only (ipv4_sysctl_rtcache_flush): any write flushes, a read fails.
        return {
          read: () => undefined,
          write: () => {
            ns.ip.fnhe.flushCache();
            return 0;
          },
        };
      case "ipv4.fwmark_reflect":
        return intEntry(() => c.fwmark_reflect, (v) => (c.fwmark_reflect = v));
      case "ipv4.ip_local_port_range":
      case "ipv4.ping_group_range": {
        const field = key === "ipv4.ip_local_port_range" ? "ip_local_port_range" : "ping_group_range";
        return {
          read: () => `${c[field][0]}\t${c[field][1]}`,
          write: (text) => {
            const v = parseInts(text, 2);
            if (v === undefined || v.length !== 2) return Errno.EINVAL;
            if (field === "ip_local_port_range" && (v[0]! > v[1]! || v[0]! < 1 || v[1]! > 65535)) return Errno.EINVAL;
            c[field] = [v[0]!, v[1]!];
            return 0;
          },
        };
      }
      case "netfilter.nf_conntrack_count":
        return { read: () => String(ns.netfilter.connections().length), write: () => Errno.EPERM };
      case "netfilter.nf_conntrack_max":
        return intEntry(() => ns.netfilter.conntrack.max, (v) => (ns.netfilter.conntrack.max = v), 0);
      case "netfilter.nf_conntrack_tcp_loose":
        return intEntry(() => (ns.netfilter.conntrack.tcpLoose ? 1 : 0), (v) => (ns.netfilter.conntrack.tcpLoose = v !== 0));
      case "netfilter.nf_log_all_netns":
        // Only init_net has it.
        return ns.isInit ? intEntry(() => ns.host.nfLogAllNetns, (v) => (ns.host.nfLogAllNetns = v)) : undefined;
      case "bridge.bridge-nf-call-iptables":
        return intEntry(() => ns.bridgeNfCallIptables, (v) => (ns.bridgeNfCallIptables = v));
      case "bridge.bridge-nf-call-arptables":
        return intEntry(() => ns.bridgeNfCallArptables, (v) => (ns.bridgeNfCallArptables = v));
      case "bridge.bridge-nf-call-ip6tables":
        return intEntry(() => ns.bridgeNfCallIp6tables, (v) => (ns.bridgeNfCallIp6tables = v));
      default:
        break;
    }
    // net.ipv4.conf.{all,default,DEV}.KNOB
    if (parts[1] === "ipv4" && parts[2] === "conf" && parts.length >= 5) {
      const knob = parts[parts.length - 1]! as DevConfKey;
      const dev = parts.slice(3, -1).join(".");
      if (!DEVCONF_KEYS.includes(knob)) return undefined;
      const target = this.devConf(dev);
      if (target === undefined) return undefined;
      if (knob === "forwarding") {
        return intEntry(() => target.conf.forwarding, (v) => (dev === "all" ? this.setForwarding(v) : (target.conf.forwarding = v)));
      }
      return intEntry(() => target.conf[knob], (v) => (target.conf[knob] = v));
    }
    // net.ipv4.neigh.{default,DEV}.KNOB (default exists only in the initial namespace)
    if (parts[1] === "ipv4" && parts[2] === "neigh" && parts.length >= 5) {
      const knob = parts[parts.length - 1]!;
      const dev = parts.slice(3, -1).join(".");
      const spec = NEIGH_KNOBS.find(([name]) => name === knob);
      if (spec === undefined) return undefined;
      let parms: NeighParms | undefined;
      if (dev === "default") parms = ns.isInit ? ns.neighDefault : undefined;
      else {
        const d = ns.deviceByName(dev);
        parms = d === undefined ? undefined : ns.inDevice(d)?.neighParms;
      }
      if (parms === undefined) return undefined;
      const [, field, scale] = spec;
      const p = parms;
      if (scale === 0) return intEntry(() => p[field], (v) => (p[field] = v), 0);
      return intEntry(() => Math.floor(p[field] / scale), (v) => (p[field] = v * scale), 0);
    }
    // net.ipv6.conf.{all,default,DEV}.disable_ipv6
    if (parts[1] === "ipv6" && parts[2] === "conf" && parts[parts.length - 1] === "disable_ipv6") {
      const dev = parts.slice(3, -1).join(".");
      if (dev !== "all" && dev !== "default" && ns.deviceByName(dev) === undefined) return undefined;
      return intEntry(() => this.disableIpv6.get(dev) ?? 0, (v) => {
        this.disableIpv6.set(dev, v);
        ns.addrconf.disableChanged();
      });
    }
    return undefined;
  }

  private devConf(name: string): { conf: DevConf } | undefined {
    const ns = this.ns;
    if (name === "all") return { conf: ns.confAll };
    if (name === "default") return { conf: ns.confDefault };
    const dev: NetDevice | undefined = ns.deviceByName(name);
    return dev === undefined ? undefined : ns.inDevice(dev);
  }

  /** devinet_sysctl_forward on conf/all (and ip_forward): every device and default follow. */
  private setForwarding(v: number): void {
    const ns = this.ns;
    ns.confAll.forwarding = v;
    ns.confDefault.forwarding = v;
    for (const dev of ns.devices()) {
      const inDev = ns.inDevice(dev);
      if (inDev !== undefined) inDev.conf.forwarding = v;
    }
    // inet_forward_change: forwarding hosts stop accepting redirects.
    ns.confAll.accept_redirects = v === 0 ? 1 : 0;
  }

  /**
   * The keys under a directory the model knows in full (net.ipv4.conf, net.ipv4.neigh and their
   * device directories), sorted as sysctl's directory walk prints them; undefined for any other
   * path. procps leaves out the deprecated neigh files (base_reachable_time, retrans_time), which
   * still answer when named.
   */
  listDir(path: string): string[] | undefined {
    const ns = this.ns;
    const devNames = [...ns.devices()].map((d) => d.name);
    const confDirs = ["all", "default", ...devNames].sort();
    const neighDirs = [...(ns.isInit ? ["default"] : []), ...devNames].sort();
    const confKeys = [...DEVCONF_KEYS].sort();
    const neighKeys = NEIGH_KNOBS.map(([name]) => name)
      .filter((n) => n !== "base_reachable_time" && n !== "retrans_time")
      .sort();
    const under = (base: string, dirs: string[], keys: string[]): string[] => dirs.flatMap((d) => keys.map((k) => `${base}.${d}.${k}`));
    if (path === "net.ipv4.conf") return under(path, confDirs, confKeys);
    if (path === "net.ipv4.neigh") return under(path, neighDirs, neighKeys);
    const parts = path.split(".");
    if (parts.length === 4 && parts[0] === "net" && parts[1] === "ipv4") {
      if (parts[2] === "conf" && confDirs.includes(parts[3]!)) return confKeys.map((k) => `${path}.${k}`);
      if (parts[2] === "neigh" && neighDirs.includes(parts[3]!)) return neighKeys.map((k) => `${path}.${k}`);
    }
    return undefined;
  }

  /** Is `path` (dotted) a sysctl of this namespace? */
  exists(path: string): boolean {
    return this.entry(path) !== undefined;
  }

  read(path: string): string | undefined {
    return this.entry(path)?.read();
  }

  /** ENOENT when no such key, EINVAL when the value is refused. */
  write(path: string, value: string): Errno | 0 {
    const e = this.entry(path);
    if (e === undefined) return Errno.ENOENT;
    return e.write(value);
  }

  private lookupDisableIpv6(dev: string): number {
    return this.disableIpv6.get(dev) ?? 0;
  }

  /** net.ipv6.conf.DEV.disable_ipv6 (or all) is set. */
  ipv6Disabled(dev: string): boolean {
    return this.lookupDisableIpv6("all") !== 0 || this.lookupDisableIpv6(dev) !== 0;
  }
}
