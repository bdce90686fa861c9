/**
 * ss (iproute2 6.1, misc/ss.c and ssfilter.y): TCP, UDP and raw sockets of the namespace as
 * inet_diag reports them, with the socket-table and family defaults (filter_db_set,
 * filter_af_set, filter_merge_defaults), state filters, the filter expression language
 * (dst/src/dport/sport with = != < > <= >=, and/or/not, parentheses, autobound), the column
 * layout of a non-terminal (render_calc_width's compact output: each column as wide as its
 * widest field; the Netid and State columns vanish when only one table or one state is
 * shown), -p's users:(("nc",pid=N,fd=N)) (from the processes that hold the sockets), -o's
 * timers in virtual time, -e's details, -H, -O, -n/-r, -N, -s (from /proc/net/sockstat and
 * /proc/net/snmp), usage and errors.
 *
 * The model has no unix, packet, netlink, vsock, tipc, xdp, sctp, mptcp or IPv6 sockets:
 * those tables list nothing (netlink would list the kernel's own sockets on Linux). Asking
 * for DCCP prints the reference kernel's answer (it has no dccp_diag: "RTNETLINK answers:
 * Invalid argument"). Not modelled, and refused with a message: -i (tcp_info: RTT, pacing and
 * delivery rates a simulation cannot reproduce exactly), -m (skmem: socket memory
 * accounting), -K, -E, -D, -b, --tos, --cgroup, --inet-sockopt, -Z/-z (SELinux is off).
 * -e prints no cgroup (the reference machine's namespaces have no cgroup2 mount).
 */
import { type Ipv4Addr, formatIpv4, parseIpv4 } from "@pktsim/core";
import type { Namespace } from "@pktsim/stack";
import { type CommandContext, Exit } from "../command";
import { type LongOption, getoptLong } from "./getopt";
import { type InetSockEntry, rawSockets, tcpSockets, udpSockets } from "./procnet";
import { sockStat } from "./procsnmp";
import { protocolName, serviceName } from "./services";

const USAGE = `Usage: ss [ OPTIONS ]
       ss [ OPTIONS ] [ FILTER ]
   -h, --help          this message
   -V, --version       output version information
   -n, --numeric       don't resolve service names
   -r, --resolve       resolve host names
   -a, --all           display all sockets
   -l, --listening     display listening sockets
   -o, --options       show timer information
   -e, --extended      show detailed socket information
   -m, --memory        show socket memory usage
   -p, --processes     show process using socket
   -T, --threads       show thread using socket
   -i, --info          show internal TCP information
       --tipcinfo      show internal tipc socket information
   -s, --summary       show socket usage summary
       --tos           show tos and priority information
       --cgroup        show cgroup information
   -b, --bpf           show bpf filter socket information
   -E, --events        continually display sockets as they are destroyed
   -Z, --context       display task SELinux security contexts
   -z, --contexts      display task and socket SELinux security contexts
   -N, --net           switch to the specified network namespace name

   -4, --ipv4          display only IP version 4 sockets
   -6, --ipv6          display only IP version 6 sockets
   -0, --packet        display PACKET sockets
   -t, --tcp           display only TCP sockets
   -M, --mptcp         display only MPTCP sockets
   -S, --sctp          display only SCTP sockets
   -u, --udp           display only UDP sockets
   -d, --dccp          display only DCCP sockets
   -w, --raw           display only RAW sockets
   -x, --unix          display only Unix domain sockets
       --tipc          display only TIPC sockets
       --vsock         display only vsock sockets
       --xdp           display only XDP sockets
   -f, --family=FAMILY display sockets of type FAMILY
       FAMILY := {inet|inet6|link|unix|netlink|vsock|tipc|xdp|help}

   -K, --kill          forcibly close sockets, display what was closed
   -H, --no-header     Suppress header line
   -O, --oneline       socket's data printed on a single line
       --inet-sockopt  show various inet socket options

   -A, --query=QUERY, --socket=QUERY
       QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|packet|packet_raw|packet_dgram|netlink|dccp|sctp|vsock_stream|vsock_dgram|tipc|xdp}[,QUERY]

   -D, --diag=FILE     Dump raw information about TCP sockets to FILE
   -F, --filter=FILE   read filter information from FILE
       FILTER := [ state STATE-FILTER ] [ EXPRESSION ]
       STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}
         TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|close-wait|last-ack|listening|closing}
          connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
       synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
             bucket := {syn-recv|time-wait}
                big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|listening|closing}
`;

