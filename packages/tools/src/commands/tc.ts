/**
 * `tc` (iproute2 6.1, tc/tc.c, tc/tc_qdisc.c, tc/q_fifo.c, tc/q_netem.c): `tc qdisc
 * add|change|replace|link|del dev DEV root [handle H] KIND [OPTIONS]` and `tc [-s] qdisc show
 * [dev DEV]`, with tc's parsing order, messages, exit statuses and output format.
 *
 * Units as tc computes them against this kernel's /proc/net/psched (1000 ns per µs, 64 ns per
 * tick, 1 MHz clock): a µs is 15.625 psched ticks. Kinds pktsim models: pfifo, bfifo,
 * pfifo_fast, netem; other kinds tc knows are refused by the model as a kernel without the
 * module would ("Specified qdisc kind is unknown").
 */
import {
  type NetDevice,
  Bfifo,
  NLM_F,
  NetemQdisc,
  type NetemOptions,
  Pfifo,
  PfifoFast,
  type Qdisc,
  QdiscError,
  type QdiscOptions,
  TC_H_ROOT,
  formatQdiscHandle,
  tcDeleteQdisc,
  tcModifyQdisc,
} from "@pktsim/devices";
import type { Namespace } from "@pktsim/stack";
import { type CommandContext, Exit } from "../command";
import { matches } from "./ip/options";

/** tick_in_usec from /proc/net/psched (000003e8 00000040 000f4240): 1000 / 64. */
const TICK_IN_USEC = 1000 / 64;
const UINT32_MAX = 0xffffffff;

/** Qdisc kinds tc 6.1 has built in (its q_*.c), whether or not pktsim models them. */
const TC_KNOWN_KINDS = new Set([
  "pfifo", "bfifo", "pfifo_head_drop", "pfifo_fast", "sfq", "red", "prio", "skbprio", "tbf", "cbs", "etf",
  "taprio", "multiq", "netem", "choke", "sfb", "codel", "fq_codel", "fq", "pie", "fq_pie", "cake", "hhf",
  "clsact", "ingress", "hfsc", "htb", "drr", "qfq", "mqprio", "plug", "ets", "gred", "mq",
]);

const TC_USAGE =
  "Usage:\ttc [ OPTIONS ] OBJECT { COMMAND | help }\n" +
  "\ttc [-force] -batch filename\n" +
  "where  OBJECT := { qdisc | class | filter | chain |\n" +
  "\t\t    action | monitor | exec }\n" +
  "       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[aw] |\n" +
  "\t\t    -o[neline] | -j[son] | -p[retty] | -c[olor]\n" +
  "\t\t    -b[atch] [filename] | -n[etns] name | -N[umeric] |\n" +
  "\t\t     -nm | -nam[es] | { -cf | -conf } path\n" +
  "\t\t     -br[ief] }\n";

const QDISC_USAGE =
  "Usage: tc qdisc [ add | del | replace | change | show ] dev STRING\n" +
  "       [ handle QHANDLE ] [ root | ingress | clsact | parent CLASSID ]\n" +
  "       [ estimator INTERVAL TIME_CONSTANT ]\n" +
  "       [ stab [ help | STAB_OPTIONS] ]\n" +
  "       [ ingress_block BLOCK_INDEX ] [ egress_block BLOCK_INDEX ]\n" +
  "       [ [ QDISC_KIND ] [ help | OPTIONS ] ]\n" +
  "\n" +
  "       tc qdisc { show | list } [ dev STRING ] [ QDISC_ID ] [ invisible ]\n" +
  "Where:\n" +
  "QDISC_KIND := { [p|b]fifo | tbf | prio | cbq | red | etc. }\n" +
  "OPTIONS := ... try tc qdisc add <desired QDISC_KIND> help\n" +
  "STAB_OPTIONS := ... try tc qdisc add stab help\n" +
  "QDISC_ID := { root | ingress | handle QHANDLE | parent CLASSID }\n";

