/**
 * `ip link add|set NAME type bridge [OPTIONS]` (ip/iplink_bridge.c bridge_parse_opt) and
 * what the kernel does with them (br_changelink in net/bridge/br_netlink.c). Times are in
 * centiseconds (USER_HZ), as netlink carries them.
 */
import { type Bridge, type BridgePort, BrPortFlag, BridgeError } from "@pktsim/devices";
import { Errno, KernelError } from "@pktsim/stack";
import { type CommandContext, Exit } from "../../command";
import { type Args, invarg } from "./options";

const USAGE =
  "Usage: ... bridge [ fdb_flush ]\n" +
  "\t\t  [ forward_delay FORWARD_DELAY ]\n" +
  "\t\t  [ hello_time HELLO_TIME ]\n" +
  "\t\t  [ max_age MAX_AGE ]\n" +
  "\t\t  [ ageing_time AGEING_TIME ]\n" +
  "\t\t  [ stp_state STP_STATE ]\n" +
  "\t\t  [ priority PRIORITY ]\n" +
  "\t\t  [ group_fwd_mask MASK ]\n" +
  "\t\t  [ group_address ADDRESS ]\n" +
  "\t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]\n" +
  "\t\t  [ vlan_filtering VLAN_FILTERING ]\n" +
  "\t\t  [ vlan_protocol VLAN_PROTOCOL ]\n" +
  "\t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]\n" +
  "\t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]\n" +
  "\t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]\n" +
  "\t\t  [ mcast_snooping MULTICAST_SNOOPING ]\n" +
  "\t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]\n" +
  "\t\t  [ mcast_router MULTICAST_ROUTER ]\n" +
  "\t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]\n" +
  "\t\t  [ mcast_querier MULTICAST_QUERIER ]\n" +
  "\t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]\n" +
  "\t\t  [ mcast_hash_max HASH_MAX ]\n" +
  "\t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]\n" +
  "\t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n" +
  "\t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n" +
  "\t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n" +
  "\t\t  [ mcast_querier_interval QUERIER_INTERVAL ]\n" +
  "\t\t  [ mcast_query_interval QUERY_INTERVAL ]\n" +
  "\t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n" +
  "\t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n" +
  "\t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]\n" +
  "\t\t  [ mcast_igmp_version IGMP_VERSION ]\n" +
  "\t\t  [ mcast_mld_version MLD_VERSION ]\n" +
  "\t\t  [ nf_call_iptables NF_CALL_IPTABLES ]\n" +
  "\t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]\n" +
  "\t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]\n" +
  "\n" +
  "Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }\n";

const NS_PER_CS = 10_000_000;

/**
 * The options in iproute2's order (the first prefix match wins; some need the exact word), with
 * the integer width it parses: 0 for a flag without value, -1 for a non-numeric value.
 */
const OPTIONS: ReadonlyArray<readonly [name: string, bits: number, exact?: boolean]> = [
  ["forward_delay", 32],
  ["hello_time", 32],
  ["max_age", 32],
  ["ageing_time", 32],
  ["stp_state", 32],
  ["priority", 16],
  ["vlan_filtering", 8],
  ["vlan_protocol", -1],
  ["group_fwd_mask", 16],
  ["group_address", -1],
  ["no_linklocal_learn", 8, true],
  ["fdb_flush", 0],
  ["vlan_default_pvid", 16],
  ["vlan_stats_enabled", 8],
  ["vlan_stats_per_port", 8],
  ["mcast_router", 8],
  ["mcast_snooping", 8],
  ["mcast_vlan_snooping", 8, true],
  ["mcast_query_use_ifaddr", 8],
  ["mcast_querier", 8],
  ["mcast_hash_elasticity", 32],
  ["mcast_hash_max", 32],
  ["mcast_last_member_count", 32],
  ["mcast_startup_query_count", 32],
  ["mcast_last_member_interval", 64],
  ["mcast_membership_interval", 64],
  ["mcast_querier_interval", 64],
  ["mcast_query_interval", 64],
  ["mcast_query_response_interval", 64],
  ["mcast_startup_query_interval", 64],
  ["mcast_stats_enabled", 8],
  ["mcast_igmp_version", 8],
  ["mcast_mld_version", 8],
  ["nf_call_iptables", 8],
  ["nf_call_ip6tables", 8],
  ["nf_call_arptables", 8],
];