const LONGOPTS: readonly LongOption[] = [
  { name: "numeric", hasArg: 0, val: "n" },
  { name: "resolve", hasArg: 0, val: "r" },
  { name: "options", hasArg: 0, val: "o" },
  { name: "extended", hasArg: 0, val: "e" },
  { name: "memory", hasArg: 0, val: "m" },
  { name: "info", hasArg: 0, val: "i" },
  { name: "processes", hasArg: 0, val: "p" },
  { name: "threads", hasArg: 0, val: "T" },
  { name: "bpf", hasArg: 0, val: "b" },
  { name: "events", hasArg: 0, val: "E" },
  { name: "dccp", hasArg: 0, val: "d" },
  { name: "tcp", hasArg: 0, val: "t" },
  { name: "sctp", hasArg: 0, val: "S" },
  { name: "udp", hasArg: 0, val: "u" },
  { name: "raw", hasArg: 0, val: "w" },
  { name: "unix", hasArg: 0, val: "x" },
  { name: "tipc", hasArg: 0, val: "tipc" },
  { name: "vsock", hasArg: 0, val: "vsock" },
  { name: "all", hasArg: 0, val: "a" },
  { name: "listening", hasArg: 0, val: "l" },
  { name: "ipv4", hasArg: 0, val: "4" },
  { name: "ipv6", hasArg: 0, val: "6" },
  { name: "packet", hasArg: 0, val: "0" },
  { name: "family", hasArg: 1, val: "f" },
  { name: "socket", hasArg: 1, val: "A" },
  { name: "query", hasArg: 1, val: "A" },
  { name: "summary", hasArg: 0, val: "s" },
  { name: "diag", hasArg: 1, val: "D" },
  { name: "filter", hasArg: 1, val: "F" },
  { name: "version", hasArg: 0, val: "V" },
  { name: "help", hasArg: 0, val: "h" },
  { name: "context", hasArg: 0, val: "Z" },
  { name: "contexts", hasArg: 0, val: "z" },
  { name: "net", hasArg: 1, val: "N" },
  { name: "tipcinfo", hasArg: 0, val: "tipcinfo" },
  { name: "tos", hasArg: 0, val: "tos" },
  { name: "cgroup", hasArg: 0, val: "cgroup" },
  { name: "kill", hasArg: 0, val: "K" },
  { name: "no-header", hasArg: 0, val: "H" },
  { name: "xdp", hasArg: 0, val: "xdp" },
  { name: "mptcp", hasArg: 0, val: "M" },
  { name: "oneline", hasArg: 0, val: "O" },
  { name: "inet-sockopt", hasArg: 0, val: "inet-sockopt" },
];

// ---------------------------------------------------------------- tables, families, states

const DB = {
  TCP: 0, MPTCP: 1, DCCP: 2, UDP: 3, RAW: 4, UNIX_DG: 5, UNIX_ST: 6, UNIX_SQ: 7, PACKET_DG: 8, PACKET_R: 9,
  NETLINK: 10, SCTP: 11, VSOCK_ST: 12, VSOCK_DG: 13, TIPC: 14, XDP: 15,
} as const;
const MAX_DB = 16;
const AF = { UNIX: 1, INET: 2, INET6: 10, NETLINK: 16, PACKET: 17, TIPC: 30, VSOCK: 40, XDP: 44 } as const;
const SS = { ESTABLISHED: 1, SYN_SENT: 2, SYN_RECV: 3, FIN_WAIT1: 4, FIN_WAIT2: 5, TIME_WAIT: 6, CLOSE: 7, CLOSE_WAIT: 8, LAST_ACK: 9, LISTEN: 10, CLOSING: 11 } as const;
const SS_MAX = 12;
const SS_ALL = (1 << SS_MAX) - 1;
const SS_CONN = SS_ALL & ~((1 << SS.LISTEN) | (1 << SS.CLOSE) | (1 << SS.TIME_WAIT) | (1 << SS.SYN_RECV));
const TIPC_SS_CONN = (1 << SS.ESTABLISHED) | (1 << SS.LISTEN) | (1 << SS.CLOSE);
const fam = (af: number): bigint => 1n << BigInt(af);
const INET_FAMS = fam(AF.INET) | fam(AF.INET6);
const PACKET_DBM = (1 << DB.PACKET_DG) | (1 << DB.PACKET_R);
const UNIX_DBM = (1 << DB.UNIX_DG) | (1 << DB.UNIX_ST) | (1 << DB.UNIX_SQ);
const INET_L4_DBM = (1 << DB.TCP) | (1 << DB.MPTCP) | (1 << DB.UDP) | (1 << DB.DCCP) | (1 << DB.SCTP);
const INET_DBM = INET_L4_DBM | (1 << DB.RAW);
const VSOCK_DBM = (1 << DB.VSOCK_ST) | (1 << DB.VSOCK_DG);

/** default_dbs: the states and families a table brings along. */
const DEFAULT_DBS: ReadonlyArray<{ states: number; families: bigint }> = [
  { states: SS_CONN, families: INET_FAMS },
  { states: SS_CONN, families: INET_FAMS },
  { states: SS_CONN, families: INET_FAMS },
  { states: 1 << SS.ESTABLISHED, families: INET_FAMS },
  { states: 1 << SS.ESTABLISHED, families: INET_FAMS },
  { states: 1 << SS.CLOSE, families: fam(AF.UNIX) },
  { states: SS_CONN, families: fam(AF.UNIX) },
  { states: SS_CONN, families: fam(AF.UNIX) },
  { states: 1 << SS.CLOSE, families: fam(AF.PACKET) },
  { states: 1 << SS.CLOSE, families: fam(AF.PACKET) },
  { states: 1 << SS.CLOSE, families: fam(AF.NETLINK) },
  { states: SS_CONN, families: INET_FAMS },
  { states: SS_CONN, families: fam(AF.VSOCK) },
  { states: SS_CONN, families: fam(AF.VSOCK) },
  { states: TIPC_SS_CONN, families: fam(AF.TIPC) },
  { states: 1 << SS.CLOSE, families: fam(AF.XDP) },
];