const NETEM_USAGE =
  "Usage: ... netem [ limit PACKETS ]\n" +
  "                 [ delay TIME [ JITTER [CORRELATION]]]\n" +
  "                 [ distribution {uniform|normal|pareto|paretonormal} ]\n" +
  "                 [ corrupt PERCENT [CORRELATION]]\n" +
  "                 [ duplicate PERCENT [CORRELATION]]\n" +
  "                 [ loss random PERCENT [CORRELATION]]\n" +
  "                 [ loss state P13 [P31 [P32 [P23 P14]]]\n" +
  "                 [ loss gemodel PERCENT [R [1-H [1-K]]]\n" +
  "                 [ ecn ]\n" +
  "                 [ reorder PERCENT [CORRELATION] [ gap DISTANCE ]]\n" +
  "                 [ rate RATE [PACKETOVERHEAD] [CELLSIZE] [CELLOVERHEAD]]\n" +
  "                 [ slot MIN_DELAY [MAX_DELAY] [packets MAX_PACKETS] [bytes MAX_BYTES]]\n" +
  "                 [ slot distribution {uniform|normal|pareto|paretonormal|custom}\n" +
  "                   DELAY JITTER [packets MAX_PACKETS] [bytes MAX_BYTES]]\n";

const FIFO_USAGE = "Usage: ... <[p|b]fifo | pfifo_head_drop> [ limit NUMBER ]\n";

interface TcOptions {
  stats: number;
}

/** A parse error after its message: the status tc exits with. */
class Fail extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`tc ${status}`);
    this.status = status;
  }
}

export function tc(ctx: CommandContext): number {
  const argv = ctx.argv;
  const opts: TcOptions = { stats: 0 };
  let ns = ctx.ns;
  let i = 1;
  while (i < argv.length && argv[i]!.startsWith("-")) {
    const a = argv[i]!;
    // Checked in tc.c's order: "-n" is -netns, "-b" is -batch.
    if (matches(a, "-stats") || matches(a, "-statistics")) opts.stats++;
    else if (matches(a, "-netns")) {
      const name = argv[++i];
      if (name === undefined) return incomplete(ctx);
      const target = ctx.host.netns(name);
      if (target === undefined) {
        ctx.err(`Cannot open network namespace "${name}": No such file or directory\n`);
        return 255;
      }
      ns = target;
    } else if (
      ["-details", "-raw", "-pretty", "-iec", "-force", "-Numeric", "-names", "-nm", "-timestamp", "-tshort", "-brief"].some((o) => matches(a, o)) ||
      /^-{1,2}colou?r(=(always|auto|never))?$/.test(a)
    ) {
      // presentation options without effect on what pktsim prints
    } else if (matches(a, "-Version")) {
      ctx.out("tc utility, iproute2-6.1.0, libbpf 1.1.2\n");
      return 0;
    } else if (matches(a, "-help")) {
      ctx.err(TC_USAGE);
      return 0;
    } else if (matches(a, "-cf") || matches(a, "-conf")) {
      // The class names file: "-c" is this option too, and takes the next word.
      if (argv[++i] === undefined) return incomplete(ctx);
    } else if (matches(a, "-json") || matches(a, "-batch") || matches(a, "-graph") || matches(a, "-oneline")) {
      ctx.err(`Option "${a}" is not supported by pktsim.\n`);
      return 255;
    } else {
      ctx.err(`Option "${a}" is unknown, try "tc -help".\n`);
      return 255;
    }
    i++;
  }
  const object = argv[i];
  if (object === undefined) {
    ctx.err(TC_USAGE);
    return 0;
  }
  const rest = argv.slice(i + 1);
  try {
    if (matches(object, "qdisc")) return qdisc(ctx, ns, rest, opts);
    for (const other of ["class", "filter", "chain", "actions", "monitor", "exec"]) {
      if (matches(object, other)) {
        ctx.err(`Object "${object}" is not supported by pktsim.\n`);
        return 255;
      }
    }
    if (matches(object, "help")) {
      ctx.err(TC_USAGE);
      return 0;
    }
    ctx.err(`Object "${object}" is unknown, try "tc help".\n`);
    return 255;
  } catch (e) {
    if (e instanceof Fail) return e.status;
    throw e;
  }
}

function incomplete(ctx: CommandContext): never {
  ctx.err('Command line is not complete. Try option "help"\n');
  throw new Exit(255);
}