/** Values that match what pktsim models; other values of these options are refused. */
const MODELLED_ONLY: Readonly<Record<string, number>> = { stp_state: 0, vlan_filtering: 0 };

/** One parsed option: a key and its value (fdb_flush has none). */
export type BridgeOpt = readonly [key: string, value: number];

/** get_u32/get_u16/get_u8 with base 0: decimal, 0x hex or leading-0 octal, within the width. */
function getUnsigned(text: string, bits: number): number | undefined {
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^0[0-7]*$/.test(text)) v = parseInt(text, 8);
  else if (/^[1-9][0-9]*$/.test(text)) v = Number(text);
  else return undefined;
  return v < 2 ** bits ? v : undefined;
}

/** bridge_parse_opt: exits as iproute2 does on a bad option or value. */
export function parseBridgeOpts(ctx: CommandContext, args: Args): BridgeOpt[] {
  const out: BridgeOpt[] = [];
  while (!args.done) {
    const a = args.next()!;
    const opt = OPTIONS.find(([name, , exact]) => (exact === true ? a === name : a.length > 0 && name.startsWith(a)));
    if (opt === undefined) {
      if (!(a.length > 0 && "help".startsWith(a))) ctx.err(`bridge: unknown command "${a}"?\n`);
      ctx.err(USAGE);
      throw new Exit(1);
    }
    const [name, bits] = opt;
    if (bits === 0) {
      out.push([name, 0]);
      continue;
    }
    const v = args.value();
    if (bits < 0) {
      // vlan_protocol / group_address: parsed by iproute2, without effect in the model.
      if (name === "vlan_protocol" && v !== "802.1Q" && v !== "802.1ad") invarg(ctx, "invalid vlan_protocol", v);
      continue;
    }
    const n = getUnsigned(v, bits);
    if (n === undefined) invarg(ctx, `invalid ${name}`, v);
    out.push([name, n]);
  }
  return out;
}

/** br_changelink: apply the options (refusing what pktsim does not model). */
export function applyBridgeOpts(br: Bridge, opts: readonly BridgeOpt[]): void {
  for (const [key, value] of opts) {
    const only = MODELLED_ONLY[key];
    if (only !== undefined && value !== only) throw new KernelError(Errno.EOPNOTSUPP, `pktsim does not model ${key} ${value}`);
  }
  for (const [key, value] of opts) {
    switch (key) {
      case "fdb_flush":
        br.fdbFlush();
        break;
      case "ageing_time":
        br.setAgeingTime(value * NS_PER_CS);
        break;
      case "forward_delay":
        br.forwardDelay = value * NS_PER_CS;
        break;
      case "hello_time":
        if (value < 100 || value > 1000) throw new KernelError(Errno.ERANGE);
        br.helloTime = value * NS_PER_CS;
        break;
      case "max_age":
        if (value < 600 || value > 4000) throw new KernelError(Errno.ERANGE);
        br.maxAge = value * NS_PER_CS;
        break;
      case "priority":
        br.priority = value;
        break;
      case "group_fwd_mask":
        // br_changelink: the STP/pause/MAC-control groups can never be forwarded.
        if ((value & 0x0007) !== 0) throw new KernelError(Errno.EINVAL);
        br.groupFwdMask = value;
        break;
      case "mcast_snooping":
        br.mcastSnooping = value === 0 ? 0 : 1;
        break;
      case "nf_call_iptables":
        br.nfCallIptables = value === 0 ? 0 : 1;
        break;
      case "nf_call_ip6tables":
        br.nfCallIp6tables = value === 0 ? 0 : 1;
        break;
      case "nf_call_arptables":
        br.nfCallArptables = value === 0 ? 0 : 1;
        break;
      case "mcast_router":
        // br_multicast_set_router: MDB_RTR_TYPE_DISABLED..PERM (0-2) on a bridge.
        if (value > 2) throw new KernelError(Errno.EINVAL);
        br.multicastOptions[key] = value;
        break;
      case "mcast_igmp_version":
        if (value !== 2 && value !== 3) throw new KernelError(Errno.EINVAL);
        br.multicastOptions[key] = value;
        break;
      case "mcast_mld_version":
        if (value !== 1 && value !== 2) throw new KernelError(Errno.EINVAL);
        br.multicastOptions[key] = value;
        break;
      case "mcast_vlan_snooping":
        if (value !== 0) throw new KernelError(Errno.EINVAL, "bridge: Cannot enable multicast vlan snooping with vlan filtering disabled");
        break;
      case "no_linklocal_learn":
      case "mcast_query_use_ifaddr":
      case "mcast_querier":
      case "mcast_stats_enabled":
        br.multicastOptions[key] = value === 0 ? 0 : 1;
        break;
      default:
        // The other multicast tunables are kept as given (and reported by `ip -d link`);
        // the VLAN options have no effect in the model.
        if (key in br.multicastOptions) br.multicastOptions[key] = value;
        break;
    }
  }
}

