/**
 * nc — OpenBSD netcat as Debian 12 ships it (netcat-openbsd 1.219-1), over the simulated
 * UDP and TCP sockets: connect to one port or a range (-z to scan, -v to report), send what
 * standard input holds, print what arrives; listen (-l, -k to go on after a connection) and
 * print what clients send. Messages, their order and the exit statuses are the program's,
 * checked on the kernel (tests/differential/cases/{tcp,udp}-*.sh).
 *
 * How it runs in virtual time:
 * - In the foreground the command drives the simulation until the program ends, and then
 *   1 ms more, the time a real process takes to exit while the kernel finishes the FIN
 *   exchange it started. A program that cannot end (a listener nobody talks to, a UDP client
 *   without -w) is stopped after 60 virtual seconds with status 124, as kernel-run.sh's
 *   CMD_TIMEOUT kills it.
 * - A script is sequential, so a server must run in the background: `setsid -f nc -l -k 8080`
 *   (what works in bash too, without `&`). It returns at once and the program starts 1 ms
 *   later (a forked process is not instantly there either); the listener lives on in
 *   virtual time, printing what it receives to the output of whatever command is running then
 *   — the same interleaving a terminal shows. It stops when its program ends (without -k,
 *   after its first client), never when its namespace is deleted (not modelled).
 * - A write system call returns after the softirq work it caused, so an ICMP error for the
 *   first datagram of -u -v's probe is already on the socket when the second write happens; the
 *   model lets 1 ms pass between those writes.
 *
 * Not modelled: IPv6 (-6), proxies (-x/-X), UNIX sockets (-U), TLS, DCCP (-Z), -T/-I/-O/-M/-m/
 * -S/-V/-W/-F/-t/-i/-r, SO_REUSEPORT sharing of a listening port, name resolution beyond
 * numeric addresses and "localhost" (other names fail as in a namespace without DNS).
 */
import { type Ipv4Addr, formatIpv4, parseIpv4 } from "@pktsim/core";
import { Errno, KernelError, type Namespace, TcpSocket, UdpSocket, strerror } from "@pktsim/stack";
import { type CommandContext, Exit } from "../command";

const USAGE = [
  "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]",
  "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]",
  "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]",
  "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]",
  "\t  [destination] [port]",
  "",
].join("\n");

const HELP_SUMMARY = [
  "\tCommand Summary:",
  "\t\t-4\t\tUse IPv4",
  "\t\t-6\t\tUse IPv6",
  "\t\t-b\t\tAllow broadcast",
  "\t\t-C\t\tSend CRLF as line-ending",
  "\t\t-D\t\tEnable the debug socket option",
  "\t\t-d\t\tDetach from stdin",
  "\t\t-F\t\tPass socket fd",
  "\t\t-h\t\tThis help text",
  "\t\t-I length\tTCP receive buffer length",
  "\t\t-i interval\tDelay interval for lines sent, ports scanned",
  "\t\t-k\t\tKeep inbound sockets open for multiple connects",
  "\t\t-l\t\tListen mode, for inbound connects",
  "\t\t-M ttl\t\tOutgoing TTL / Hop Limit",
  "\t\t-m minttl\tMinimum incoming TTL / Hop Limit",
  "\t\t-N\t\tShutdown the network socket after EOF on stdin",
  "\t\t-n\t\tSuppress name/port resolutions",
  "\t\t-O length\tTCP send buffer length",
  "\t\t-P proxyuser\tUsername for proxy authentication",
  "\t\t-p port\t\tSpecify local port for remote connects",
  "\t\t-q secs\t\tquit after EOF on stdin and delay of secs",
  "\t\t-r\t\tRandomize remote ports",
  "\t\t-S\t\tEnable the TCP MD5 signature option",
  "\t\t-s sourceaddr\tLocal source address",
  "\t\t-T keyword\tTOS value",
  "\t\t-t\t\tAnswer TELNET negotiation",
  "\t\t-U\t\tUse UNIX domain socket",
  "\t\t-u\t\tUDP mode",
  "\t\t-V rtable\tSpecify alternate routing table",
  "\t\t-v\t\tVerbose",
  "\t\t-W recvlimit\tTerminate after receiving a number of packets",
  "\t\t-w timeout\tTimeout for connects and final net reads",
  "\t\t-X proto\tProxy protocol: \"4\", \"5\" (SOCKS) or \"connect\"",
  "\t\t-x addr[:port]\tSpecify proxy address and port",
  "\t\t-Z\t\tDCCP mode",
  "\t\t-z\t\tZero-I/O mode [used for scanning]",
  "\tPort numbers can be individual or ranges: lo-hi [inclusive]",
  "",
].join("\n");