function qdisc(ctx: CommandContext, ns: Namespace, args: string[], opts: TcOptions): number {
  const sub = args[0];
  if (sub === undefined) return qdiscList(ctx, ns, [], opts);
  const rest = args.slice(1);
  if (matches(sub, "add")) return qdiscModify(ctx, ns, rest, "new", NLM_F.EXCL | NLM_F.CREATE);
  if (matches(sub, "change")) return qdiscModify(ctx, ns, rest, "new", 0);
  if (matches(sub, "replace")) return qdiscModify(ctx, ns, rest, "new", NLM_F.CREATE | NLM_F.REPLACE);
  if (matches(sub, "link")) return qdiscModify(ctx, ns, rest, "new", NLM_F.REPLACE);
  if (matches(sub, "delete")) return qdiscModify(ctx, ns, rest, "del", 0);
  if (matches(sub, "list") || matches(sub, "show") || matches(sub, "lst")) return qdiscList(ctx, ns, rest, opts);
  if (matches(sub, "help")) {
    ctx.err(QDISC_USAGE);
    return 0;
  }
  ctx.err(`Command "${sub}" is unknown, try "tc qdisc help".\n`);
  return 255;
}

/** get_qdisc_handle: hex major, then ':' or the end ("none" is 0). */
function parseQdiscHandle(text: string): number | undefined {
  if (text === "none") return 0;
  const m = /^\s*(?:0[xX])?([0-9a-fA-F]+)/.exec(text);
  if (m === null) return undefined;
  const maj = parseInt(m[1]!, 16);
  if (maj >= 1 << 16) return undefined;
  const after = text.slice(m[0].length);
  if (after !== "" && !after.startsWith(":")) return undefined;
  return (maj << 16) >>> 0;
}

/** tc_qdisc_modify. */
function qdiscModify(ctx: CommandContext, ns: Namespace, args: string[], cmd: "new" | "del", flags: number): number {
  let dev: string | undefined;
  let handle = 0;
  let parent = 0;
  let kind: string | undefined;
  let i = 0;
  const next = (): string => {
    i++;
    const v = args[i];
    if (v === undefined) incomplete(ctx);
    return v;
  };
  while (i < args.length) {
    const a = args[i]!;
    if (a === "dev") {
      const v = next();
      if (dev !== undefined) duparg(ctx, "dev", v);
      dev = v.slice(0, 15);
    } else if (a === "handle") {
      if (handle !== 0) duparg(ctx, "handle", a);
      const v = next();
      const h = parseQdiscHandle(v);
      if (h === undefined) invarg(ctx, "invalid qdisc ID", v);
      handle = h;
    } else if (a === "root") {
      if (parent !== 0) {
        ctx.err('Error: "root" is duplicate parent ID\n');
        return 255;
      }
      parent = TC_H_ROOT;
    } else if (a === "clsact" || a === "ingress" || a === "parent" || matches(a, "estimator") || matches(a, "stab") || matches(a, "ingress_block") || matches(a, "egress_block")) {
      ctx.err(`tc: "${a}" is not supported by pktsim.\n`);
      return 255;
    } else if (matches(a, "help")) {
      ctx.err(QDISC_USAGE);
    } else {
      kind = a.slice(0, 15);
      i++;
      break;
    }
    i++;
  }
  const kindArgs = args.slice(i);
  let options: QdiscOptions | undefined;
  if (kind !== undefined) {
    try {
      options = parseKindOptions(ctx, kind, kindArgs, dev);
    } catch (e) {
      if (e instanceof Fail) return e.status;
      throw e;
    }
  } else if (kindArgs.length > 0) {
    ctx.err(`Garbage instead of arguments "${kindArgs[0]} ...". Try "tc qdisc help".\n`);
    return 255;
  }
  let device: NetDevice | undefined;
  if (dev !== undefined) {
    device = ns.deviceByName(dev);
    if (device === undefined) {
      ctx.err(`Cannot find device "${dev}"\n`);
      return 1;
    }
  }
  if (device === undefined) {
    ctx.err("RTNETLINK answers: No such device\n");
    return 2;
  }
  try {
    if (cmd === "del") tcDeleteQdisc(device, { parent, handle, ...(kind !== undefined ? { kind } : {}) });
    else tcModifyQdisc(device, { flags, parent, handle, ...(kind !== undefined ? { kind } : {}), ...(options !== undefined ? { options } : {}) });
  } catch (e) {
    if (e instanceof QdiscError) {
      if (e.extack !== undefined) ctx.err(`Error: ${e.extack}.\n`);
      else ctx.err(`RTNETLINK answers: ${ERRNO_TEXT[e.errno]}\n`);
      return 2;
    }
    throw e;
  }
  return 0;
}

