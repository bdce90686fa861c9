/**
 * conntrack (conntrack-tools 1.4.7): -L/--dump lists the namespace's connections in the
 * tool's own format, -F/--flush empties the table, -C/--count counts.
 */
import { formatIpv4 } from "@pktsim/core";
import { type Conn, IPS, IPPROTO, TCP_STATE_NAMES, type Tuple, protocolName } from "@pktsim/netfilter";
import type { CommandContext } from "../command";

const PROG = "conntrack v1.4.7 (conntrack-tools)";

function tupleText(t: Tuple): string {
  let s = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)} `;
  if (t.proto === IPPROTO.ICMP) s += `type=${t.dport >>> 8} code=${t.dport & 0xff} id=${t.sport} `;
  else if (t.proto === IPPROTO.TCP || t.proto === IPPROTO.UDP || t.proto === IPPROTO.SCTP || t.proto === IPPROTO.UDPLITE || t.proto === IPPROTO.DCCP) {
    s += `sport=${t.sport} dport=${t.dport} `;
  }
  return s;
}

/**
 * The process reads the table a moment after it starts: a listing right after the packet that
 * refreshed an entry shows 29 of its 30 seconds on Linux, not 30.
 */
const STARTUP_NS = 1_000_000;

/** One line of `conntrack -L`. */
export function conntrackLine(c: Conn, now: number): string {
  const [orig, reply] = c.tuple;
  const name = protocolName(orig.proto) ?? "unknown";
  let s = `${name.padEnd(8, " ")} ${orig.proto} ${Math.floor(Math.max(0, c.expiresIn(now) - STARTUP_NS) / 1e9)} `;
  if (orig.proto === IPPROTO.TCP) s += `${TCP_STATE_NAMES[c.tcpState]} `;
  s += tupleText(orig);
  if ((c.status & IPS.SEEN_REPLY) === 0) s += "[UNREPLIED] ";
  s += tupleText(reply);
  if (c.status & IPS.ASSURED) s += "[ASSURED] ";
  s += `mark=${c.mark} `;
  if (c.zone !== 0) s += `zone=${c.zone} `;
  s += "use=1";
  return s;
}

export function conntrack(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const nf = ctx.ns.netfilter;
  const now = ctx.host.sim.now;
  const cmd = args[0] ?? "";
  if (cmd === "-L" || cmd === "--dump" || cmd === "") {
    const list = nf.connections();
    for (const c of list) ctx.out(`${conntrackLine(c, now)}\n`);
    ctx.err(`${PROG}: ${list.length} flow entries have been shown.\n`);
    return 0;
  }
  if (cmd === "-F" || cmd === "--flush") {
    nf.conntrack.flush();
    ctx.err(`${PROG}: connection tracking table has been emptied.\n`);
    return 0;
  }
  if (cmd === "-C" || cmd === "--count") {
    ctx.out(`${nf.connections().length}\n`);
    return 0;
  }
  ctx.err(`${PROG}: Invalid argument \`${cmd}'\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`);
  return 2;
}