/** The getopt string of netcat.c (without TLS). */
const OPTSTRING = "46bCDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz";
/** Options parsed but not modelled: using one is refused rather than silently ignored. */
const UNMODELLED = new Set(["6", "F", "I", "i", "M", "m", "O", "P", "r", "S", "T", "t", "U", "V", "W", "X", "x", "Z"]);

/** Ports of Debian's /etc/services (netbase) that scans commonly name; the rest print "*". */
const SERVICES: ReadonlyArray<readonly [string, number, "tcp" | "udp" | "both"]> = [
  ["echo", 7, "both"],
  ["discard", 9, "both"],
  ["daytime", 13, "both"],
  ["ftp-data", 20, "tcp"],
  ["ftp", 21, "tcp"],
  ["ssh", 22, "tcp"],
  ["telnet", 23, "tcp"],
  ["smtp", 25, "tcp"],
  ["domain", 53, "both"],
  ["bootps", 67, "udp"],
  ["bootpc", 68, "udp"],
  ["tftp", 69, "udp"],
  ["http", 80, "tcp"],
  ["pop3", 110, "tcp"],
  ["ntp", 123, "udp"],
  ["imap2", 143, "tcp"],
  ["snmp", 161, "both"],
  ["ldap", 389, "tcp"],
  ["https", 443, "both"],
  ["syslog", 514, "udp"],
  ["submission", 587, "tcp"],
  ["ldaps", 636, "tcp"],
  ["imaps", 993, "tcp"],
  ["pop3s", 995, "tcp"],
  ["openvpn", 1194, "both"],
  ["mysql", 3306, "tcp"],
  ["postgresql", 5432, "tcp"],
  ["redis", 6379, "tcp"],
  ["http-alt", 8080, "tcp"],
];

function serviceByName(name: string, proto: "tcp" | "udp"): number | undefined {
  return SERVICES.find(([n, , p]) => n === name && (p === "both" || p === proto))?.[1];
}

function serviceByPort(port: number, proto: "tcp" | "udp"): string | undefined {
  return SERVICES.find(([, n, p]) => n === port && (p === "both" || p === proto))?.[0];
}

/** A foreground program may block this long before the harness kills it (kernel-run.sh CMD_TIMEOUT). */
const CMD_TIMEOUT_NS = 60e9;
/** Time a system call's softirq work gets before the next call (see the file comment). */
const SYSCALL_SETTLE_NS = 1e6;
/**
 * A background process gets going after `setsid -f` returns but before the next command: on the
 * kernel the next command's own fork and exec take longer than nc's socket setup, so a listener
 * started on one line is there on the next (`setsid -f nc -l 80` then `ss -ltn`).
 */
const PROCESS_START_NS = 0;
/** UDP_SCAN_TIMEOUT: seconds of probing after the first two writes. */
const UDP_SCAN_TIMEOUT = 3;

interface NcArgs {
  listen: boolean;
  keep: boolean;
  udp: boolean;
  verbose: boolean;
  zero: boolean;
  numeric: boolean;
  shutdownOnEof: boolean;
  noStdin: boolean;
  broadcast: boolean;
  crlf: boolean;
  /** -q; -1 when not given. */
  quit: number;
  /** -w in ms; -1 when not given. */
  timeoutMs: number;
  sourceAddr: string | undefined;
  sourcePort: string | undefined;
  host: string | undefined;
  ports: string[];
}

