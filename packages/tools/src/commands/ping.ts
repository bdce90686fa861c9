/**
 * ping (iputils 20221126) over the simulated stack: its options, its output line by line as
 * the program prints it, its statistics and exit status. Times are virtual.
 */
import { formatIpv4, parseIpv4 } from "@pktsim/core";
import { Errno, Ping, type PingEvent, strerror } from "@pktsim/stack";
import { type CommandContext, Exit } from "../command";
import { inetAton } from "./inet";

interface PingArgs {
  count: number;
  intervalMs: number;
  lingerMs: number | undefined;
  deadline: number;
  ttl: number | undefined;
  size: number;
  quiet: boolean;
  broadcast: boolean;
  tos: number;
  /** -e: the ICMP identifier instead of the process id. */
  ident: number | undefined;
  /** -I: a device name, or (strict source) an address. */
  device: string | undefined;
  source: number | undefined;
  /** -p: the pattern's bytes. */
  pattern: Uint8Array | undefined;
  outstanding: boolean;
  /** -D: "[seconds.micros] " before each line. */
  timestamps: boolean;
  audible: boolean;
  verbose: boolean;
  numeric: boolean;
  /** -f: a dot per request, a backspace per answer; interval 0 unless -i. */
  flood: boolean;
  intervalGiven: boolean;
  /** -M: IP_MTU_DISCOVER, or undefined for the socket's default. */
  pmtudisc?: "do" | "dont" | "want";
  target: string;
}

function die(ctx: CommandContext, status: number, message: string): never {
  ctx.err(`ping: ${message}\n`);
  throw new Exit(status);
}

/** strtol_or_err. */
function integer(ctx: CommandContext, text: string, min: number, max: number | bigint): number {
  if (!/^[+-]?[0-9]+$/.test(text)) die(ctx, 1, `invalid argument: '${text}'`);
  const v = BigInt(text);
  if (v < BigInt(min) || v > BigInt(max)) die(ctx, 1, `invalid argument: '${text}': out of range: ${min} <= value <= ${max}`);
  return Number(v);
}

/** ping_strtod. */
function real(ctx: CommandContext, text: string, what: string): number {
  const v = Number(text.replace(",", "."));
  if (text.trim() === "" || !Number.isFinite(v)) die(ctx, 2, `${what}: ${text}`);
  return v;
}

const WITH_ARG = new Set(["c", "e", "i", "W", "w", "t", "s", "Q", "I", "l", "m", "M", "p", "S", "T", "B", "F"]);

