/**
 * ethtool (6.1): settings, driver info (-i) and NIC statistics (-S) of the simulated devices.
 */
import { Veth } from "@pktsim/devices";
import type { CommandContext } from "../command";

export function ethtool(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  let mode = "settings";
  if (args[0] === "-S" || args[0] === "--statistics") mode = "stats";
  else if (args[0] === "-i" || args[0] === "--driver") mode = "driver";
  if (mode !== "settings") args.shift();
  const name = args[0];
  if (name === undefined) {
    ctx.err("ethtool: bad command line argument(s)\nFor more information run ethtool -h\n");
    return 1;
  }
  const dev = ctx.ns.deviceByName(name);
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
  if (dev === undefined) {
    ctx.err("netlink error: no device matches name (offset 24)\nnetlink error: No such device\n".repeat(5) + "No data available\n");
    return 75;
  }
  if (mode === "driver") {
    const driver = dev instanceof Veth ? "veth" : dev.kind === "bridge" ? "bridge" : dev.kind;
    const version = dev instanceof Veth ? "1.0" : dev.kind === "bridge" ? "2.3" : "";
    ctx.out(
      `driver: ${driver}\nversion: ${version}\nfirmware-version: \nexpansion-rom-version: \nbus-info: \n` +
        `supports-statistics: ${dev instanceof Veth ? "yes" : "no"}\nsupports-test: no\nsupports-eeprom-access: no\n` +
        "supports-register-dump: no\nsupports-priv-flags: no\n",
    );
    return 0;
  }
  const link = dev.isRunning ? "yes" : "no";
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