/** default_afs: the tables and states a family brings along. */
const DEFAULT_AFS: ReadonlyMap<number, { dbs: number; states: number }> = new Map([
  [AF.INET, { dbs: INET_DBM, states: SS_CONN }],
  [AF.INET6, { dbs: INET_DBM, states: SS_CONN }],
  [AF.UNIX, { dbs: UNIX_DBM, states: SS_CONN }],
  [AF.PACKET, { dbs: PACKET_DBM, states: 1 << SS.CLOSE }],
  [AF.NETLINK, { dbs: 1 << DB.NETLINK, states: 1 << SS.CLOSE }],
  [AF.VSOCK, { dbs: VSOCK_DBM, states: SS_CONN }],
  [AF.TIPC, { dbs: 1 << DB.TIPC, states: TIPC_SS_CONN }],
  [AF.XDP, { dbs: 1 << DB.XDP, states: 1 << SS.CLOSE }],
]);

const DB_NAMES: ReadonlyArray<readonly [string, readonly number[]]> = [
  ["all", [DB.UDP, DB.DCCP, DB.TCP, DB.MPTCP, DB.RAW, DB.UNIX_ST, DB.UNIX_DG, DB.UNIX_SQ, DB.PACKET_R, DB.PACKET_DG, DB.NETLINK, DB.SCTP, DB.VSOCK_ST, DB.VSOCK_DG, DB.XDP]],
  ["inet", [DB.UDP, DB.DCCP, DB.TCP, DB.MPTCP, DB.SCTP, DB.RAW]],
  ["udp", [DB.UDP]],
  ["dccp", [DB.DCCP]],
  ["tcp", [DB.TCP]],
  ["mptcp", [DB.MPTCP]],
  ["sctp", [DB.SCTP]],
  ["raw", [DB.RAW]],
  ["unix", [DB.UNIX_ST, DB.UNIX_DG, DB.UNIX_SQ]],
  ["unix_stream", [DB.UNIX_ST]],
  ["u_str", [DB.UNIX_ST]],
  ["unix_dgram", [DB.UNIX_DG]],
  ["u_dgr", [DB.UNIX_DG]],
  ["unix_seqpacket", [DB.UNIX_SQ]],
  ["u_seq", [DB.UNIX_SQ]],
  ["packet", [DB.PACKET_R, DB.PACKET_DG]],
  ["packet_raw", [DB.PACKET_R]],
  ["p_raw", [DB.PACKET_R]],
  ["packet_dgram", [DB.PACKET_DG]],
  ["p_dgr", [DB.PACKET_DG]],
  ["netlink", [DB.NETLINK]],
  ["tipc", [DB.TIPC]],
  ["vsock", [DB.VSOCK_ST, DB.VSOCK_DG]],
  ["vsock_stream", [DB.VSOCK_ST]],
  ["v_str", [DB.VSOCK_ST]],
  ["vsock_dgram", [DB.VSOCK_DG]],
  ["v_dgr", [DB.VSOCK_DG]],
  ["xdp", [DB.XDP]],
];

interface Filter {
  dbs: number;
  states: number;
  families: bigint;
  doDefault: boolean;
  preferredFamily: number;
}

function dbSet(f: Filter, db: number, enable: boolean): void {
  if (enable) {
    f.states |= DEFAULT_DBS[db]!.states;
    f.dbs |= 1 << db;
  } else {
    f.dbs &= ~(1 << db);
  }
  f.doDefault = false;
}

function dbParse(f: Filter, name: string): boolean {
  let enable = true;
  let s = name;
  if (s.startsWith("!")) {
    enable = false;
    s = s.slice(1);
  }
  const hit = DB_NAMES.find(([n]) => n === s);
  if (hit === undefined) return false;
  for (const db of hit[1]) dbSet(f, db, enable);
  return true;
}

function afSet(f: Filter, af: number): void {
  f.states |= DEFAULT_AFS.get(af)?.states ?? 0;
  f.families |= fam(af);
  f.doDefault = false;
  f.preferredFamily = af;
}

function mergeDefaults(f: Filter): void {
  for (let db = 0; db < MAX_DB; db++) {
    if ((f.dbs & (1 << db)) === 0) continue;
    if ((DEFAULT_DBS[db]!.families & f.families) === 0n) f.families |= DEFAULT_DBS[db]!.families;
  }
  for (const [af, d] of DEFAULT_AFS) {
    if ((f.families & fam(af)) === 0n) continue;
    if ((d.dbs & f.dbs) === 0) f.dbs |= d.dbs;
  }
}

const STATE_NAMES_LOWER = ["UNKNOWN", "established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2", "time-wait", "unconnected", "close-wait", "last-ack", "listening", "closing"];
const STATE_NAMES = ["UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING"];

/** scan_state. */
function scanState(ctx: CommandContext, name: string): number {
  const s = name.toLowerCase();
  if (s === "close" || s === "closed") return 1 << SS.CLOSE;
  if (s === "syn-rcv") return 1 << SS.SYN_RECV;
  if (s === "established") return 1 << SS.ESTABLISHED;
  if (s === "all") return SS_ALL;
  if (s === "connected") return SS_ALL & ~((1 << SS.CLOSE) | (1 << SS.LISTEN));
  if (s === "synchronized") return SS_ALL & ~((1 << SS.CLOSE) | (1 << SS.LISTEN) | (1 << SS.SYN_SENT));
  if (s === "bucket") return (1 << SS.SYN_RECV) | (1 << SS.TIME_WAIT);
  if (s === "big") return SS_ALL & ~((1 << SS.SYN_RECV) | (1 << SS.TIME_WAIT));
  const i = STATE_NAMES_LOWER.indexOf(s);
  if (i >= 0) return 1 << i;
  ctx.err(`ss: wrong state name: ${name}\n`);
  throw new Exit(255);
}