/** errx(1, …): the message and exit status 1. */
function errx(ctx: CommandContext, message: string): never {
  ctx.err(`nc: ${message}\n`);
  throw new Exit(1);
}

function usage(ctx: CommandContext): never {
  ctx.err(USAGE);
  throw new Exit(1);
}

/** strtonum(3) with its error words. */
function strtonum(text: string, min: number, max: number): { value: number; error: string | null } {
  if (!/^[ \t]*[+-]?[0-9]+$/.test(text)) return { value: 0, error: "invalid" };
  const v = Number(text);
  if (v < min) return { value: 0, error: "too small" };
  if (v > max) return { value: 0, error: "too large" };
  return { value: v, error: null };
}

/** glibc getopt with argument permutation: options may follow operands; "--" ends them. */
function getopt(ctx: CommandContext): { opts: Array<[string, string | undefined]>; operands: string[] } {
  const argv = ctx.argv;
  const opts: Array<[string, string | undefined]> = [];
  const operands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const at = OPTSTRING.indexOf(c);
      if (at < 0 || c === ":") {
        ctx.err(`nc: invalid option -- '${c}'\n`);
        usage(ctx);
      }
      if (OPTSTRING[at + 1] === ":") {
        let value: string | undefined = a.slice(j + 1);
        if (value === "") value = argv[++i];
        if (value === undefined) {
          ctx.err(`nc: option requires an argument -- '${c}'\n`);
          usage(ctx);
        }
        opts.push([c, value]);
        break;
      }
      opts.push([c, undefined]);
    }
  }
  return { opts, operands };
}

function parse(ctx: CommandContext): NcArgs {
  const { opts, operands } = getopt(ctx);
  const a: NcArgs = {
    listen: false,
    keep: false,
    udp: false,
    verbose: false,
    zero: false,
    numeric: false,
    shutdownOnEof: false,
    noStdin: false,
    broadcast: false,
    crlf: false,
    quit: -1,
    timeoutMs: -1,
    sourceAddr: undefined,
    sourcePort: undefined,
    host: undefined,
    ports: [],
  };
  for (const [c, v] of opts) {
    switch (c) {
      case "4":
      case "D":
        break;
      case "b":
        a.broadcast = true;
        break;
      case "C":
        a.crlf = true;
        break;
      case "d":
        a.noStdin = true;
        break;
      case "h":
        ctx.err(`OpenBSD netcat (Debian patchlevel 1.219-1)\n${USAGE}${HELP_SUMMARY}`);
        throw new Exit(0);
      case "k":
        a.keep = true;
        break;
      case "l":
        a.listen = true;
        break;
      case "N":
        a.shutdownOnEof = true;
        break;
      case "n":
        a.numeric = true;
        break;
      case "p":
        a.sourcePort = v;
        break;
      case "q": {
        const r = strtonum(v!, -2147483648, 2147483647);
        if (r.error !== null) errx(ctx, `quit timer ${r.error}: ${v}`);
        a.quit = r.value;
        break;
      }
      case "s":
        a.sourceAddr = v;
        break;
      case "u":
        a.udp = true;
        break;
      case "v":
        a.verbose = true;
        break;
      case "w": {
        const r = strtonum(v!, 0, Math.floor(2147483647 / 1000));
        if (r.error !== null) errx(ctx, `timeout ${r.error}: ${v}`);
        a.timeoutMs = r.value * 1000;
        break;
      }
      case "z":
        a.zero = true;
        break;
      default:
        if (UNMODELLED.has(c)) errx(ctx, `-${c}: not modelled by pktsim`);
    }
  }
  // "Cruft to make sure options are clean, and used properly" (netcat.c main).
  const argc = operands.length;
  if (argc === 0 && a.listen) {
    if (a.sourcePort !== undefined) a.ports = [a.sourcePort];
    a.host = a.sourceAddr;
    a.sourcePort = undefined;
  } else if (argc === 1 && a.sourcePort === undefined && a.sourceAddr === undefined) {
    if (a.listen) a.ports = [operands[0]!];
  } else if (argc >= 2) {
    if (a.listen && (a.sourcePort !== undefined || a.sourceAddr !== undefined || argc > 2)) usage(ctx);
    a.host = operands[0];
    a.ports = operands.slice(1);
  } else {
    usage(ctx);
  }
  if (a.ports.length === 0) errx(ctx, "missing port number");
  if (a.listen && a.zero) errx(ctx, "cannot use -z and -l");
  if (!a.listen && a.keep) errx(ctx, "must use -l with -k");
  return a;
}

