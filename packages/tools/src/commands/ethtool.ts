/**
 * ethtool (6.1): settings, driver info (-i), NIC statistics (-S), channels (-l), permanent
 * address (-P) and time stamping (-T) of the simulated devices; what their drivers lack
 * (ring, coalesce, pause, changing settings) is the kernel's EOPNOTSUPP, as on 6.18.
 */
import { formatMac } from "@pktsim/core";
import { Bridge, type NetDevice, OperState, Veth } from "@pktsim/devices";
import type { CommandContext } from "../command";

const NO_DEV_NL = "netlink error: no device matches name (offset 24)\nnetlink error: No such device\n";
const NOT_SUPPORTED_NL = "netlink error: Operation not supported\n";

/** Netlink requests of the drivers here: none has ring, coalesce or pause operations. */
const UNSUPPORTED_MODES: Record<string, number> = {
  "-g": 1, "--show-ring": 1, "-c": 1, "--show-coalesce": 1, "-a": 1, "--show-pause": 1, "-s": 75, "--change": 75,
};

/** The reference machine's possible CPUs: veth_get_channels reports them as the maximum queues. */
const NUM_POSSIBLE_CPUS = 2;

/** ethtool_op_get_ts_info (veth, lo, NICs) adds software transmit stamps to the default. */
function tsInfo(dev: NetDevice): string {
  const tx = dev instanceof Bridge ? "" : "\tsoftware-transmit\n";
  return (
    `Time stamping parameters for ${dev.name}:\nCapabilities:\n${tx}\tsoftware-receive\n\tsoftware-system-clock\n` +
    "PTP Hardware Clock: none\nHardware Transmit Timestamp Modes: none\nHardware Receive Filter Modes: none\n"
  );
}

/**
 * br_get_link_ksettings: the fastest running, operationally up port (veth: 10000Mb/s); duplex
 * unknown, port other.
 */
function bridgeSettings(br: Bridge, link: string): string {
  let speed = 0;
  for (const p of br.ports()) {
    const d = p.dev;
    if (!d.adminUp || (d.operState !== OperState.UP && d.operState !== OperState.UNKNOWN)) continue;
    if (d instanceof Veth) speed = Math.max(speed, 10000);
  }
  return (
    `Settings for ${br.name}:\n` +
    "\tSupported ports: [  ]\n\tSupported link modes:   Not reported\n\tSupported pause frame use: No\n" +
    "\tSupports auto-negotiation: No\n\tSupported FEC modes: Not reported\n\tAdvertised link modes:  Not reported\n" +
    "\tAdvertised pause frame use: No\n\tAdvertised auto-negotiation: No\n\tAdvertised FEC modes: Not reported\n" +
    `\tSpeed: ${speed === 0 ? "Unknown!" : `${speed}Mb/s`}\n\tDuplex: Unknown! (255)\n\tAuto-negotiation: off\n\tPort: Other\n\tPHYAD: 0\n` +
    `\tTransceiver: internal\n\tLink detected: ${link}\n`
  );
}

