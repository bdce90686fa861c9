/**
 * `iptables -L` and `-S` output (iptables 1.8.9 xshared.c print_header/print_firewall,
 * xtables_print_num, print_ifaces, print_ipv4_addresses; nft-shared.c for -S), including the
 * 1.8.9 (nf_tables) quirk of a numeric protocol column under -n.
 */
import { formatIpv4 } from "@pktsim/core";
import { type Chain, IptInv, type Rule, type Table, addrToAnyname, protocolName, saveRuleBody } from "@pktsim/netfilter";

export interface ListFormat {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}


/** xtables_print_num, in u64 arithmetic ((2^64 - 1 + 500) / 1000 wraps to 0K as on the kernel). */
export function printNum(count: number | bigint, f: ListFormat): string {
  const M = (1n << 64n) - 1n;
  let n = BigInt(count);
  if (f.exact) return `${String(n).padStart(8, " ")} `;
  if (n <= 99999n) return `${String(n).padStart(5, " ")} `;
  n = ((n + 500n) & M) / 1000n;
  for (const unit of ["K", "M", "G"]) {
    if (n <= 9999n) return `${String(n).padStart(4, " ")}${unit} `;
    n = (n + 500n) / 1000n;
  }
  return `${String(n).padStart(4, " ")}T `;
}

function maskText(mask: number): string {
  if (mask === 0xffffffff) return "";
  let len = 0;
  let m = mask;
  while (m & 0x80000000) {
    len++;
    m = (m << 1) >>> 0;
  }
  return m === 0 ? `/${len}` : `/${formatIpv4(mask)}`;
}

function addrText(addr: number, mask: number, numeric: boolean): string {
  if (mask === 0 && !numeric) return "anywhere";
  let name = formatIpv4(addr);
  if (!numeric) name = addrToAnyname(addr);
  return name + maskText(mask);
}

/** The column header of -L. */
export function listHeader(f: ListFormat): string {
  let s = f.lineNumbers ? "num  " : "";
  if (f.verbose) s += f.exact ? "    pkts      bytes " : " pkts bytes ";
  s += "target    ";
  s += " prot opt";
  if (f.verbose) s += " in     out    ";
  s += " source              ";
  s += " destination         ";
  return s;
}

/** print_firewall: one rule line of -L (numbered from 1). */
export function listRule(rule: Rule, num: number, f: ListFormat): string {
  const ip = rule.ip;
  let s = f.lineNumbers ? `${String(num).padEnd(4, " ")} ` : "";
  if (f.verbose) s += printNum(rule.packets, f) + printNum(rule.bytes, f);
  s += `${rule.targetName.padEnd(9, " ")} `;
  s += ip.invflags & IptInv.PROTO ? "!" : " ";
  const pname = f.numeric ? String(ip.proto) : ip.proto === 0 ? "all" : (protocolName(ip.proto) ?? String(ip.proto));
  s += pname.padEnd(5, " ");
  s += ip.invflags & IptInv.FRAG ? "!" : "-";
  s += ip.fragment ? "f" : "-";
  s += " ";
  if (f.verbose) {
    const iface = (name: string, wild: boolean, inv: boolean): string => `${inv ? "!" : ""}${name !== "" || wild ? `${name}${wild ? "+" : ""}` : f.numeric ? "*" : "any"}`;
    s += ` ${iface(ip.iniface, ip.inWild, (ip.invflags & IptInv.VIA_IN) !== 0).padEnd(6, " ")} `;
    s += `${iface(ip.outiface, ip.outWild, (ip.invflags & IptInv.VIA_OUT) !== 0).padEnd(6, " ")} `;
  }
  s += ip.invflags & IptInv.SRCIP ? "!" : " ";
  s += `${addrText(ip.src, ip.smsk, f.numeric).padEnd(19, " ")} `;
  s += ip.invflags & IptInv.DSTIP ? "!" : " ";
  s += `${addrText(ip.dst, ip.dmsk, f.numeric).padEnd(19, " ")} `;
  if (rule.action.kind === "goto") s += "[goto] ";
  for (const m of rule.matches) s += m.print(f.numeric);
  if (rule.action.kind === "target") s += rule.action.target.print(f.numeric);
  return s;
}

/** libxtables xtables_chain_protos. */
const CHAIN_PROTOS: ReadonlyMap<number, string> = new Map([
  [6, "tcp"], [132, "sctp"], [17, "udp"], [136, "udplite"], [1, "icmp"], [58, "icmpv6"], [50, "esp"], [51, "ah"], [135, "mh"], [0, "all"],
]);

/**
 * The rule -A/-I/-D/-C -v echo: print_firewall with FMT_PRINT_RULE (numeric, no counters, no
 * table padding: "ACCEPT  tcp opt -- in * out *  1.2.3.4  -> 0.0.0.0/0   tcp dpt:80").
 */
export function echoRule(rule: Rule): string {
  const ip = rule.ip;
  let s = `${rule.targetName} `;
  s += ip.invflags & IptInv.PROTO ? "!" : " ";
  // proto_to_name with nolookup: xtables_chain_protos only (47 stays 47).
  s += `${CHAIN_PROTOS.get(ip.proto) ?? String(ip.proto)} `;
  s += `opt ${ip.invflags & IptInv.FRAG ? "!" : "-"}${ip.fragment ? "f" : "-"} `;
  const iface = (name: string, wild: boolean, inv: boolean): string => `${inv ? "!" : ""}${name !== "" || wild ? `${name}${wild ? "+" : ""}` : "*"}`;
  s += `in ${iface(ip.iniface, ip.inWild, (ip.invflags & IptInv.VIA_IN) !== 0)} `;
  s += `out ${iface(ip.outiface, ip.outWild, (ip.invflags & IptInv.VIA_OUT) !== 0)} `;
  s += ip.invflags & IptInv.SRCIP ? "!" : " ";
  s += `${addrText(ip.src, ip.smsk, true)} `;
  s += ip.invflags & IptInv.DSTIP ? "!" : " ";
  s += `-> ${addrText(ip.dst, ip.dmsk, true)}`;
  s += "  ";
  if (rule.action.kind === "goto") s += "[goto] ";
  for (const m of rule.matches) s += m.print(true);
  if (rule.action.kind === "target") s += rule.action.target.print(true);
  return s;
}

/** "Chain NAME (policy …)" or "Chain NAME (N references)". */
export function chainHeader(table: Table, chain: Chain, f: ListFormat): string {
  if (chain.builtin) {
    const counts = f.verbose ? ` ${printNum(chain.packets, f).trim()} packets, ${printNum(chain.bytes, f).trim()} bytes` : "";
    return `Chain ${chain.name} (policy ${chain.policy}${counts})`;
  }
  return `Chain ${chain.name} (${table.references(chain.name)} references)`;
}

/** -L for one chain: header, column header, rules. */
export function listChain(table: Table, chain: Chain, f: ListFormat): string {
  const lines = [chainHeader(table, chain, f), listHeader(f)];
  chain.rules.forEach((r, i) => lines.push(listRule(r, i + 1, f)));
  return lines.join("\n") + "\n";
}

/** -S line for a rule. */
export function specLine(chain: string, rule: Rule, verbose: boolean): string {
  return `-A ${chain}${saveRuleBody(rule, verbose)}`;
}

/** -S line for a chain itself. */
export function chainSpecLine(chain: Chain, verbose: boolean): string {
  if (!chain.builtin) return `-N ${chain.name}`;
  return `-P ${chain.name} ${chain.policy}${verbose ? ` -c ${chain.packets} ${chain.bytes}` : ""}`;
}