/** strtoport: a number in 1..65535 or a service name of the protocol. */
function strtoport(ctx: CommandContext, text: string, udp: boolean): number {
  const r = strtonum(text, 1, 65535);
  if (r.error === null) return r.value;
  const named = r.error === "invalid" ? serviceByName(text, udp ? "udp" : "tcp") : undefined;
  if (named !== undefined) return named;
  errx(ctx, `port number ${r.error}: ${text}`);
}

/** build_ports: single ports and lo-hi ranges (swapped when reversed), in order. */
function buildPorts(ctx: CommandContext, specs: readonly string[], udp: boolean): number[] {
  const out: number[] = [];
  for (const spec of specs) {
    const dash = spec.indexOf("-", 1);
    if (dash > 0) {
      let lo = strtoport(ctx, spec.slice(0, dash), udp);
      let hi = strtoport(ctx, spec.slice(dash + 1), udp);
      if (lo > hi) [lo, hi] = [hi, lo];
      for (let p = lo; p <= hi; p++) out.push(p);
    } else {
      out.push(strtoport(ctx, spec, udp));
    }
  }
  return out;
}

/** getaddrinfo for the model: numeric IPv4 and localhost; anything else as a namespace without DNS answers. */
function resolve(name: string, numeric: boolean): Ipv4Addr | string {
  const addr = parseIpv4(name);
  if (addr !== undefined) return addr;
  if (name === "localhost" && !numeric) return 0x7f000001;
  return numeric ? "Name or service not known" : "Temporary failure in name resolution";
}

/** The running program: sockets and timers, ending with an exit status. */
class Program {
  done = false;
  status = 0;
  private readonly cleanups: Array<() => void> = [];
  /** The process id (ss -p and netstat -p show it with the descriptor of each socket). */
  readonly pid: number;
  private readonly sockets: Array<TcpSocket | UdpSocket> = [];
  constructor(
    readonly ctx: CommandContext,
    readonly args: NcArgs,
  ) {
    this.pid = ctx.host.nextPid();
  }

  /** socket()/accept(): the socket gets the lowest free descriptor from 3. */
  own(sk: TcpSocket | UdpSocket): void {
    const open = (s: TcpSocket | UdpSocket): boolean => (s instanceof TcpSocket ? !s.orphan : this.ns.udp.sockets().includes(s));
    let fd = 3;
    while (this.sockets.some((s) => s.owner?.fd === fd && open(s))) fd++;
    sk.owner = { pid: this.pid, comm: "nc", fd };
    this.sockets.push(sk);
  }

  get ns(): Namespace {
    return this.ctx.ns;
  }

  get now(): number {
    return this.ctx.host.sim.now;
  }

  after(delay: number, fn: () => void): () => void {
    const sched = this.ctx.host.sim.scheduler;
    const ev = sched.schedule(delay, () => {
      if (!this.done) fn();
    }, "nc");
    return () => sched.cancel(ev);
  }

  onCleanup(fn: () => void): void {
    this.cleanups.push(fn);
  }

