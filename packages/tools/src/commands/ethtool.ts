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
  else if (opt !== undefined && UNSUPPORTED_MODES[opt] !== undefined) mode = opt;
  else if (opt !== undefined && opt.startsWith("-")) mode = "other";
  if (mode !== "settings") args.shift();
  const name = args[0];
  if (name === undefined) {
    ctx.err("ethtool: bad command line argument(s)\nFor more information run ethtool -h\n");
    return 1;
  }
  const dev = ctx.ns.deviceByName(name);
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