// ---------------------------------------------------------------- the filter language

/** struct aafilter: an address prefix (bitlen 0: any) and a port (-1: any). */
interface AaFilter {
  addr: Ipv4Addr;
  bitlen: number;
  port: number;
}

type SsFilter =
  | { kind: "and" | "or"; pred: SsFilter; post: SsFilter }
  | { kind: "not"; pred: SsFilter }
  | { kind: "dcond" | "scond" | "dge" | "dle" | "sge" | "sle"; a: AaFilter }
  | { kind: "auto" };

/** The ssfilter.y lexer: words split at blanks (a backslash escapes), operators by name. */
function lexTokens(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    let cur = "";
    let have = false;
    for (let i = 0; i < w.length; i++) {
      const c = w[i]!;
      if (c === " " || c === "\t") {
        if (have) out.push(cur);
        cur = "";
        have = false;
      } else if (c === "\\" && i + 1 < w.length) {
        cur += w[++i]!;
        have = true;
      } else {
        cur += c;
        have = true;
      }
    }
    if (have) out.push(cur);
  }
  return out;
}

type Tok = { t: "!" | "&" | "|" | "(" | ")" | "DCOND" | "SCOND" | "DPORT" | "SPORT" | "GEQ" | "LEQ" | "NEQ" | "=" | ">" | "<" | "AUTOBOUND" } | { t: "HOST"; a: AaFilter };

class FilterError extends Error {}