const ERRNO_TEXT: Record<QdiscError["errno"], string> = {
  ENOENT: "No such file or directory",
  EEXIST: "File exists",
  EINVAL: "Invalid argument",
  EOPNOTSUPP: "Operation not supported",
};

function duparg(ctx: CommandContext, key: string, arg: string): never {
  ctx.err(`Error: duplicate "${key}": "${arg}" is the second value.\n`);
  throw new Exit(255);
}

function invarg(ctx: CommandContext, msg: string, arg: string): never {
  ctx.err(`Error: argument "${arg}" is wrong: ${msg}\n`);
  throw new Exit(255);
}

/** q->parse_qopt for the kind: the TCA_OPTIONS tc would send, or undefined when it sends none. */
function parseKindOptions(ctx: CommandContext, kind: string, args: string[], dev: string | undefined): QdiscOptions | undefined {
  if (kind === "pfifo" || kind === "bfifo" || kind === "pfifo_head_drop") return parseFifo(ctx, kind, args);
  if (kind === "netem") return { kind: "netem", netem: parseNetem(ctx, args, dev) };
  if (kind === "pfifo_fast" || kind === "mq") {
    if (args.length > 0) {
      ctx.err(`qdisc '${kind}' does not support option parsing\n`);
      throw new Fail(255);
    }
    return undefined;
  }
  if (args.length === 0) return undefined;
  if (!TC_KNOWN_KINDS.has(kind)) {
    // parse_noqopt of a kind tc has no module for.
    ctx.err(`Unknown qdisc "${kind}", hence option "${args[0]}" is unparsable\n`);
    throw new Fail(1);
  }
  // A kind tc knows but pktsim does not model: the model refuses the kind itself.
  return undefined;
}

function parseFifo(ctx: CommandContext, kind: string, args: string[]): QdiscOptions | undefined {
  let limit: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "limit") {
      const v = args[++i];
      if (v === undefined) incomplete(ctx);
      const size = getSize(v);
      if (size === undefined) {
        ctx.err(`${kind}: Illegal value for "limit": "${v}"\n`);
        throw new Fail(1);
      }
      limit = size;
    } else if (a === "help") {
      ctx.err(FIFO_USAGE);
      throw new Fail(1);
    } else {
      ctx.err(`${kind}: unknown parameter "${a}"\n${FIFO_USAGE}`);
      throw new Fail(1);
    }
  }
  if (limit === undefined) return undefined;
  if (kind === "pfifo_head_drop") return undefined;
  return { kind: kind as "pfifo" | "bfifo", limit };
}

// ---- C library number parsing -------------------------------------------------------------

/** strtod: the longest decimal prefix; `rest` is what follows (all of `text` if none). */
function strtod(text: string): { value: number; rest: string } {
  const m = /^[ \t\n\r\f\v]*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)/i.exec(text);
  if (m === null) return { value: 0, rest: text };
  const t = m[0].trim().toLowerCase();
  const value = t.includes("inf") ? (t.startsWith("-") ? -Infinity : Infinity) : t.includes("nan") ? NaN : Number(t);
  return { value, rest: text.slice(m[0].length) };
}

/** Assignment of a double to an unsigned int (truncation; out of range wraps as on x86-64). */
function toU32(x: number): number {
  if (!Number.isFinite(x)) return 0;
  return Number(BigInt.asUintN(32, BigInt(Math.trunc(x))));
}

/** get_size (lib/utils_math.c). */
function getSize(text: string): number | undefined {
  const { value, rest } = strtod(text);
  if (rest === text) return undefined;
  let sz = value;
  if (rest !== "") {
    const s = rest.toLowerCase();
    if (s === "kb" || s === "k") sz *= 1024;
    else if (s === "gb" || s === "g") sz *= 1024 * 1024 * 1024;
    else if (s === "gbit") sz *= (1024 * 1024 * 1024) / 8;
    else if (s === "mb" || s === "m") sz *= 1024 * 1024;
    else if (s === "mbit") sz *= (1024 * 1024) / 8;
    else if (s === "kbit") sz *= 1024 / 8;
    else if (s !== "b") return undefined;
  }
  const size = toU32(sz);
  return size === Math.floor(sz) ? size : undefined;
}