function parse(ctx: CommandContext): PingArgs {
  const argv = ctx.argv;
  const out: PingArgs = {
    count: 0,
    intervalMs: 1000,
    lingerMs: undefined,
    deadline: 0,
    ttl: undefined,
    size: 56,
    quiet: false,
    broadcast: false,
    tos: 0,
    ident: undefined,
    device: undefined,
    source: undefined,
    pattern: undefined,
    outstanding: false,
    timestamps: false,
    audible: false,
    verbose: false,
    numeric: false,
    flood: false,
    intervalGiven: false,
    target: "",
  };
  let patternText: string | undefined;
  const positional: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      positional.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const opt = a[j]!;
      let value: string | undefined;
      if (WITH_ARG.has(opt)) {
        value = a.length > j + 1 ? a.slice(j + 1) : argv[++i];
        if (value === undefined) {
          ctx.err(`ping: option requires an argument -- '${opt}'\n`);
          usage(ctx);
        }
      }
      switch (opt) {
        case "c":
          out.count = integer(ctx, value!, 1, LONG_MAX);
          break;
        case "i": {
          const v = real(ctx, value!, "bad timing interval");
          if (v > 2147483647 / 1000) die(ctx, 2, `bad timing interval: ${value}`);
          out.intervalMs = Math.trunc(v * 1000);
          out.intervalGiven = true;
          break;
        }
        case "W": {
          const v = real(ctx, value!, "bad linger time");
          if (v < 0 || v > 2147483647 / 1000) die(ctx, 2, `bad linger time: ${value}`);
          out.lingerMs = Math.trunc(v * 1000);
          break;
        }
        case "w":
          out.deadline = integer(ctx, value!, 0, 2147483647);
          break;
        case "t":
          out.ttl = integer(ctx, value!, 0, 255);
          break;
        case "s":
          out.size = integer(ctx, value!, 0, 2147483647);
          break;
        case "Q":
          out.tos = parsetos(ctx, value!);
          break;
        case "I": {
          const a = parseIpv4(value!);
          if (a !== undefined) out.source = a;
          else out.device = value!;
          break;
        }
        case "p":
          patternText = value!;
          break;
        case "O":
          out.outstanding = true;
          break;
        case "D":
          out.timestamps = true;
          break;
        case "a":
          out.audible = true;
          break;
        case "v":
          out.verbose = true;
          break;
        case "n":
          out.numeric = true;
          break;
        case "f":
          out.flood = true;
          out.numeric = true;
          break;
        case "M":
          if (value !== "do" && value !== "dont" && value !== "want") die(ctx, 2, `invalid -M argument: ${value}`);
          out.pmtudisc = value;
          break;
        case "R":
        case "T":
          die(ctx, 2, `-${opt} (IP options) is not modelled by pktsim`);
          break;
        case "e":
          out.ident = integer(ctx, value!, 0, 65535);
          break;
        case "q":
          out.quiet = true;
          break;
        case "b":
          out.broadcast = true;
          break;
        case "4":
        case "U":
        case "A":
        case "B":
        case "C":
        case "d":
        case "L":
        case "r":
          break;
        case "h":
        case "?":
          usage(ctx);
          break;
        default:
          if (WITH_ARG.has(opt)) break;
          ctx.err(`ping: invalid option -- '${opt}'\n`);
          usage(ctx);
      }
      if (value !== undefined) break;
    }
  }
  if (positional.length === 0) die(ctx, 1, "usage error: Destination address required");
  out.target = positional[positional.length - 1]!;
  if (patternText !== undefined) out.pattern = fill(ctx, patternText, out.quiet);
  // setup(): flood without -i sends as fast as the answers come.
  if (out.flood && !out.intervalGiven) out.intervalMs = 0;
  return out;
}

/** LONG_MAX as strtol_or_err prints it. */
const LONG_MAX = 9223372036854775807n;

/** parsetos: 0x-hex or decimal, at most 255. */
function parsetos(ctx: CommandContext, text: string): number {
  const hex = /^0[xX]/.test(text);
  const m = hex ? /^[+-]?[0-9a-fA-F]*/.exec(text.slice(2))! : /^\s*[+-]?[0-9]*/.exec(text)!;
  const rest = (hex ? text.slice(2) : text).slice(m[0].length);
  if (rest !== "") die(ctx, 2, `bad TOS value: ${text}`);
  const tos = m[0].trim() === "" || /^[+-]$/.test(m[0].trim()) ? 0 : parseInt(m[0], hex ? 16 : 10);
  if (tos > 255) die(ctx, 2, `the decimal value of TOS bits must be in range 0-255: ${tos}`);
  return tos;
}

/** fill(): up to 16 hex byte pairs; prints "PATTERN: 0x…" unless -q. */
function fill(ctx: CommandContext, text: string, quiet: boolean): Uint8Array {
  const bad = /[^0-9a-fA-F]/.exec(text);
  if (bad !== null) die(ctx, 2, `patterns must be specified as hex digits: ${text.slice(bad.index)}`);
  const bytes: number[] = [];
  for (let i = 0; i < text.length && bytes.length < 16; i += 2) bytes.push(parseInt(text.slice(i, i + 2), 16));
  if (!quiet) ctx.out(`PATTERN: 0x${bytes.map((b) => b.toString(16).padStart(2, "0")).join("")}\n`);
  return new Uint8Array(bytes);
}

function usage(ctx: CommandContext): never {
  ctx.err("\nUsage\n  ping [options] <destination>\n");
  throw new Exit(2);
}