  exit(status: number): void {
    if (this.done) return;
    this.done = true;
    this.status = status;
    for (const fn of this.cleanups.splice(0)) fn();
  }

  out(data: Uint8Array): void {
    if (data.length > 0) this.ctx.out(new TextDecoder().decode(data));
  }

  warn(message: string): void {
    this.ctx.err(`nc: ${message}\n`);
  }

  stdinBytes(): Uint8Array {
    if (this.args.noStdin) return new Uint8Array(0);
    let text = this.ctx.stdin;
    if (this.args.crlf) text = text.replace(/\n/g, "\r\n");
    return new TextEncoder().encode(text);
  }

  /** report_sock: "Listening on A P"; without -n the reverse lookup fails as in a namespace without DNS. */
  report(what: string, addr: Ipv4Addr, port: number): void {
    if (!this.args.numeric) this.warn("getnameinfo: Temporary failure in name resolution");
    else this.ctx.err(`${what} ${formatIpv4(addr)} ${port}\n`);
  }
}

/**
 * readwrite(): what arrives goes to stdout, standard input (all of it, then EOF) to the peer;
 * the end comes with the peer's EOF, an error, or -w of silence.
 */
function tcpReadwrite(p: Program, sk: TcpSocket, finished: () => void): void {
  const a = p.args;
  let over = false;
  let idleCancel: (() => void) | null = null;
  const finish = (): void => {
    if (over) return;
    over = true;
    idleCancel?.();
    sk.onData = null;
    sk.onError = null;
    finished();
  };
  const idle = (): void => {
    idleCancel?.();
    if (a.timeoutMs >= 0) idleCancel = p.after(a.timeoutMs * 1e6, finish);
  };
  sk.onData = () => {
    p.out(sk.read());
    if (sk.eof) finish();
    else idle();
  };
  sk.onError = () => finish();
  const input = p.stdinBytes();
  try {
    if (input.length > 0) sk.send(input);
    if (a.shutdownOnEof) sk.shutdown();
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    finish();
    return;
  }
  if (a.quit === 0) {
    finish();
    return;
  }
  if (a.quit > 0) p.after(a.quit * 1e9, finish);
  if (sk.readable > 0 || sk.eof) sk.onData();
  else idle();
}

function udpReadwrite(p: Program, sk: UdpSocket, finished: () => void): void {
  const a = p.args;
  let over = false;
  let idleCancel: (() => void) | null = null;
  const finish = (): void => {
    if (over) return;
    over = true;
    idleCancel?.();
    sk.onReadable = null;
    finished();
  };
  const idle = (): void => {
    idleCancel?.();
    if (a.timeoutMs >= 0) idleCancel = p.after(a.timeoutMs * 1e6, finish);
  };
  const drain = (): void => {
    try {
      for (let d = sk.recv(); d !== undefined; d = sk.recv()) p.out(d.data);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      finish();
      return;
    }
    idle();
  };
  sk.onReadable = () => p.after(0, drain);
  const input = p.stdinBytes();
  if (input.length > 0 && sk.connected) {
    try {
      sk.send(input);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
    }
  }
  if (a.quit === 0) {
    finish();
    return;
  }
  if (a.quit > 0) p.after(a.quit * 1e9, finish);
  if (sk.pending > 0) drain();
  else idle();
}