const SLAVE_USAGE =
  "Usage: ... bridge_slave [ fdb_flush ]\n" +
  "\t\t\t[ state STATE ]\n" +
  "\t\t\t[ priority PRIO ]\n" +
  "\t\t\t[ cost COST ]\n" +
  "\t\t\t[ guard {on | off} ]\n" +
  "\t\t\t[ hairpin {on | off} ]\n" +
  "\t\t\t[ fastleave {on | off} ]\n" +
  "\t\t\t[ root_block {on | off} ]\n" +
  "\t\t\t[ learning {on | off} ]\n" +
  "\t\t\t[ flood {on | off} ]\n" +
  "\t\t\t[ proxy_arp {on | off} ]\n" +
  "\t\t\t[ proxy_arp_wifi {on | off} ]\n" +
  "\t\t\t[ mcast_router MULTICAST_ROUTER ]\n" +
  "\t\t\t[ mcast_fast_leave {on | off} ]\n" +
  "\t\t\t[ mcast_flood {on | off} ]\n" +
  "\t\t\t[ bcast_flood {on | off} ]\n" +
  "\t\t\t[ mcast_to_unicast {on | off} ]\n" +
  "\t\t\t[ group_fwd_mask MASK ]\n" +
  "\t\t\t[ neigh_suppress {on | off} ]\n" +
  "\t\t\t[ vlan_tunnel {on | off} ]\n" +
  "\t\t\t[ isolated {on | off} ]\n" +
  "\t\t\t[ locked {on | off} ]\n" +
  "\t\t\t[ backup_port DEVICE ] [ nobackup_port ]\n";

/** The on/off port options and the flag each sets (br_setport's br_set_port_flag calls). */
const SLAVE_FLAGS: ReadonlyArray<readonly [string, number]> = [
  ["hairpin", BrPortFlag.HAIRPIN_MODE],
  ["guard", BrPortFlag.BPDU_GUARD],
  ["root_block", BrPortFlag.ROOT_BLOCK],
  ["fastleave", BrPortFlag.MULTICAST_FAST_LEAVE],
  ["learning", BrPortFlag.LEARNING],
  ["flood", BrPortFlag.FLOOD],
  ["mcast_flood", BrPortFlag.MCAST_FLOOD],
  ["bcast_flood", BrPortFlag.BCAST_FLOOD],
  ["mcast_to_unicast", BrPortFlag.MULTICAST_TO_UNICAST],
  ["proxy_arp", BrPortFlag.PROXYARP],
  ["proxy_arp_wifi", BrPortFlag.PROXYARP_WIFI],
  ["mcast_fast_leave", BrPortFlag.MULTICAST_FAST_LEAVE],
  ["neigh_suppress", BrPortFlag.NEIGH_SUPPRESS],
  ["vlan_tunnel", BrPortFlag.VLAN_TUNNEL],
  ["isolated", BrPortFlag.ISOLATED],
  ["locked", BrPortFlag.PORT_LOCKED],
];

/** IFLA_BRPORT_* attributes of one `type bridge_slave` request. */
export interface BridgeSlaveOpts {
  flags: Array<readonly [number, boolean]>;
  state?: number;
  priority?: number;
  cost?: number;
  mcastRouter?: number;
  groupFwdMask?: number;
  /** 0: nobackup_port. */
  backupIfindex?: number;
  flush: boolean;
}

