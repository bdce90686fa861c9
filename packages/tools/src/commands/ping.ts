/**
 * ping (iputils 20221126) over the simulated stack: its options, its output line by line as
 * the program prints it, its statistics and exit status. Times are virtual.
 */
import { formatIpv4, parseIpv4 } from "@pktsim/core";
import { Errno, Ping, type PingEvent, strerror } from "@pktsim/stack";
import { type CommandContext, Exit } from "../command";

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
  target: string;
}

function die(ctx: CommandContext, status: number, message: string): never {
  ctx.err(`ping: ${message}\n`);
  throw new Exit(status);
}

/** strtol_or_err. */
function integer(ctx: CommandContext, text: string, min: number, max: number): number {
  if (!/^[+-]?[0-9]+$/.test(text)) die(ctx, 1, `invalid argument: '${text}'`);
  const v = Number(text);
  if (v < min || v > max) die(ctx, 1, `invalid argument: '${text}': out of range: ${min} <= value <= ${max}`);
  return v;
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
  const out: PingArgs = { count: 0, intervalMs: 1000, lingerMs: undefined, deadline: 0, ttl: undefined, size: 56, quiet: false, broadcast: false, tos: 0, ident: undefined, target: "" };
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
          out.count = integer(ctx, value!, 1, 9223372036854775807);
          break;
        case "i": {
          const v = real(ctx, value!, "bad timing interval");
          if (v > 2147483647 / 1000) die(ctx, 2, `bad timing interval: ${value}`);
          out.intervalMs = Math.trunc(v * 1000);
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
          out.tos = integer(ctx, value!, 0, 255);
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
        case "n":
        case "v":
        case "D":
        case "U":
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
  return out;
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

export function ping(ctx: CommandContext): number {
  const args = parse(ctx);
  let dst = parseIpv4(args.target);
  if (dst === undefined && args.target === "localhost") dst = 0x7f000001;
  if (dst === undefined) die(ctx, 2, `${args.target}: Name or service not known`);
  const ns = ctx.ns;
  const events: PingEvent[] = [];
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
      // The process still takes a pid; -e only replaces it as the identifier.
      ident: ((pid: number) => args.ident ?? pid)(ctx.host.nextPid()),
    } as ConstructorParameters<typeof Ping>[1],
    (e) => events.push(e),
  );
  const probe = program.probe();
  if (probe !== 0) {
    if (probe === Errno.EACCES && !args.broadcast) die(ctx, 2, "Do you want to ping broadcast? Then -b. If not, check your local firewall rules");
    die(ctx, 2, `connect: ${strerror(probe)}`);
  }
  // iputils: the first connect() failed with EACCES and -b was given; it retries with SO_BROADCAST.
  if (program.broadcastRoute) ctx.err("WARNING: pinging broadcast address\n");
  if (args.ttl === 0) die(ctx, 2, "cannot set unicast time-to-live: Invalid argument");
  const target = formatIpv4(dst);
  ctx.out(`PING ${args.target === target ? target : args.target} (${target}) ${args.size}(${args.size + 28}) bytes of data.\n`);
  const timing = args.size >= 16;
  const flush = (): void => {
    for (const e of events.splice(0)) {
      if (args.quiet && e.kind !== "local-error" && e.kind !== "send-error") continue;
      switch (e.kind) {
        case "reply": {
          let line = `${e.bytes} bytes from ${formatIpv4(e.from)}: icmp_seq=${e.seq} ttl=${e.ttl}`;
          if (e.truncated) {
            ctx.out(`${line} (truncated)\n`);
            break;
          }
          if (timing) line += ` time=${formatTrip(e.rttUs)} ms`;
          if (e.dup) line += " (DUP!)";
          if (e.wrongSource) line += " (DIFFERENT ADDRESS!)";
          ctx.out(`${line}\n`);
          break;
        }
        case "error":
          ctx.out(`From ${formatIpv4(e.from)} icmp_seq=${e.seq} ${icmpErrorText(e.report.type, e.report.code, e.report.info)}\n`);
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
  if (s.pipesize > 1) stats += `${comma}pipe ${s.pipesize}`;
  ctx.out(`${stats}\n`);
  return s.exitCode;
}