/** get_time: microseconds (s, ms, us suffixes), as an unsigned int. */
function getTime(text: string): number | undefined {
  const { value, rest } = strtod(text);
  if (rest === text) return undefined;
  let t = value;
  if (rest !== "") {
    const s = rest.toLowerCase();
    if (s === "s" || s === "sec" || s === "secs") t *= 1e6;
    else if (s === "ms" || s === "msec" || s === "msecs") t *= 1e3;
    else if (s === "us" || s === "usec" || s === "usecs") t *= 1;
    else return undefined;
  }
  return toU32(t);
}

/** parse_percent: 0 … 100 with an optional '%' as a fraction; undefined when out of range or malformed. */
function parsePercent(text: string): number | undefined {
  const { value, rest } = strtod(text);
  const v = value / 100;
  if (v > 1 || v < 0) return undefined;
  if (rest !== "" && rest !== "%") return undefined;
  return v;
}

/** rint: round half to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** get_percent: a fraction scaled to UINT32_MAX, or undefined. */
function getPercent(text: string): number | undefined {
  const v = parsePercent(text);
  return v === undefined ? undefined : rint(v * UINT32_MAX);
}

/** get_rate64: bytes per second from a rate with tc's suffixes (bits per second without). */
const RATE_SUFFIXES: Array<[string, number]> = [
  ["bit", 1], ["Kibit", 1024], ["kbit", 1000], ["mibit", 1024 * 1024], ["mbit", 1e6], ["gibit", 1024 ** 3], ["gbit", 1e9],
  ["tibit", 1024 ** 4], ["tbit", 1e12], ["Bps", 8], ["KiBps", 8 * 1024], ["KBps", 8000], ["MiBps", 8 * 1024 * 1024], ["MBps", 8e6],
  ["GiBps", 8 * 1024 ** 3], ["GBps", 8e9], ["TiBps", 8 * 1024 ** 4], ["TBps", 8e12],
];
function getRate64(text: string): number | undefined {
  const { value, rest } = strtod(text);
  if (rest === text) return undefined;
  let bps = value;
  let r = rest;
  for (const [name, scale] of RATE_SUFFIXES) {
    if (name.toLowerCase() === r.toLowerCase()) {
      bps *= scale;
      r = "";
      break;
    }
  }
  if (r !== "") return undefined;
  return Math.max(0, Math.trunc(bps / 8));
}

/** get_ticks: microseconds to psched ticks, refusing what does not fit 32 bits. */
function getTicks(ctx: CommandContext, text: string): number | undefined {
  const t = getTime(text);
  if (t === undefined) return undefined;
  if (Math.trunc(t * TICK_IN_USEC) >= 2 ** 32) {
    ctx.err(`Illegal ${t} time (too large)\n`);
    return undefined;
  }
  return Math.trunc(t * TICK_IN_USEC);
}

const isNumberArg = (a: string | undefined): boolean => a !== undefined && /^[0-9]/.test(a);
const isSignedNumberArg = (a: string | undefined): boolean => a !== undefined && /^[0-9-]/.test(a);

/** get_s32 / get_u32 with base 0 (strtol: 0x hex, 0 octal). */
function getInt(text: string, signed: boolean): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (m === null) return undefined;
  const body = m[2]!;
  let v = body.startsWith("0x") || body.startsWith("0X") ? parseInt(body, 16) : body.length > 1 && body.startsWith("0") ? parseInt(body, 8) : parseInt(body, 10);
  if (m[1] === "-") v = -v;
  if (signed) return v >= -(2 ** 31) && v < 2 ** 31 ? v : undefined;
  if (v < 0) v += 2 ** 32;
  return v >= 0 && v < 2 ** 32 ? v : undefined;
}