/** bridge_slave_parse_opt (ip/iplink_bridge_slave.c): the first prefix match wins. */
export function parseBridgeSlaveOpts(ctx: CommandContext, args: Args, ifindexOf: (name: string) => number | undefined): BridgeSlaveOpts {
  const out: BridgeSlaveOpts = { flags: [], flush: false };
  const m = (a: string, w: string): boolean => a.length > 0 && w.startsWith(a);
  const num = (v: string, bits: number, msg: string): number => {
    const n = getUnsigned(v, bits);
    if (n === undefined) invarg(ctx, msg, v);
    return n;
  };
  while (!args.done) {
    const a = args.next()!;
    if (m(a, "fdb_flush")) out.flush = true;
    else if (m(a, "state")) out.state = num(args.value(), 8, "state is invalid");
    else if (m(a, "priority")) out.priority = num(args.value(), 16, "priority is invalid");
    else if (m(a, "cost")) out.cost = num(args.value(), 32, "cost is invalid");
    else if (m(a, "mcast_router")) out.mcastRouter = num(args.value(), 8, "invalid mcast_router");
    else if (m(a, "group_fwd_mask")) out.groupFwdMask = num(args.value(), 16, "invalid group_fwd_mask");
    else if (m(a, "backup_port")) {
      const v = args.value();
      const idx = ifindexOf(v);
      if (idx === undefined) invarg(ctx, "Device does not exist\n", v);
      out.backupIfindex = idx;
    } else if (m(a, "nobackup_port")) out.backupIfindex = 0;
    else {
      // The on/off options, in the parser's order (mcast_flood before mcast_router is checked by name).
      const order = ["hairpin", "guard", "root_block", "fastleave", "learning", "flood", "mcast_flood", "bcast_flood", "mcast_to_unicast", "proxy_arp", "proxy_arp_wifi", "mcast_fast_leave", "neigh_suppress", "vlan_tunnel", "isolated", "locked"];
      const name = order.find((w) => m(a, w));
      if (name === undefined) {
        if (m(a, "help")) {
          ctx.err(SLAVE_USAGE);
          throw new Exit(1);
        }
        ctx.err(`bridge_slave: unknown option "${a}"?\n${SLAVE_USAGE}`);
        throw new Exit(1);
      }
      const v = args.value();
      if (v !== "on" && v !== "off") {
        // parse_on_off, then bridge_slave_parse_on_off's exit(1).
        ctx.err(`Error: argument of "${name}" must be one of "off", "on", not "${v}"\n`);
        throw new Exit(1);
      }
      out.flags.push([SLAVE_FLAGS.find(([n]) => n === name)![1], v === "on"]);
    }
  }
  return out;
}

/** br_port_slave_changelink → br_setport: flags, cost, priority, state, flush, router, mask, backup. */
export function applyBridgeSlaveOpts(br: Bridge, port: BridgePort, o: BridgeSlaveOpts): void {
  try {
    for (const [flag, on] of o.flags) port.setFlag(flag, on);
    if (o.cost !== undefined) port.setPathCost(o.cost);
    if (o.priority !== undefined) port.setPriority(o.priority);
    if (o.state !== undefined) br.setPortState(port, o.state);
    if (o.flush) br.flushPort(port);
    if (o.mcastRouter !== undefined) {
      if (o.mcastRouter > 3) throw new KernelError(Errno.EINVAL);
      port.mcastRouter = o.mcastRouter;
    }
    if (o.groupFwdMask !== undefined) {
      // BR_GROUPFWD_MACPAUSE can never be forwarded.
      if ((o.groupFwdMask & 0x0002) !== 0) throw new KernelError(Errno.EINVAL);
      port.groupFwdMask = o.groupFwdMask;
    }
    if (o.backupIfindex !== undefined) {
      if (o.backupIfindex === 0) port.backupPort = null;
      else {
        const backup = br.ports().find((p) => p.dev.ifindex === o.backupIfindex);
        if (backup === undefined) throw new KernelError(Errno.ENOENT);
        if (backup === port) throw new KernelError(Errno.EINVAL);
        port.backupPort = backup;
      }
    }
  } catch (e) {
    if (e instanceof BridgeError) throw new KernelError(e.errno as Errno, e.extack);
    throw e;
  }
}