export function ethtool(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  let mode = "settings";
  const opt = args[0];
  if (opt === "-S" || opt === "--statistics") mode = "stats";
  else if (opt === "-i" || opt === "--driver") mode = "driver";
  else if (opt === "-l" || opt === "--show-channels") mode = "channels";
  else if (opt === "-P" || opt === "--show-permaddr") mode = "permaddr";
  else if (opt === "-T" || opt === "--show-time-stamping") mode = "tsinfo";
  else if (opt === "-k" || opt === "--show-features" || opt === "--show-offload") mode = "features";
  else if (opt === "-K" || opt === "--features" || opt === "--offload") mode = "setfeatures";
  else if (opt !== undefined && UNSUPPORTED_MODES[opt] !== undefined) mode = opt;
  else if (opt !== undefined && opt.startsWith("-")) mode = "other";
  if (mode !== "settings") args.shift();
  const name = args[0];
  if (name === undefined) {
    ctx.err("ethtool: bad command line argument(s)\nFor more information run ethtool -h\n");
    return 1;
  }
  const dev = ctx.ns.deviceByName(name);
  if (mode === "features") {
    const st = dev === undefined ? undefined : featureStates(dev);
    if (dev === undefined) {
      ctx.err(NO_DEV_NL);
      return 1;
    }
    if (st === undefined) {
      ctx.err("ethtool: -k for this device is not modelled by pktsim\n");
      return 1;
    }
    ctx.out(showFeatures(dev, st));
    return 0;
  }
  if (mode === "setfeatures") return setFeatures(ctx, dev, args.slice(1));
  if (mode === "other") {
    ctx.err(`ethtool: option ${opt} is not modelled by pktsim\n`);
    return 1;
  }
  const unsupported = UNSUPPORTED_MODES[mode];
  if (unsupported !== undefined) {
    ctx.err(dev === undefined ? NO_DEV_NL : NOT_SUPPORTED_NL);
    return unsupported;
  }
  if (mode === "channels") {
    if (dev === undefined || !(dev instanceof Veth)) {
      ctx.err(dev === undefined ? NO_DEV_NL : NOT_SUPPORTED_NL);
      return 1;
    }
    // veth_get_channels: up to the possible CPUs, one queue each way in use.
    const n = NUM_POSSIBLE_CPUS;
    ctx.out(
      `Channel parameters for ${dev.name}:\nPre-set maximums:\nRX:\t\t${n}\nTX:\t\t${n}\nOther:\t\tn/a\nCombined:\tn/a\n` +
        "Current hardware settings:\nRX:\t\t1\nTX:\t\t1\nOther:\t\tn/a\nCombined:\tn/a\n",
    );
    return 0;
  }
  if (mode === "permaddr") {
    // ETHTOOL_GPERMADDR: veth, bridges and lo have no perm_addr (random or zero MACs).
    if (dev === undefined) {
      ctx.err("netlink error: No such device\n");
      return 1;
    }
    const perm = dev.kind === "nic" ? formatMac(dev.mac) : "not set";
    ctx.out(`Permanent address: ${perm}\n`);
    return 0;
  }
  if (mode === "tsinfo") {
    if (dev === undefined) {
      ctx.err(NO_DEV_NL);
      return 1;
    }
    ctx.out(tsInfo(dev));
    return 0;
  }
  if (mode === "stats") {
    if (dev === undefined) {
      ctx.err("Cannot get stats strings information: No such device\n");
      return 96;
    }
    if (!(dev instanceof Veth)) {
      ctx.err("no stats available\n");
      return 94;
    }
    const peerIndex = dev.peer.ifindex;
    ctx.out(
      "NIC statistics:\n" +
        `     peer_ifindex: ${peerIndex}\n` +
        "     rx_queue_0_xdp_packets: 0\n" +
        "     rx_queue_0_xdp_bytes: 0\n" +
        `     rx_queue_0_drops: ${dev.stats.rxDropped}\n` +
        "     rx_queue_0_xdp_redirect: 0\n" +
        "     rx_queue_0_xdp_drops: 0\n" +
        "     rx_queue_0_xdp_tx: 0\n" +
        "     rx_queue_0_xdp_tx_errors: 0\n" +
        "     tx_queue_0_xdp_xmit: 0\n" +
        "     tx_queue_0_xdp_xmit_errors: 0\n",
    );
    return 0;
  }
  if (mode === "driver") {
    // ETHTOOL_GDRVINFO: lo has no get_drvinfo (and no parent device to fall back on).
    if (dev === undefined || dev.kind === "loopback") {
      ctx.err(`Cannot get driver information: ${dev === undefined ? "No such device" : "Operation not supported"}\n`);
      return 71;
    }
    // br_getinfo fills fw_version and bus_info with "N/A".
    const na = dev instanceof Bridge ? "N/A" : "";
    const driver = dev instanceof Veth ? "veth" : dev.kind === "bridge" ? "bridge" : dev.kind;
    const version = dev instanceof Veth ? "1.0" : dev.kind === "bridge" ? "2.3" : "";
    ctx.out(
      `driver: ${driver}\nversion: ${version}\nfirmware-version: ${na}\nexpansion-rom-version: \nbus-info: ${na}\n` +
        `supports-statistics: ${dev instanceof Veth ? "yes" : "no"}\nsupports-test: no\nsupports-eeprom-access: no\n` +
        "supports-register-dump: no\nsupports-priv-flags: no\n",
    );
    return 0;
  }
  if (dev === undefined) {
    ctx.err(NO_DEV_NL.repeat(5) + "No data available\n");
    return 75;
  }
  const link = dev.isRunning ? "yes" : "no";
  if (dev instanceof Bridge) {
    ctx.out(bridgeSettings(dev, link));
    return 0;
  }
  if (!(dev instanceof Veth)) {
    ctx.out(`Settings for ${dev.name}:\n\tLink detected: ${link}\n`);
    return 0;
  }
  ctx.out(
    `Settings for ${dev.name}:\n` +
      "\tSupported ports: [  ]\n\tSupported link modes:   Not reported\n\tSupported pause frame use: No\n" +
      "\tSupports auto-negotiation: No\n\tSupported FEC modes: Not reported\n\tAdvertised link modes:  Not reported\n" +
      "\tAdvertised pause frame use: No\n\tAdvertised auto-negotiation: No\n\tAdvertised FEC modes: Not reported\n" +
      "\tSpeed: 10000Mb/s\n\tDuplex: Full\n\tAuto-negotiation: off\n\tPort: Twisted Pair\n\tPHYAD: 0\n" +
      `\tTransceiver: internal\n\tMDI-X: Unknown\n\tLink detected: ${link}\n`,
  );
  return 0;
}

