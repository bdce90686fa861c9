/** The commands a session knows, by name. */
import type { Command } from "../command";
import { cat } from "./cat";
import { echo, sleep } from "./misc";
import { bridge } from "./bridge";
import { brctl } from "./brctl";
import { ethtool } from "./ethtool";
import { ifconfig } from "./ifconfig";
import { ip } from "./ip/index";
import { netstat } from "./netstat";
import { ping } from "./ping";
import { route } from "./route";
import { sysctl } from "./sysctl";
import { tc } from "./tc";
import { iptables } from "./iptables";
import { iptablesRestore, iptablesSave } from "./iptables-save";
import { conntrack } from "./conntrack";
import { dmesg } from "./dmesg";
import { xtablesMonitor } from "./xtables-monitor";

export function builtinCommands(): Array<[string, Command]> {
  const table = new Map<string, Command>();
  const has = (name: string): boolean => table.has(name) || table.has(name.slice(name.lastIndexOf("/") + 1));
  table.set("ip", (ctx) => ip(ctx, has));
  table.set("ping", ping);
  table.set("ifconfig", ifconfig);
  table.set("ethtool", ethtool);
  table.set("sysctl", sysctl);
  table.set("tc", tc);
  table.set("route", route);
  table.set("netstat", netstat);
  table.set("sleep", sleep);
  table.set("bridge", bridge);
  table.set("brctl", brctl);
  table.set("iptables", iptables);
  table.set("iptables-nft", iptables);
  table.set("iptables-save", iptablesSave);
  table.set("iptables-nft-save", iptablesSave);
  table.set("iptables-restore", iptablesRestore);
  table.set("iptables-nft-restore", iptablesRestore);
  table.set("conntrack", conntrack);
  table.set("dmesg", dmesg);
  table.set("xtables-monitor", xtablesMonitor);
  table.set("echo", echo);
  table.set("cat", cat);
  table.set("true", () => 0);
  table.set("false", () => 1);
  return [...table];
}