/** pr_icmph's texts for the errors ping prints. */
export function icmpErrorText(type: number, code: number, info: number): string {
  if (type === 3) {
    const texts = [
      "Destination Net Unreachable",
      "Destination Host Unreachable",
      "Destination Protocol Unreachable",
      "Destination Port Unreachable",
      `Frag needed and DF set (mtu = ${info})`,
      "Source Route Failed",
      "Destination Net Unknown",
      "Destination Host Unknown",
      "Source Host Isolated",
      "Destination Net Prohibited",
      "Destination Host Prohibited",
      "Destination Net Unreachable for Type of Service",
      "Destination Host Unreachable for Type of Service",
      "Packet filtered",
      "Precedence Violation",
      "Precedence Cutoff",
    ];
    return texts[code] ?? `Dest Unreachable, Bad Code: ${code}`;
  }
  if (type === 11) return code === 0 ? "Time to live exceeded" : code === 1 ? "Frag reassembly time exceeded" : `Time exceeded, Bad Code: ${code}`;
  if (type === 4) return "Source Quench";
  if (type === 5) {
    const texts = ["Redirect Network", "Redirect Host", "Redirect Type of Service and Network", "Redirect Type of Service and Host"];
    return `${texts[code] ?? `Redirect, Bad Code: ${code}`}(New nexthop: ${formatIpv4(info >>> 0)})`;
  }
  if (type === 12) return `Parameter problem: pointer = ${info >>> 24}`;
  return `Bad ICMP type: ${type}`;
}

/** The time= text of gather_statistics. */
function formatTrip(us: number): string {
  if (us >= 100000 - 50) return `${Math.trunc((us + 500) / 1000)}`;
  if (us >= 10000 - 5) return `${Math.trunc((us + 50) / 1000)}.${Math.trunc(((us + 50) % 1000) / 100)}`;
  if (us >= 1000) return `${Math.trunc((us + 5) / 1000)}.${String(Math.trunc(((us + 5) % 1000) / 10)).padStart(2, "0")}`;
  return `${Math.trunc(us / 1000)}.${String(us % 1000).padStart(3, "0")}`;
}

/** printf("%g"). */
function formatG(value: number): string {
  if (value === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(value)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = value.toExponential(5).split("e");
    const mant = m!.replace(/\.?0+$/, "");
    const ev = Number(e);
    return `${mant}e${ev < 0 ? "-" : "+"}${String(Math.abs(ev)).padStart(2, "0")}`;
  }
  return value.toFixed(Math.max(0, 5 - exp)).replace(/\.?0+$/, "");
}

function ms3(us: number): string {
  return `${Math.trunc(us / 1000)}.${String(Math.trunc(us % 1000)).padStart(3, "0")}`;
}

/** /etc/hosts of the reference machine (getaddrinfo and getnameinfo read it before DNS). */
const HOSTS: ReadonlyArray<readonly [string, number]> = [
  ["localhost", 0x7f000001],
  ["runsc", 0x7f000001],
  ["vm", 0x7f000001],
];

/** pr_addr: "name (address)" when the address has a name, else the address. */
function prAddr(addr: number, numeric: boolean): string {
  const ip = formatIpv4(addr);
  const name = numeric ? undefined : HOSTS.find(([, a]) => a === addr)?.[0];
  return name === undefined ? ip : `${name} (${ip})`;
}