// ---- features (-k / -K) ------------------------------------------------------------------------

/** The rows of `ethtool -k` in its order; a leading tab marks a sub-feature of the row above. */
const FEATURE_ROWS: readonly string[] = [
  "rx-checksumming",
  "tx-checksumming",
  "\ttx-checksum-ipv4",
  "\ttx-checksum-ip-generic",
  "\ttx-checksum-ipv6",
  "\ttx-checksum-fcoe-crc",
  "\ttx-checksum-sctp",
  "scatter-gather",
  "\ttx-scatter-gather",
  "\ttx-scatter-gather-fraglist",
  "tcp-segmentation-offload",
  "\ttx-tcp-segmentation",
  "\ttx-tcp-ecn-segmentation",
  "\ttx-tcp-mangleid-segmentation",
  "\ttx-tcp6-segmentation",
  "\ttx-tcp-accecn-segmentation",
  "generic-segmentation-offload",
  "generic-receive-offload",
  "large-receive-offload",
  "rx-vlan-offload",
  "tx-vlan-offload",
  "ntuple-filters",
  "receive-hashing",
  "highdma",
  "rx-vlan-filter",
  "vlan-challenged",
  "tx-gso-robust",
  "tx-fcoe-segmentation",
  "tx-gre-segmentation",
  "tx-gre-csum-segmentation",
  "tx-ipxip4-segmentation",
  "tx-ipxip6-segmentation",
  "tx-udp_tnl-segmentation",
  "tx-udp_tnl-csum-segmentation",
  "tx-gso-partial",
  "tx-tunnel-remcsum-segmentation",
  "tx-sctp-segmentation",
  "tx-esp-segmentation",
  "tx-udp-segmentation",
  "tx-gso-list",
  "tx-nocache-copy",
  "loopback",
  "rx-fcs",
  "rx-all",
  "tx-vlan-stag-hw-insert",
  "rx-vlan-stag-hw-parse",
  "rx-vlan-stag-filter",
  "l2-fwd-offload",
  "hw-tc-offload",
  "esp-hw-offload",
  "esp-tx-csum-hw-offload",
  "rx-udp_tunnel-port-offload",
  "tls-hw-tx-offload",
  "tls-hw-rx-offload",
  "rx-gro-hw",
  "tls-hw-record",
  "rx-gro-list",
  "macsec-hw-offload",
  "rx-udp-gro-forwarding",
  "hsr-tag-ins-offload",
  "hsr-tag-rm-offload",
  "hsr-fwd-offload",
  "hsr-dup-offload",
];

/**
 * Each device kind's features as 6.18 shows them, one letter a row (parents are recomputed):
 * 1 on, 0 off, F on [fixed], f off [fixed], r off [requested on]. A bridge with ports differs from
 * one without (br_features_recompute intersects what the ports have).
 */
const FEATURE_TABLES: Record<string, string> = {
  veth: "11f1ff111111111110f11ff1ffff111111ff1f110fff11ffffffffff0f0ffff",
  bridge: "f1f1fff11111111111ff1ff1ffrr1111111111110fff1fffffffffff0f0ffff",
  bridgeEmpty: "f1f1fff11111111111ff1ff1ff111111111111110fff1fffffffffff0f0ffff",
  loopback: "F1fFffF1FF11111111fffffFfFffffffffff1f11fFffffffffffffff0f0ffff",
};

/** ethtool's short names (off_flag_def) for the features they stand for. */
const FEATURE_ALIASES: Record<string, readonly string[]> = {
  rx: ["rx-checksumming"],
  "tcp-segmentation-offload": ["tx-tcp-segmentation", "tx-tcp-ecn-segmentation", "tx-tcp-mangleid-segmentation", "tx-tcp6-segmentation", "tx-tcp-accecn-segmentation"],
  tso: ["tx-tcp-segmentation", "tx-tcp-ecn-segmentation", "tx-tcp-mangleid-segmentation", "tx-tcp6-segmentation", "tx-tcp-accecn-segmentation"],
  gso: ["generic-segmentation-offload"],
  gro: ["generic-receive-offload"],
  lro: ["large-receive-offload"],
  rxvlan: ["rx-vlan-offload"],
  txvlan: ["tx-vlan-offload"],
  ntuple: ["ntuple-filters"],
  rxhash: ["receive-hashing"],
};

/** Features whose change drags others along (netdev_fix_features): not modelled. */
const DEPENDENT = new Set(["tx", "sg", "tx-checksumming", "scatter-gather", "tx-checksum-ip-generic", "tx-checksum-sctp", "tx-scatter-gather", "tx-scatter-gather-fraglist", "highdma"]);

/** The user's wanted features per device (dev->wanted_features), over the kind's defaults. */
const wanted = new WeakMap<NetDevice, Map<string, boolean>>();