/** get_integer(…, 0): strtol with base detection, the whole word. */
function getInteger(s: string): number | undefined {
  const m = /^\s*([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i.exec(s);
  if (m === null) return undefined;
  const body = m[2]!;
  const v = body.toLowerCase().startsWith("0x") ? parseInt(body, 16) : body.length > 1 && body.startsWith("0") ? parseInt(body, 8) : parseInt(body, 10);
  return m[1] === "-" ? -v : v;
}

/** parse_hostcond for IPv4: "[addr][/len][:port]", "*", ":port"; for sport/dport the word is the port. */
function parseHostcond(ctx: CommandContext, f: Filter, word: string, isPort: boolean): AaFilter {
  const a: AaFilter = { addr: 0, bitlen: 0, port: -1 };
  let addr = word;
  if (addr.startsWith("inet:")) addr = addr.slice(5);
  let port: string | null = null;
  let host = addr;
  if (addr.startsWith("[")) {
    const close = addr.indexOf("]");
    if (close < 0) throw new FilterError();
    host = addr.slice(1, close);
    port = addr.slice(close + 1);
  } else if (addr.startsWith("*")) {
    host = "*";
    port = addr.slice(1);
  } else {
    const slash = addr.indexOf("/");
    const colon = addr.lastIndexOf(":");
    if (colon >= 0 && colon >= slash) {
      host = addr.slice(0, colon);
      port = addr.slice(colon);
    }
  }
  if (isPort) {
    port = addr;
    host = "";
  }
  if (port !== null && port !== "") {
    if (port.startsWith(":")) port = port.slice(1);
    if (port !== "" && port !== "*") {
      const n = getInteger(port);
      if (n !== undefined) a.port = n;
      else {
        const udp = (f.dbs & (1 << DB.UDP)) !== 0 ? serviceByName(port, "udp") : undefined;
        const tcp = (f.dbs & (1 << DB.TCP)) !== 0 ? serviceByName(port, "tcp") : undefined;
        if (udp !== undefined && tcp !== undefined && udp !== tcp) {
          ctx.err(`Error: ambiguous port "${port}".\n`);
          throw new FilterError();
        }
        const p = udp ?? tcp;
        if (p === undefined) {
          ctx.err(`Error: "${port}" does not look like a port.\n`);
          throw new FilterError();
        }
        a.port = p;
      }
    }
  }
  if (!isPort && host !== "" && host !== "*") {
    const slash = host.indexOf("/");
    const ip = slash < 0 ? host : host.slice(0, slash);
    const len = slash < 0 ? 32 : getInteger(host.slice(slash + 1));
    const parsed = ip === "0" ? 0 : parseIpv4(ip);
    if (parsed === undefined || len === undefined || len < 0 || len > 32) {
      ctx.err(`Error: an inet prefix is expected rather than "${host}".\n`);
      throw new FilterError();
    }
    a.addr = parsed;
    a.bitlen = len;
  }
  return a;
}

/** getservbyname over /etc/services. */
function serviceByName(name: string, proto: "tcp" | "udp"): number | undefined {
  for (let p = 1; p < 65536; p++) if (serviceName(p, proto) === name) return p;
  return undefined;
}

function lex(ctx: CommandContext, f: Filter, words: readonly string[]): Tok[] {
  const toks: Tok[] = [];
  let tokType: Tok["t"] | null = null;
  for (const w of lexTokens(words)) {
    if (w === "!" || w === "not") toks.push({ t: "!" });
    else if (w === "&" || w === "&&" || w === "and") toks.push({ t: "&" });
    else if (w === "|" || w === "||" || w === "or") toks.push({ t: "|" });
    else if (w === "(" || w === ")") toks.push({ t: w });
    else if (w === "dst") toks.push({ t: (tokType = "DCOND") });
    else if (w === "src") toks.push({ t: (tokType = "SCOND") });
    else if (w === "dport") toks.push({ t: (tokType = "DPORT") });
    else if (w === "sport") toks.push({ t: (tokType = "SPORT") });
    else if (w === "dev" || w === "fwmark" || w === "cgroup") {
      ctx.err(`ss: the "${w}" condition is not modelled by pktsim\n`);
      throw new Exit(1);
    } else if (w === ">=" || w === "ge" || w === "geq") toks.push({ t: "GEQ" });
    else if (w === "<=" || w === "le" || w === "leq") toks.push({ t: "LEQ" });
    else if (w === "!=" || w === "ne" || w === "neq") toks.push({ t: "NEQ" });
    else if (w === "=" || w === "==" || w === "eq") toks.push({ t: "=" });
    else if (w === ">" || w === "gt") toks.push({ t: ">" });
    else if (w === "<" || w === "lt") toks.push({ t: "<" });
    else if (w === "autobound") toks.push({ t: (tokType = "AUTOBOUND") });
    else {
      try {
        toks.push({ t: "HOST", a: parseHostcond(ctx, f, w, tokType === "SPORT" || tokType === "DPORT") });
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
        ctx.err("Cannot parse dst/src address.\n");
        throw new Exit(1);
      }
    }
  }
  return toks;
}

/** The grammar of ssfilter.y by recursive descent; null for a syntax error. */
function parseFilter(toks: readonly Tok[]): SsFilter | null | "syntax" {
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const host = (): AaFilter | null => {
    const t = toks[i];
    if (t?.t !== "HOST") return null;
    i++;
    return t.a;
  };
  const startsExpr = (t: Tok | undefined): boolean =>
    t !== undefined && (t.t === "(" || t.t === "!" || t.t === "DCOND" || t.t === "SCOND" || t.t === "DPORT" || t.t === "SPORT" || t.t === "AUTOBOUND");
  const expr = (): SsFilter | null => {
    const t = toks[i++];
    if (t === undefined) return null;
    switch (t.t) {
      case "(": {
        const e = exprlist();
        if (e === null || toks[i++]?.t !== ")") return null;
        return e;
      }
      case "!": {
        const e = expr();
        return e === null ? null : { kind: "not", pred: e };
      }
      case "AUTOBOUND":
        return { kind: "auto" };
      case "DCOND":
      case "SCOND": {
        if (peek()?.t === "=") i++;
        const a = host();
        if (a === null) return null;
        return { kind: t.t === "DCOND" ? "dcond" : "scond", a };
      }
      case "DPORT":
      case "SPORT": {
        const d = t.t === "DPORT";
        const op = peek()?.t;
        if (op === "GEQ" || op === "LEQ" || op === ">" || op === "<" || op === "NEQ" || op === "=") i++;
        const a = host();
        if (a === null) return null;
        const cond = d ? "dcond" : "scond";
        const ge = d ? "dge" : "sge";
        const le = d ? "dle" : "sle";
        if (op === "GEQ") return { kind: ge, a };
        if (op === "LEQ") return { kind: le, a };
        if (op === ">") return { kind: "not", pred: { kind: le, a } };
        if (op === "<") return { kind: "not", pred: { kind: ge, a } };
        if (op === "NEQ") return { kind: "not", pred: { kind: cond, a } };
        return { kind: cond, a };
      }
      default:
        return null;
    }
  };
  const exprlist = (): SsFilter | null => {
    let left = expr();
    if (left === null) return null;
    for (;;) {
      const t = peek();
      if (t?.t === "|" || t?.t === "&") {
        i++;
        const right = expr();
        if (right === null) return null;
        left = { kind: t.t === "|" ? "or" : "and", pred: left, post: right };
      } else if (startsExpr(t)) {
        const right = expr();
        if (right === null) return null;
        left = { kind: "and", pred: left, post: right };
      } else return left;
    }
  };
  if (toks.length === 0) return null;
  const e = exprlist();
  if (e === null || i !== toks.length) return "syntax";
  return e;
}

function prefixMatch(addr: Ipv4Addr, a: AaFilter): boolean {
  if (a.bitlen === 0) return true;
  const mask = a.bitlen >= 32 ? 0xffffffff : (~(0xffffffff >>> a.bitlen)) >>> 0;
  return ((addr & mask) >>> 0) === ((a.addr & mask) >>> 0);
}

/** run_ssfilter. */
function runFilter(f: SsFilter, e: InetSockEntry): boolean {
  switch (f.kind) {
    case "and":
      return runFilter(f.pred, e) && runFilter(f.post, e);
    case "or":
      return runFilter(f.pred, e) || runFilter(f.post, e);
    case "not":
      return !runFilter(f.pred, e);
    case "auto":
      return e.autobound;
    case "dcond":
      if (f.a.port !== -1 && f.a.port !== e.rport) return false;
      return prefixMatch(e.raddr, f.a);
    case "scond":
      if (f.a.port !== -1 && f.a.port !== e.lport) return false;
      return prefixMatch(e.laddr, f.a);
    case "dge":
      return e.rport >= f.a.port;
    case "dle":
      return e.rport <= f.a.port;
    case "sge":
      return e.lport >= f.a.port;
    case "sle":
      return e.lport <= f.a.port;
  }
}

// ---------------------------------------------------------------- output

const COL = { NETID: 0, STATE: 1, RECVQ: 2, SENDQ: 3, ADDR: 4, SERV: 5, RADDR: 6, RSERV: 7, EXT: 8, PROC: 9 } as const;
const COLUMNS: ReadonlyArray<{ align: "left" | "right"; header: string; ldelim: string }> = [
  { align: "left", header: "Netid", ldelim: "" },
  { align: "left", header: "State", ldelim: " " },
  { align: "left", header: "Recv-Q", ldelim: " " },
  { align: "left", header: "Send-Q", ldelim: " " },
  { align: "right", header: "Local Address:", ldelim: " " },
  { align: "left", header: "Port", ldelim: "" },
  { align: "right", header: "Peer Address:", ldelim: " " },
  { align: "left", header: "Port", ldelim: "" },
  { align: "left", header: "Process", ldelim: "" },
  { align: "left", header: "", ldelim: "" },
];

/**
 * render() for a non-terminal: compact widths, no spreading. A field's length counts when it
 * is flushed, which the last socket's Process field never is (field_next is not called after
 * it): with one socket, the header's "Process" sets that column's width.
 */
function render(rows: ReadonlyArray<readonly string[]>, disabled: readonly boolean[], lastIsSocket: boolean): string {
  const maxLen = COLUMNS.map((_, c) =>
    Math.max(0, ...rows.map((r, i) => (lastIsSocket && i === rows.length - 1 && c >= COL.EXT ? 0 : (r[c]?.length ?? 0)))),
  );
  const width: number[] = [];
  let first = true;
  COLUMNS.forEach((col, c) => {
    if (disabled[c]) {
      width.push(0);
      return;
    }
    const w = !first && maxLen[c]! > 0 ? maxLen[c]! + col.ldelim.length : maxLen[c]!;
    width.push(w);
    if (w > 0) first = false;
  });
  let out = "";
  for (const row of rows) {
    let started = false;
    COLUMNS.forEach((col, c) => {
      if (disabled[c]) return;
      const token = row[c] ?? "";
      let printed = 0;
      if (started) {
        out += col.ldelim;
        printed = col.ldelim.length;
      }
      started = true;
      const w = width[c]!;
      if (w > 0 && col.align === "right") {
        const s = w - token.length - printed;
        if (s > 0) {
          out += " ".repeat(s);
          printed += s;
        }
      }
      out += token;
      printed += token.length;
      if (w > 0 && col.align === "left") {
        const s = w - printed;
        if (s > 0) out += " ".repeat(s);
      }
    });
    out += "\n";
  }
  return out;
}

/** print_ms_timer. */
function msTimer(timeout: number): string {
  let secs = Math.floor(timeout / 1000);
  const minutes = Math.floor(secs / 60);
  secs %= 60;
  let msecs = timeout % 1000;
  let buf = "";
  if (minutes) {
    msecs = 0;
    buf = `${minutes}min`;
    if (minutes > 9) secs = 0;
  }
  if (secs) {
    if (secs > 9) msecs = 0;
    buf += `${secs}${msecs ? "." : "sec"}`;
  }
  if (msecs) buf += `${String(msecs).padStart(3, "0")}ms`;
  return buf;
}

interface Opts {
  numeric: boolean;
  resolve: boolean;
  options: boolean;
  details: number;
  processes: boolean;
  threads: boolean;
  header: boolean;
  oneline: boolean;
}

function hostText(addr: Ipv4Addr, o: Opts): string {
  if (o.resolve && addr === 0x7f000001) return "localhost";
  return formatIpv4(addr);
}

function portText(port: number, proto: "tcp" | "udp" | "raw", o: Opts): string {
  if (port === 0) return "*";
  if (o.numeric) return String(port);
  if (proto === "raw") return protocolName(port) ?? String(port);
  return serviceName(port, proto) ?? String(port);
}

function sockRow(ns: Namespace, e: InetSockEntry, o: Opts, cookie: (e: InetSockEntry) => number): string[] {
  const row = new Array<string>(10).fill("");
  row[COL.NETID] = e.proto;
  row[COL.STATE] = STATE_NAMES[e.state] ?? "UNKNOWN";
  row[COL.RECVQ] = String(e.diagRecvQ).padEnd(6);
  row[COL.SENDQ] = String(e.diagSendQ).padEnd(6);
  const dev = e.boundIf !== 0 ? ns.deviceByIndex(e.boundIf)?.name : undefined;
  row[COL.ADDR] = `${hostText(e.laddr, o)}${dev !== undefined ? `%${dev}` : ""}:`;
  row[COL.SERV] = portText(e.lport, e.proto, o);
  row[COL.RADDR] = `${hostText(e.raddr, o)}:`;
  row[COL.RSERV] = portText(e.rport, e.proto, o);
  let ext = "";
  if ((o.processes || o.threads) && e.owner !== null && e.inode !== 0) {
    const tid = o.threads ? `tid=${e.owner.pid},` : "";
    ext += ` users:(("${e.owner.comm}",pid=${e.owner.pid},${tid}fd=${e.owner.fd}))`;
  }
  if (o.options && e.proto === "tcp" && e.timer !== 0) {
    const names = ["off", "on", "keepalive", "timewait", "persist"];
    const ms = Math.max(0, Math.round((e.expires - ns.sim.now) / 1e6));
    ext += ` timer:(${names[e.timer] ?? "unknown"},${msTimer(ms)},${e.kind === "full" ? e.retransmits : 0})`;
  }
  if (o.details > 0) {
    ext += ` ino:${e.inode} sk:${cookie(e).toString(16)}`;
    if (e.kind === "full") {
      const rcvShut = e.proto === "tcp" && (e.state === SS.CLOSE_WAIT || e.state === SS.LAST_ACK || e.state === SS.CLOSING || e.state === SS.TIME_WAIT);
      const sndShut = e.proto === "tcp" && (e.state === SS.FIN_WAIT1 || e.state === SS.FIN_WAIT2 || e.state === SS.CLOSING || e.state === SS.LAST_ACK);
      ext += ` ${rcvShut ? "-" : "<"}-${sndShut ? "-" : ">"}`;
    }
  }
  row[COL.EXT] = ext;
  return row;
}

export function ss(ctx: CommandContext): number {
  try {
    return ssMain(ctx);
  } catch (e) {
    if (e instanceof Exit) return e.status;
    throw e;
  }
}

function usage(ctx: CommandContext): never {
  ctx.err(USAGE);
  throw new Exit(255);
}

function ssMain(ctx: CommandContext): number {
  const o: Opts = { numeric: false, resolve: false, options: false, details: 0, processes: false, threads: false, header: true, oneline: false };
  const f: Filter = { dbs: 0, states: 0, families: 0n, doDefault: true, preferredFamily: 0 };
  let ns = ctx.ns;
  let stateFilter = 0;
  let sawQuery = false;
  let summary = false;
  let filterFile: string | undefined;
  const g = getoptLong("ss", ctx.argv.slice(1), "dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO", LONGOPTS);
  const refuse = (what: string): never => {
    ctx.err(`ss: ${what} is not modelled by pktsim\n`);
    throw new Exit(1);
  };
  for (const r of g.results) {
    if (r.kind === "error") {
      ctx.err(r.message);
      usage(ctx);
    }
    switch (r.opt) {
      case "n": o.numeric = true; break;
      case "r": o.resolve = true; break;
      case "o": o.options = true; break;
      case "e": o.options = true; o.details++; break;
      case "m": refuse("-m (socket memory, skmem)"); break;
      case "i": refuse("-i (tcp_info: RTT, pacing and delivery rates)"); break;
      case "p": o.processes = true; break;
      case "T": o.threads = true; break;
      case "b": refuse("-b (BPF socket filters)"); break;
      case "E": refuse("-E (it waits for sockets to be destroyed and never ends)"); break;
      case "d": dbSet(f, DB.DCCP, true); break;
      case "t": dbSet(f, DB.TCP, true); break;
      case "S": dbSet(f, DB.SCTP, true); break;
      case "u": dbSet(f, DB.UDP, true); break;
      case "w": dbSet(f, DB.RAW, true); break;
      case "x": afSet(f, AF.UNIX); break;
      case "vsock": afSet(f, AF.VSOCK); break;
      case "tipc": afSet(f, AF.TIPC); break;
      case "a": stateFilter = SS_ALL; break;
      case "l": stateFilter = (1 << SS.LISTEN) | (1 << SS.CLOSE); break;
      case "4": afSet(f, AF.INET); break;
      case "6": afSet(f, AF.INET6); break;
      case "0": afSet(f, AF.PACKET); break;
      case "xdp": afSet(f, AF.XDP); break;
      case "M": dbSet(f, DB.MPTCP, true); break;
      case "f": {
        const families: Record<string, number> = { inet: AF.INET, inet6: AF.INET6, link: AF.PACKET, unix: AF.UNIX, netlink: AF.NETLINK, tipc: AF.TIPC, vsock: AF.VSOCK, xdp: AF.XDP };
        const a = r.arg ?? "";
        if (a === "help") {
          ctx.out(USAGE);
          throw new Exit(0);
        }
        const af = families[a];
        if (af === undefined) {
          ctx.err(`ss: "${a}" is invalid family\n`);
          usage(ctx);
        }
        afSet(f, af);
        break;
      }
      case "A": {
        if (!sawQuery) {
          f.dbs = 0;
          stateFilter = stateFilter !== 0 ? stateFilter : SS_CONN;
          sawQuery = true;
          f.doDefault = false;
        }
        for (const q of (r.arg ?? "").split(",")) {
          if (!dbParse(f, q)) {
            ctx.err(`ss: "${q}" is illegal socket table id\n`);
            usage(ctx);
          }
        }
        break;
      }
      case "s": summary = true; break;
      case "D": refuse("-D (a raw dump of inet_diag messages)"); break;
      case "F": filterFile = r.arg; break;
      case "v":
      case "V":
        ctx.out("ss utility, iproute2-6.1.0\n");
        return 0;
      case "z":
      case "Z":
        ctx.err("ss: SELinux is not enabled.\n");
        return 1;
      case "N": {
        const target = ctx.host.netns(r.arg ?? "");
        if (target === undefined) {
          ctx.err(`Cannot open network namespace "${r.arg}": No such file or directory\n`);
          return 1;
        }
        ns = target;
        break;
      }
      case "tipcinfo": break;
      case "tos": refuse("--tos"); break;
      case "cgroup": refuse("--cgroup"); break;
      case "inet-sockopt": refuse("--inet-sockopt"); break;
      case "K": refuse("-K (closing sockets)"); break;
      case "H": o.header = false; break;
      case "O": o.oneline = true; break;
      case "h":
        ctx.out(USAGE);
        return 0;
      default:
        usage(ctx);
    }
  }

  let args = [...g.operands];
  if (summary) {
    ctx.out(summaryText(ns));
    if (f.doDefault && args.length === 0) return 0;
  }
  let sawStates = false;
  while (args.length > 0) {
    const a = args[0]!;
    if (a === "state" || a === "exclude" || a === "excl") {
      const v = args[1];
      if (v === undefined) {
        ctx.err("Command line is not complete. Try option \"help\"\n");
        return 255;
      }
      if (a === "state") {
        if (!sawStates) stateFilter = 0;
        stateFilter |= scanState(ctx, v);
      } else {
        if (!sawStates) stateFilter = SS_ALL;
        stateFilter &= ~scanState(ctx, v);
      }
      sawStates = true;
      args = args.slice(2);
    } else break;
  }
  if (f.doDefault) {
    stateFilter = stateFilter !== 0 ? stateFilter : SS_CONN;
    dbParse(f, "all");
  }
  if (stateFilter !== 0) f.states = stateFilter;
  mergeDefaults(f);
  if (f.dbs === 0) {
    ctx.err("ss: no socket tables to show with such filter.\n");
    return 0;
  }
  if (f.families === 0n) {
    ctx.err("ss: no families to show with such filter.\n");
    return 0;
  }
  if (f.states === 0) {
    ctx.err("ss: no socket states to show with such filter.\n");
    return 0;
  }
  let words = args;
  if (filterFile !== undefined) {
    const text = ctx.readFile(filterFile);
    if (text === undefined) {
      ctx.err("fopen filter file: No such file or directory\n");
      return 255;
    }
    words = [...args, ...text.split("\n").filter((l) => l !== "" && !l.startsWith("#") && !l.startsWith("0"))];
  }
  const expr = parseFilter(lex(ctx, f, words));
  if (expr === "syntax") {
    ctx.err('ss: bison bellows (while parsing filter): "syntax error!" Sorry.\n');
    usage(ctx);
  }

  const disabled = COLUMNS.map(() => false);
  if ((f.dbs & (f.dbs - 1)) === 0) disabled[COL.NETID] = true;
  if ((f.states & (f.states - 1)) === 0) disabled[COL.STATE] = true;
  const rows: string[][] = [];
  if (o.header) rows.push(COLUMNS.map((c, i) => (i === COL.PROC ? "" : c.header)));

  const inet4 = (f.families & fam(AF.INET)) !== 0n;
  const show = (entries: readonly InetSockEntry[]): void => {
    if (!inet4) return;
    for (const e of entries) {
      if ((f.states & (1 << e.state)) === 0) continue;
      if (expr !== null && !runFilter(expr, e)) continue;
      const row = sockRow(ns, e, o, (x) => cookieOf(ctx.host, x));
      if (o.oneline) row[COL.EXT] = row[COL.EXT]!;
      rows.push(row);
    }
  };
  // Order of ss.c main: netlink, packet, unix, raw, udp, tcp, dccp, sctp, …
  if ((f.dbs & (1 << DB.RAW)) !== 0) show(rawSockets(ns));
  if ((f.dbs & (1 << DB.UDP)) !== 0) show(udpSockets(ns));
  if ((f.dbs & (1 << DB.TCP)) !== 0) show(tcpSockets(ns));
  if ((f.dbs & (1 << DB.DCCP)) !== 0 && (f.families & INET_FAMS) !== 0n) {
    // The reference kernel has no dccp_diag: its inet_diag request fails.
    ctx.err("RTNETLINK answers: Invalid argument\n");
  }
  ctx.out(render(rows, disabled, rows.length > (o.header ? 1 : 0)));
  return 0;
}

/** sock_gen_cookie: a machine-wide counter, given to a socket the first time it is reported. */
const cookies = new WeakMap<object, number>();
const nextCookie = new WeakMap<object, number>();

function cookieOf(host: object, e: InetSockEntry): number {
  let c = cookies.get(e.sock);
  if (c === undefined) {
    c = (nextCookie.get(host) ?? 0) + 1;
    nextCookie.set(host, c);
    cookies.set(e.sock, c);
  }
  return c;
}

/** print_summary: /proc/net/sockstat and Tcp CurrEstab from /proc/net/snmp. */
function summaryText(ns: Namespace): string {
  const s = sockStat(ns);
  const estab = ns.mib.tcp.CurrEstab;
  const total = s.tcpAlloc + s.tcpTw;
  const closed = s.tcpAlloc - (s.tcpInuse - s.tcpTw);
  const col = (n: number): string => String(n).padEnd(9);
  let out = `Total: ${s.used}\n`;
  out += `TCP:   ${total} (estab ${estab}, closed ${closed}, orphaned ${s.tcpOrphan}, timewait ${s.tcpTw})\n`;
  out += "\nTransport Total     IP        IPv6\n";
  out += `RAW\t  ${col(s.rawInuse)} ${col(s.rawInuse)} ${col(0)}\n`;
  out += `UDP\t  ${col(s.udpInuse)} ${col(s.udpInuse)} ${col(0)}\n`;
  out += `TCP\t  ${col(s.tcpInuse)} ${col(s.tcpInuse)} ${col(0)}\n`;
  out += `INET\t  ${col(s.rawInuse + s.udpInuse + s.tcpInuse)} ${col(s.rawInuse + s.udpInuse + s.tcpInuse)} ${col(0)}\n`;
  out += `FRAG\t  ${col(0)} ${col(0)} ${col(0)}\n\n`;
  return out;
}