/** netem_parse_opt. */
function parseNetem(ctx: CommandContext, argv: string[], dev: string | undefined): NetemOptions {
  const qopt = { latency: 0, limit: 1000, loss: 0, gap: 0, duplicate: 0, jitter: 0 };
  const corr = { delayCorr: 0, lossCorr: 0, dupCorr: 0 };
  let corrPresent = false;
  let reorder: { probability: number; correlation: number } | undefined;
  let corrupt: { probability: number; correlation: number } | undefined;
  let rate: { rate: number; packetOverhead: number; cellSize: number; cellOverhead: number } | undefined;
  let i = 0;
  const illegal = (what: string): never => {
    ctx.err(`Illegal "${what}"\n`);
    throw new Fail(1);
  };
  const explainFail = (): never => {
    ctx.err(NETEM_USAGE);
    throw new Fail(1);
  };
  const nextArg = (): string => {
    i++;
    const v = argv[i];
    if (v === undefined) incomplete(ctx);
    return v;
  };
  const unsupported = (what: string): never => {
    ctx.err(`netem: "${what}" is not supported by pktsim\n`);
    throw new Fail(1);
  };
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (matches(a, "limit")) {
      const size = getSize(nextArg());
      if (size === undefined) illegal("limit");
      qopt.limit = size!;
    } else if (matches(a, "latency") || matches(a, "delay")) {
      const lat = getTicks(ctx, nextArg());
      if (lat === undefined) illegal("latency");
      qopt.latency = lat!;
      if (isNumberArg(argv[i + 1])) {
        const jit = getTicks(ctx, nextArg());
        if (jit === undefined) illegal("latency");
        qopt.jitter = jit!;
        if (isNumberArg(argv[i + 1])) {
          corrPresent = true;
          const c = getPercent(nextArg());
          if (c === undefined) illegal("latency");
          corr.delayCorr = c!;
        }
      }
    } else if (matches(a, "loss") || matches(a, "drop")) {
      if (qopt.loss > 0) illegal("duplicate loss argument\n");
      let v = nextArg();
      if (!/^[0-9]/.test(v)) {
        if (v === "state" || v === "gemodel") unsupported(`loss ${v}`);
        if (v !== "random") {
          ctx.err(`Unknown loss parameter: ${v}\n`);
          throw new Fail(1);
        }
        v = nextArg();
      }
      const p = getPercent(v);
      if (p === undefined) illegal("loss percent");
      qopt.loss = p!;
      if (isNumberArg(argv[i + 1])) {
        corrPresent = true;
        const c = getPercent(nextArg());
        if (c === undefined) illegal("loss correlation");
        corr.lossCorr = c!;
      }
    } else if (matches(a, "ecn")) {
      unsupported("ecn");
    } else if (matches(a, "reorder")) {
      const p = getPercent(nextArg());
      if (p === undefined) illegal("reorder");
      reorder = { probability: p!, correlation: 0 };
      if (isNumberArg(argv[i + 1])) {
        corrPresent = true;
        const c = getPercent(nextArg());
        if (c === undefined) illegal("reorder");
        reorder.correlation = c!;
      }
    } else if (matches(a, "corrupt")) {
      const p = getPercent(nextArg());
      if (p === undefined) illegal("corrupt");
      corrupt = { probability: p!, correlation: 0 };
      if (isNumberArg(argv[i + 1])) {
        corrPresent = true;
        const c = getPercent(nextArg());
        if (c === undefined) illegal("corrupt");
        corrupt.correlation = c!;
      }
    } else if (matches(a, "gap")) {
      const g = getInt(nextArg(), false);
      if (g === undefined) illegal("gap");
      qopt.gap = g!;
    } else if (matches(a, "duplicate")) {
      const p = getPercent(nextArg());
      if (p === undefined) illegal("duplicate");
      qopt.duplicate = p!;
      if (isNumberArg(argv[i + 1])) {
        const c = getPercent(nextArg());
        if (c === undefined) illegal("duplicate");
        corr.dupCorr = c!;
      }
    } else if (matches(a, "distribution")) {
      unsupported("distribution");
    } else if (matches(a, "rate")) {
      const v = nextArg();
      if (v.includes("%")) {
        if (dev === undefined) {
          ctx.err("No device specified; specify device to rate limit by percentage\n");
          throw new Fail(1);
        }
        unsupported("rate PERCENT");
      }
      const r = getRate64(v);
      if (r === undefined) illegal("rate");
      rate = { rate: r!, packetOverhead: 0, cellSize: 0, cellOverhead: 0 };
      if (isSignedNumberArg(argv[i + 1])) {
        const o = getInt(nextArg(), true);
        if (o === undefined) illegal("rate");
        rate.packetOverhead = o!;
      }
      if (isNumberArg(argv[i + 1])) {
        const c = getInt(nextArg(), false);
        if (c === undefined) illegal("rate");
        rate.cellSize = c!;
      }
      if (isSignedNumberArg(argv[i + 1])) {
        const o = getInt(nextArg(), true);
        if (o === undefined) illegal("rate");
        rate.cellOverhead = o!;
      }
    } else if (matches(a, "slot")) {
      unsupported("slot");
    } else {
      if (a !== "help") ctx.err(`What is "${a}"?\n`);
      explainFail();
    }
  }
  if (reorder !== undefined && reorder.probability !== 0) {
    if (qopt.latency === 0) {
      ctx.err("reordering not possible without specifying some delay\n");
      explainFail();
    }
    if (qopt.gap === 0) qopt.gap = 1;
  } else if (qopt.gap > 0) {
    ctx.err("gap specified without reorder probability\n");
    explainFail();
  }
  const options: NetemOptions = { qopt };
  if (corrPresent) options.corr = corr;
  if (reorder !== undefined) options.reorder = reorder;
  if (corrupt !== undefined) options.corrupt = corrupt;
  if (rate !== undefined) options.rate = rate;
  return options;
}