/** The client: each port in turn, connect (with -w as the connect timeout), report, exchange. */
function client(p: Program, host: string, daddr: Ipv4Addr, ports: readonly number[]): void {
  const a = p.args;
  const proto = a.udp ? "udp" : "tcp";
  const showIp = !a.numeric && host !== formatIpv4(daddr);
  let ret = 1;
  let i = 0;
  const failed = (port: number, how: "failed" | "timed out", errno: number): void => {
    if (a.verbose) {
      const who = showIp ? `${host} (${formatIpv4(daddr)})` : host;
      p.warn(`connect to ${who} port ${port} (${proto}) ${how}: ${strerror(errno)}`);
    }
    next();
  };
  const succeeded = (port: number): void => {
    const service = a.numeric ? "*" : (serviceByPort(port, proto) ?? "*");
    p.ctx.err(`Connection to ${host}${showIp ? ` (${formatIpv4(daddr)})` : ""} ${port} port [${proto}/${service}] succeeded!\n`);
  };
  /** -s/-p: bind first; a failure ends the program (err(1, "bind failed")). */
  const bindSource = (sk: TcpSocket | UdpSocket): boolean => {
    if (a.sourceAddr === undefined && a.sourcePort === undefined) return true;
    let addr = 0;
    if (a.sourceAddr !== undefined) {
      const r = resolve(a.sourceAddr, a.numeric);
      if (typeof r === "string") return fatal(p, `getaddrinfo: ${r}`);
      addr = r;
    }
    const port = a.sourcePort === undefined ? 0 : strtonum(a.sourcePort, 0, 65535).value;
    try {
      sk.bind(addr, port);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      return fatal(p, `bind failed: ${strerror(e.errno)}`);
    }
    return true;
  };
  function next(): void {
    if (p.done) return;
    if (i >= ports.length) {
      p.exit(ret);
      return;
    }
    const port = ports[i++]!;
    if (a.udp) udpPort(port);
    else tcpPort(port);
  }
  function tcpPort(port: number): void {
    const sk = new TcpSocket(p.ns);
    p.own(sk);
    p.onCleanup(() => sk.close());
    if (!bindSource(sk)) return;
    let timer: (() => void) | null = null;
    sk.onConnect = (errno) => {
      timer?.();
      if (errno !== 0) {
        sk.close();
        failed(port, "failed", errno);
        return;
      }
      ret = 0;
      if (a.verbose) succeeded(port);
      if (a.zero) {
        sk.close();
        next();
        return;
      }
      tcpReadwrite(p, sk, () => {
        sk.close();
        next();
      });
    };
    try {
      sk.connect(daddr, port);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      sk.close();
      failed(port, "failed", e.errno);
      return;
    }
    if (a.timeoutMs > 0) {
      timer = p.after(a.timeoutMs * 1e6, () => {
        sk.onConnect = null;
        sk.close();
        failed(port, "timed out", Errno.EINPROGRESS);
      });
    }
  }
  function udpPort(port: number): void {
    const sk = new UdpSocket(p.ns);
    p.own(sk);
    p.onCleanup(() => sk.close());
    sk.broadcast = a.broadcast;
    if (!bindSource(sk)) return;
    try {
      sk.connect(daddr, port);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      sk.close();
      failed(port, "failed", e.errno);
      return;
    }
    ret = 0;
    const proceed = (): void => {
      if (a.zero) {
        sk.close();
        next();
        return;
      }
      udpReadwrite(p, sk, () => {
        sk.close();
        next();
      });
    };
    if (!a.verbose) {
      proceed();
      return;
    }
    // udptest: two writes, then one a second for UDP_SCAN_TIMEOUT (or -w) seconds; a refused write fails it.
    const write = (): number => {
      try {
        sk.send(new Uint8Array([0x58]));
        return 0;
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        return e.errno;
      }
    };
    const fail = (): void => {
      ret = 1;
      sk.close();
      next();
    };
    if (write() !== 0) {
      fail();
      return;
    }
    p.after(SYSCALL_SETTLE_NS, () => {
      if (write() === Errno.ECONNREFUSED) {
        fail();
        return;
      }
      const rounds = a.timeoutMs === -1 ? UDP_SCAN_TIMEOUT : Math.floor(a.timeoutMs / 1000);
      let k = 0;
      const round = (): void => {
        if (k++ >= rounds) {
          succeeded(port);
          proceed();
          return;
        }
        p.after(1e9, () => {
          if (write() === Errno.ECONNREFUSED) fail();
          else round();
        });
      };
      round();
    });
  }
  next();
}