export function ping(ctx: CommandContext): number {
  const args = parse(ctx);
  const ns = ctx.ns;
  if (args.verbose) {
    ctx.err("ping: sock4.fd: 3 (socktype: SOCK_RAW), sock6.fd: 4 (socktype: SOCK_RAW), hints.ai_family: AF_UNSPEC\n\n");
  }
  // getaddrinfo: a numeric address (inet_aton's forms), a name in /etc/hosts, or — with no DNS
  // server to ask — EAI_AGAIN. ping4_run treats a numeric target as -n.
  let dst = inetAton(args.target);
  let numeric = args.numeric;
  if (dst !== undefined) numeric = true;
  else dst = HOSTS.find(([n]) => n === args.target)?.[1];
  if (dst === undefined) die(ctx, 2, `${args.target}: Temporary failure in name resolution`);
  if (args.verbose) ctx.out(`ai->ai_family: AF_INET, ai->ai_canonname: '${args.target}'\n`);
  let oif: number | undefined;
  if (args.device !== undefined) {
    const dev = ns.deviceByName(args.device);
    if (dev === undefined) die(ctx, 2, `SO_BINDTODEVICE ${args.device}: ${strerror(Errno.ENODEV)}`);
    oif = dev.ifindex;
  }
  // iputils: -b, or a multicast target, makes the ping "multicast": duplicates are expected (no
  // "(DUP!)" unless -v) and path MTU discovery defaults to "do" (DF set).
  const multicast = args.broadcast || dst >>> 28 === 0xe;
  const pmtudisc = args.pmtudisc ?? (multicast ? "do" : undefined);
  const events: PingEvent[] = [];
  // The process still takes a pid; -e only replaces it as the identifier.
  const ident = (args.ident ?? ctx.host.nextPid()) & 0xffff;
  const program = new Ping(
    ns,
    {
      destination: dst,
      count: args.count,
      interval: args.intervalMs * 1e6,
      linger: args.lingerMs !== undefined ? args.lingerMs * 1e6 : undefined,
      deadline: args.deadline * 1e9,
      ttl: args.ttl,
      size: args.size,
      tos: args.tos,
      broadcast: args.broadcast,
      oif,
      source: args.source,
      pattern: args.pattern,
      outstanding: args.outstanding,
      ...(pmtudisc !== undefined ? { pmtudisc } : {}),
      ident,
    } as ConstructorParameters<typeof Ping>[1],
    (e) => events.push(e),
  );
  const probe = program.probe();
  if (probe !== 0) {
    if (args.source !== undefined) die(ctx, 2, `bind: ${strerror(probe)}`);
    if (probe === Errno.EACCES && !args.broadcast) die(ctx, 2, "Do you want to ping broadcast? Then -b. If not, check your local firewall rules");
    die(ctx, 2, `connect: ${strerror(probe)}`);
  }
  if (args.device !== undefined && args.source === undefined) {
    const dev = ns.deviceByIndex(oif!)!;
    if (!(ns.inDevice(dev)?.addrs ?? []).some((a) => a.local === program.source)) {
      ctx.err(`ping: Warning: source address might be selected on device other than: ${args.device}\n`);
    }
  }
  // iputils: the first connect() failed with EACCES and -b was given; it retries with SO_BROADCAST.
  if (program.broadcastRoute) ctx.err("WARNING: pinging broadcast address\n");
  if (args.ttl === 0) die(ctx, 2, "cannot set unicast time-to-live: Invalid argument");
  const target = formatIpv4(program.destination);
  let head = `PING ${args.target} (${target}) `;
  if (args.device !== undefined || args.source !== undefined) head += `from ${formatIpv4(program.source)} ${args.device ?? ""}: `;
  ctx.out(`${head}${args.size}(${args.size + 28}) bytes of data.\n`);
  const timing = args.size >= 16;
  // print_timestamp: gettimeofday, here the simulation's clock.
  const stamp = (): string => {
    if (!args.timestamps) return "";
    const us = Math.floor(ctx.host.sim.now / 1000);
    return `[${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, "0")}] `;
  };
  const flush = (): void => {
    for (const e of events.splice(0)) {
      // -q silences replies and errors (local ones too); -O's notice is printed regardless.
      if (args.quiet && e.kind !== "no-answer") continue;
      if (args.flood) {
        // write_stdout: "." per request, "\b \b" per answer, "\bE" per ICMP error, "E" per local one.
        if (e.kind === "sent") ctx.out(".");
        else if (e.kind === "reply") ctx.out("\b \b");
        else if (e.kind === "error") ctx.out("\bE");
        else if (e.kind === "local-error") ctx.out("E");
        else if (e.kind === "send-error") ctx.out("E");
        else if (e.kind === "no-answer") ctx.out(`no answer yet for icmp_seq=${e.seq}\n`);
        // A redirect or source quench prints nothing in flood mode.
        continue;
      }
      switch (e.kind) {
        case "reply": {
          let line = `${stamp()}${e.bytes} bytes from ${prAddr(e.from, numeric)}: icmp_seq=${e.seq}`;
          if (args.verbose) line += ` ident=${ident}`;
          line += ` ttl=${e.ttl}`;
          if (e.truncated) {
            ctx.out(`${line} (truncated)\n`);
            break;
          }
          if (timing) line += ` time=${formatTrip(e.rttUs)} ms`;
          if (e.dup && (!multicast || args.verbose)) line += " (DUP!)";
          if (e.wrongSource) line += " (DIFFERENT ADDRESS!)";
          if (args.audible) line += "\x07";
          ctx.out(`${line}\n`);
          break;
        }
        case "error":
          ctx.out(`${stamp()}From ${prAddr(e.from, numeric)} icmp_seq=${e.seq} ${icmpErrorText(e.report.type, e.report.code, e.report.info)}\n`);
          break;
        case "no-answer":
          ctx.out(`${stamp()}no answer yet for icmp_seq=${e.seq}\n`);
          break;
        case "notice":
          // ping4_parse_reply: "From ADDR: icmp_seq=N " and pr_icmph.
          ctx.out(`${stamp()}From ${prAddr(e.from, numeric)}: icmp_seq=${e.seq} ${icmpErrorText(e.type, e.code, e.info)}\n`);
          break;
        case "local-error":
          ctx.err(e.errno === Errno.EMSGSIZE ? `ping: local error: message too long, mtu=${e.mtu}\n` : `ping: local error: ${strerror(e.errno)}\n`);
          break;
        case "send-error":
          ctx.err(`ping: sendmsg: ${strerror(e.errno)}\n`);
          break;
      }
    }
  };
  program.start();
  const scheduler = ctx.host.sim.scheduler;
  while (!program.done) {
    flush();
    const before = scheduler.eventsExecuted;
    scheduler.runUntilIdle(() => program.done || events.length > 0);
    if (!program.done && events.length === 0 && scheduler.eventsExecuted === before) break;
  }
  flush();
  const s = program.stats;
  let stats = `\n--- ${args.target} ping statistics ---\n${s.transmitted} packets transmitted, ${s.received} received`;
  if (s.duplicates > 0) stats += `, +${s.duplicates} duplicates`;
  if (s.errors > 0) stats += `, +${s.errors} errors`;
  if (s.transmitted > 0) {
    stats += `, ${formatG(((s.transmitted - s.received) * 100) / s.transmitted)}% packet loss`;
    stats += `, time ${Math.trunc((s.elapsed + 500_000) / 1_000_000)}ms`;
  }
  stats += "\n";
  let comma = "";
  if (s.received > 0 && timing) {
    const total = s.received + s.duplicates;
    const avg = Math.trunc(s.tsum / total);
    const variance = Math.trunc((s.tsum2 - Math.trunc((s.tsum * s.tsum) / total)) / total);
    const mdev = Math.trunc(Math.sqrt(Math.max(0, variance)));
    stats += `rtt min/avg/max/mdev = ${ms3(s.tmin)}/${ms3(avg)}/${ms3(s.tmax)}/${ms3(mdev)} ms`;
    comma = ", ";
  }
  if (s.pipesize > 1) {
    stats += `${comma}pipe ${s.pipesize}`;
    comma = ", ";
  }
  if (s.received > 0 && (args.intervalMs === 0 || args.flood) && s.transmitted > 1) {
    const ipg = Math.trunc(Math.trunc(s.elapsed / 1000) / (s.transmitted - 1));
    const ewma = Math.trunc(s.rtt / 8);
    stats += `${comma}ipg/ewma ${Math.trunc(ipg / 1000)}.${String(ipg % 1000).padStart(3, "0")}/${Math.trunc(s.rtt / 8000)}.${String(ewma % 1000).padStart(3, "0")} ms`;
  }
  ctx.out(`${stats}\n`);
  return s.exitCode;
}