// ---- show ---------------------------------------------------------------------------------

/** tc_qdisc_list. */
function qdiscList(ctx: CommandContext, ns: Namespace, args: string[], opts: TcOptions): number {
  let dev: string | undefined;
  let filterParent = 0;
  let filterHandle = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "dev") {
      const v = args[++i];
      if (v === undefined) incomplete(ctx);
      dev = v.slice(0, 15);
    } else if (a === "root" || a === "ingress" || a === "clsact" || matches(a, "parent") || matches(a, "handle")) {
      if (filterParent !== 0) invarg(ctx, "parent is already specified", a);
      if (filterHandle !== 0) invarg(ctx, "handle is already specified", a);
      if (a === "root") filterParent = TC_H_ROOT;
      else if (a === "ingress" || a === "clsact") filterParent = 0xfffffff1;
      else if (matches(a, "handle")) {
        const v = args[++i];
        if (v === undefined) incomplete(ctx);
        const h = parseQdiscHandle(v);
        if (h === undefined) invarg(ctx, "invalid handle ID", v);
        filterHandle = h;
      } else {
        ctx.err(`tc: "${a}" is not supported by pktsim.\n`);
        return 255;
      }
    } else if (matches(a, "help")) {
      ctx.err(QDISC_USAGE);
    } else if (a === "invisible") {
      // no invisible qdiscs here
    } else {
      ctx.err(`What is "${a}"? Try "tc qdisc help".\n`);
      return 255;
    }
  }
  let devices: readonly NetDevice[] = ns.devices();
  if (dev !== undefined) {
    const d = ns.deviceByName(dev);
    if (d === undefined) {
      ctx.err(`Cannot find device "${dev}"\n`);
      return 1;
    }
    devices = [d];
  }
  for (const d of devices) {
    const q = d.txQdisc as Qdisc | null;
    // noop_qdisc is built in and never dumped.
    if (q === null) continue;
    if (filterHandle !== 0 && q.handle !== filterHandle) continue;
    if (filterParent !== 0 && q.parent !== filterParent) continue;
    ctx.out(printQdisc(q, dev === undefined, opts));
  }
  return 0;
}

/** print_qdisc. */
export function printQdisc(q: Qdisc, withDev: boolean, opts: TcOptions): string {
  let line = `qdisc ${q.kind} ${formatQdiscHandle(q.handle)} `;
  if (withDev) line += `dev ${q.dev.name} `;
  if (q.parent === TC_H_ROOT) line += "root ";
  if (q.refcnt !== 1) line += `refcnt ${q.refcnt} `;
  line += printOptions(q);
  line += "\n";
  if (opts.stats > 0) {
    const s = q.stats;
    line += ` Sent ${s.bytes} bytes ${s.packets} pkt (dropped ${s.drops}, overlimits ${s.overlimits} requeues ${s.requeues}) \n`;
    line += ` backlog ${sprintSize(s.backlog)} ${s.qlen}p requeues ${s.requeues}\n`;
  }
  return line;
}