/** err(1, …) from inside the running program: the message, then exit 1. Returns false for the caller to stop. */
function fatal(p: Program, message: string): false {
  p.warn(message);
  p.exit(1);
  return false;
}

/** The listener: TCP connections one at a time (-k: for ever), or UDP datagrams. */
function listener(p: Program, laddr: Ipv4Addr, port: number): void {
  const a = p.args;
  if (a.udp) {
    const sk = new UdpSocket(p.ns);
    p.own(sk);
    p.onCleanup(() => sk.close());
    sk.reuseAddr = true;
    try {
      sk.bind(laddr, port);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      fatal(p, strerror(e.errno));
      return;
    }
    if (a.verbose) p.report("Bound on", laddr, port);
    let peerKnown = a.keep;
    sk.onReadable = () =>
      p.after(0, () => {
        for (let d = sk.recv(); d !== undefined; d = sk.recv()) {
          if (!peerKnown) {
            // recvfrom(MSG_PEEK) then connect(): from now on only this peer is heard.
            peerKnown = true;
            if (a.verbose) p.report("Connection received on", d.from.addr, d.from.port);
            try {
              sk.connect(d.from.addr, d.from.port);
            } catch (e) {
              if (!(e instanceof KernelError)) throw e;
              fatal(p, `connect: ${strerror(e.errno)}`);
              return;
            }
          }
          p.out(d.data);
        }
      });
    return;
  }
  const l = new TcpSocket(p.ns);
  p.own(l);
  p.onCleanup(() => l.close());
  l.reuseAddr = true;
  try {
    l.bind(laddr, port);
    l.listen(1);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    fatal(p, strerror(e.errno));
    return;
  }
  if (a.verbose) p.report("Listening on", laddr, port);
  let busy = false;
  const serve = (): void => {
    if (busy || p.done) return;
    const conn = l.accept();
    if (conn === null) return;
    p.own(conn);
    busy = true;
    p.onCleanup(() => conn.close());
    if (a.verbose) p.report("Connection received on", conn.daddr, conn.dport);
    tcpReadwrite(p, conn, () => {
      conn.close();
      busy = false;
      if (!a.keep) {
        p.exit(0);
        return;
      }
      serve();
    });
  };
  l.onAccept = serve;
}

function start(p: Program): void {
  const a = p.args;
  const ctx = p.ctx;
  if (a.listen) {
    let laddr = 0;
    if (a.host !== undefined) {
      const r = resolve(a.host, a.numeric);
      if (typeof r === "string") errx(ctx, `getaddrinfo: ${r}`);
      laddr = r;
    }
    const port = buildPorts(ctx, [a.ports[0]!], a.udp)[0]!;
    listener(p, laddr, port);
    return;
  }
  const ports = buildPorts(ctx, a.ports, a.udp);
  const host = a.host!;
  const r = resolve(host, a.numeric);
  if (typeof r === "string") errx(ctx, `getaddrinfo for host "${host}" port ${ports[0]}: ${r}`);
  client(p, host, r, ports);
}

export function nc(ctx: CommandContext): number {
  const args = parse(ctx);
  const p = new Program(ctx, args);
  if (ctx.detached === true) {
    // The forked process starts once setsid has returned (before the next command runs).
    ctx.host.sim.scheduler.schedule(PROCESS_START_NS, () => {
      try {
        start(p);
      } catch (e) {
        if (!(e instanceof Exit)) throw e;
      }
    }, "nc start");
    return 0;
  }
  start(p);
  if (p.done) return p.status;
  const sched = ctx.host.sim.scheduler;
  const deadline = sched.now + CMD_TIMEOUT_NS;
  while (!p.done) {
    const t = sched.nextTime();
    if (t === undefined || t > deadline) {
      sched.runUntil(deadline);
      p.exit(124);
      break;
    }
    sched.runUntil(t);
  }
  sched.runFor(SYSCALL_SETTLE_NS);
  return p.status;
}