function featureKind(dev: NetDevice): string | undefined {
  if (dev instanceof Veth) return "veth";
  if (dev instanceof Bridge) return [...dev.ports()].length > 0 ? "bridge" : "bridgeEmpty";
  if (dev.kind === "loopback") return "loopback";
  return undefined;
}

/** One device's feature states by row name: [on, fixed, requestedOn]. */
function featureStates(dev: NetDevice): Map<string, [boolean, boolean, boolean]> | undefined {
  const kind = featureKind(dev);
  if (kind === undefined) return undefined;
  const table = FEATURE_TABLES[kind]!;
  const own = wanted.get(dev);
  const out = new Map<string, [boolean, boolean, boolean]>();
  FEATURE_ROWS.forEach((row, i) => {
    const name = row.trim();
    const c = table[i]!;
    let on = c === "1" || c === "F";
    const fixed = c === "F" || c === "f";
    const wish = own?.get(name);
    if (!fixed && wish !== undefined) on = wish;
    out.set(name, [on, fixed, c === "r" && !on]);
  });
  if (dev instanceof Bridge) {
    // br_features_recompute (netdev_increment_features): accecn TSO is not in
    // NETIF_F_GSO_SOFTWARE, so the bridge has it only when every port has it.
    const ports = [...dev.ports()];
    const acc = out.get("tx-tcp-accecn-segmentation")!;
    if (ports.some((p) => featureStates(p.dev)?.get("tx-tcp-accecn-segmentation")?.[0] === false)) out.set("tx-tcp-accecn-segmentation", [false, false, acc[0] || acc[2]]);
  }
  return out;
}

/** `ethtool -k`: parents are on when a sub-feature is. */
function showFeatures(dev: NetDevice, st: Map<string, [boolean, boolean, boolean]>): string {
  let out = `Features for ${dev.name}:\n`;
  FEATURE_ROWS.forEach((row, i) => {
    const name = row.trim();
    const child = row.startsWith("\t");
    const hasChildren = !child && FEATURE_ROWS[i + 1]?.startsWith("\t") === true;
    if (hasChildren) {
      let any = false;
      for (let j = i + 1; j < FEATURE_ROWS.length && FEATURE_ROWS[j]!.startsWith("\t"); j++) any ||= st.get(FEATURE_ROWS[j]!.trim())![0];
      out += `${name}: ${any ? "on" : "off"}\n`;
      return;
    }
    const [on, fixed, requested] = st.get(name)!;
    out += `${child ? "\t" : ""}${name}: ${on ? "on" : "off"}${fixed ? " [fixed]" : requested ? " [requested on]" : ""}\n`;
  });
  return out;
}

/** `ethtool -K DEV NAME on|off ...` (ETHTOOL_MSG_FEATURES_SET). */
function setFeatures(ctx: CommandContext, dev: NetDevice | undefined, args: readonly string[]): number {
  const changes: Array<[string, boolean]> = [];
  for (let i = 0; i < args.length; i += 2) {
    const v = args[i + 1];
    if (v !== "on" && v !== "off") {
      ctx.err("ethtool (-K): flag '(null)' for parameter '(null)' is not followed by 'on' or 'off'\n");
      return 1;
    }
    changes.push([args[i]!, v === "on"]);
  }
  if (dev === undefined) {
    ctx.err(NO_DEV_NL);
    return 92;
  }
  const st = featureStates(dev);
  if (st === undefined || dev instanceof Bridge || changes.some(([n]) => DEPENDENT.has(n))) {
    ctx.err("ethtool: -K for this device or feature is not modelled by pktsim\n");
    return 1;
  }
  const targets: Array<[string, boolean]> = [];
  for (const [n, on] of changes) {
    const names = FEATURE_ALIASES[n] ?? (st.has(n) ? [n] : undefined);
    if (names === undefined) {
      ctx.err("netlink error: bit name not found (offset 52)\nnetlink error: Operation not supported\n");
      return 92;
    }
    for (const name of names) targets.push([name, on]);
  }
  // The kernel answers with what it could not do as asked (fixed features).
  const refused = targets.filter(([n, on]) => st.get(n)![1] && st.get(n)![0] !== on);
  const own = wanted.get(dev) ?? new Map<string, boolean>();
  wanted.set(dev, own);
  let changed = false;
  for (const [n, on] of targets) {
    if (st.get(n)![1]) continue;
    if (st.get(n)![0] !== on) changed = true;
    own.set(n, on);
  }
  if (refused.length > 0) {
    ctx.out(`Actual changes:\n${refused.map(([n, on]) => `${n}: ${on ? "off [requested on]" : "on [requested off]"}\n`).join("")}`);
    if (!changed) {
      ctx.err("Could not change any device features\n");
      return 1;
    }
  }
  return 0;
}