/** The kind's print_qopt. */
function printOptions(q: Qdisc): string {
  if (q instanceof Pfifo) return `limit ${q.limit}p`;
  if (q instanceof Bfifo) return `limit ${sprintSize(q.limit)}`;
  if (q instanceof PfifoFast) return `bands ${q.bands} priomap${q.priomap.map((b) => ` ${b}`).join("")}`;
  if (q instanceof NetemQdisc) return printNetem(q);
  return "";
}

/** netem_print_opt. */
function printNetem(q: NetemQdisc): string {
  const d = q.dump();
  const o = d.qopt;
  const pct = (per: number): string => `${formatG((100 * per) / UINT32_MAX, 6)}%`;
  let s = `limit ${o.limit}`;
  if (o.latency !== 0) {
    s += ` delay ${sprintTicks(o.latency)}`;
    if (o.jitter !== 0) s += `  ${sprintTicks(o.jitter)}`;
    if (o.jitter !== 0 && d.corr.delayCorr !== 0) s += ` ${pct(d.corr.delayCorr)}`;
  }
  if (o.loss !== 0) {
    s += ` loss ${pct(o.loss)}`;
    if (d.corr.lossCorr !== 0) s += ` ${pct(d.corr.lossCorr)}`;
  }
  if (o.duplicate !== 0) {
    s += ` duplicate ${pct(o.duplicate)}`;
    if (d.corr.dupCorr !== 0) s += ` ${pct(d.corr.dupCorr)}`;
  }
  if (d.reorder.probability !== 0) {
    s += ` reorder ${pct(d.reorder.probability)}`;
    if (d.reorder.correlation !== 0) s += ` ${pct(d.reorder.correlation)}`;
  }
  if (d.corrupt.probability !== 0) {
    s += ` corrupt ${pct(d.corrupt.probability)}`;
    if (d.corrupt.correlation !== 0) s += ` ${pct(d.corrupt.correlation)}`;
  }
  if (d.rate.rate !== 0) {
    s += ` rate ${printRate(d.rate.rate)}`;
    if (d.rate.packetOverhead !== 0) s += ` packetoverhead ${d.rate.packetOverhead}`;
    if (d.rate.cellSize !== 0) s += ` cellsize ${d.rate.cellSize}`;
    if (d.rate.cellOverhead !== 0) s += ` celloverhead ${d.rate.cellOverhead}`;
  }
  if (o.gap !== 0) s += ` gap ${o.gap}`;
  return s;
}

/** sprint_ticks → sprint_time: ticks to µs (truncated), then s/ms with %.3g or whole µs. */
function sprintTicks(ticks: number): string {
  const us = Math.trunc(ticks / TICK_IN_USEC);
  if (us >= 1e6) return `${formatG(us / 1e6, 3)}s`;
  if (us >= 1e3) return `${formatG(us / 1e3, 3)}ms`;
  return `${us}us`;
}

/** print_rate: bits per second in the largest unit that keeps it whole (below 1000 of it). */
function printRate(bytesPerSec: number): string {
  const units = ["", "K", "M", "G", "T"];
  let rate = BigInt(bytesPerSec) * 8n;
  let i = 0;
  for (; i < units.length - 1; i++) {
    if (rate < 1000n) break;
    if (rate % 1000n !== 0n && rate < 1000n * 1000n) break;
    rate /= 1000n;
  }
  return `${rate}${units[i]}bit`;
}

/** sprint_size: Mb/Kb when (almost) whole, else bytes. */
function sprintSize(sz: number): string {
  const kilo = 1024;
  const mega = kilo * kilo;
  if (sz >= mega && Math.abs(mega * rint(sz / mega) - sz) < 1024) return `${formatG(rint(sz / mega), 6)}Mb`;
  if (sz >= kilo && Math.abs(kilo * rint(sz / kilo) - sz) < 16) return `${formatG(rint(sz / kilo), 6)}Kb`;
  return `${sz}b`;
}

/** printf("%.Pg"). */
export function formatG(x: number, precision: number): string {
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const p = Math.max(precision, 1);
  const exp = Number(x.toExponential(p - 1).split("e")[1]);
  if (exp < -4 || exp >= p) {
    const [mant, e] = x.toExponential(p - 1).split("e") as [string, string];
    const m = mant.includes(".") ? mant.replace(/0+$/, "").replace(/\.$/, "") : mant;
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const fixed = x.toFixed(p - 1 - exp);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}
