/**
 * conntrack (conntrack-tools 1.4.7 src/conntrack.c over libnetfilter_conntrack 1.0.9), as Debian 12
 * ships it: the option table with getopt_long's optional arguments and the protocol options that
 * `-p` merges in, the legal-combinations table (generic_opt_check) and its messages, and the
 * commands on the namespace's conntrack table as ctnetlink answers them — list (conntrack,
 * dying, unconfirmed, expect), get, delete, create/add, update, flush, count, stats, help,
 * version — with the kernel-side dump filters (family, mark, status) and the tool's own
 * (nfct_filter: NAT, mark, networks, nfct_cmp), the default, extended, id, xml and save outputs,
 * and `-R FILE` batches.
 *
 * Limits: `-E` (event listening) never returns, so it is refused after its options are checked;
 * no helpers, so the expectation table is always empty; no connlabel.conf, as on Debian 12
 * (labels are unknown); accounting and timestamps are off (nf_conntrack_acct=0), so `-z` zeroes
 * nothing and ktimestamp shows nothing; -S puts every counter on cpu=0 (the reference machine has
 * two CPUs and the kernel counts on whichever ran the packet or the request).
 */
import { formatIpv4, parseIpv4 } from "@pktsim/core";
import { type Conn, type ConntrackTable, IPS, type NatRange, NatRangeFlags, natNullBinding, natSetupInfo } from "@pktsim/netfilter";
import type { Namespace } from "@pktsim/stack";
import type { CommandContext } from "../command";
import { inetAton } from "./inet";
import {
  AF_INET, AF_INET6, type CtAddr, CtCmdBit, type CtObj, OtherProblem, ParamProblem, cmpAllMask, cmpDir, connToObj, conntrackId, isDnat, isDpat,
  isSnat, isSpat,
} from "./conntrack-obj";
import { type MsgType, XML_HEADER, formatDefault, formatSave, formatXml } from "./conntrack-format";
import { PROTO_HANDLERS, type ProtoHandler, UNKNOWN_PROTO, atoi, icmpReplyType, strtoul0 } from "./conntrack-proto";
import { protocolName } from "@pktsim/netfilter";

const PROG = "conntrack v1.4.7 (conntrack-tools)";
const TRY_HELP = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

/**
 * The process reads the table a moment after it starts: a listing right after the packet that
 * refreshed an entry shows 29 of its 30 seconds on Linux, not 30.
 */
const STARTUP_NS = 1_000_000;

// ---- option tables (conntrack.c) ----------------------------------------------------------------

const O = {
  ORIG_SRC: 1 << 0, ORIG_DST: 1 << 1, REPL_SRC: 1 << 2, REPL_DST: 1 << 3, PROTO: 1 << 4, TIMEOUT: 1 << 5, STATUS: 1 << 6, ZERO: 1 << 7,
  EVENT_MASK: 1 << 8, EXP_SRC: 1 << 9, EXP_DST: 1 << 10, MASK_SRC: 1 << 11, MASK_DST: 1 << 12, NATRANGE: 1 << 13, MARK: 1 << 14, ID: 1 << 15,
  FAMILY: 1 << 16, SRC_NAT: 1 << 17, DST_NAT: 1 << 18, OUTPUT: 1 << 19, SECMARK: 1 << 20, BUFFERSIZE: 1 << 21, ANY_NAT: 1 << 22, ZONE: 1 << 23,
  LABEL: 1 << 24, ADD_LABEL: 1 << 25, DEL_LABEL: 1 << 26, ORIG_ZONE: 1 << 27, REPL_ZONE: 1 << 28,
} as const;
const OPT_ORIG = O.ORIG_SRC | O.ORIG_DST;
const OPT_REPL = O.REPL_SRC | O.REPL_DST;
const OPT_TUPLE_ORIG = OPT_ORIG | O.PROTO;
const OPT_TUPLE_REPL = OPT_REPL | O.PROTO;
const CT_COMPARISON = O.PROTO | OPT_ORIG | OPT_REPL | O.MARK | O.SECMARK | O.STATUS | O.ID | O.ZONE | O.LABEL | O.ORIG_ZONE | O.REPL_ZONE;

const OPTFLAGS = [
  "src", "dst", "reply-src", "reply-dst", "protonum", "timeout", "status", "zero", "event-mask", "tuple-src", "tuple-dst", "mask-src", "mask-dst",
  "nat-range", "mark", "id", "family", "src-nat", "dst-nat", "output", "secmark", "buffer-size", "any-nat", "zone", "label", "label-add",
  "label-del", "orig-zone", "reply-zone",
];

interface LongOpt {
  readonly name: string;
  readonly hasArg: 0 | 1 | 2;
  readonly val: number;
}
const ch = (s: string): number => s.charCodeAt(0);
const ORIGINAL_OPTS: readonly LongOpt[] = (
  [
    ["dump", 2, "L"], ["create", 2, "I"], ["add", 2, "A"], ["delete", 2, "D"], ["update", 2, "U"], ["get", 2, "G"], ["flush", 2, "F"],
    ["event", 2, "E"], ["counter", 2, "C"], ["stats", 0, "S"], ["version", 0, "V"], ["help", 0, "h"], ["orig-src", 1, "s"], ["src", 1, "s"],
    ["orig-dst", 1, "d"], ["dst", 1, "d"], ["reply-src", 1, "r"], ["reply-dst", 1, "q"], ["protonum", 1, "p"], ["timeout", 1, "t"],
    ["status", 1, "u"], ["zero", 0, "z"], ["event-mask", 1, "e"], ["tuple-src", 1, "["], ["tuple-dst", 1, "]"], ["mask-src", 1, "{"],
    ["mask-dst", 1, "}"], ["nat-range", 1, "a"], ["mark", 1, "m"], ["secmark", 1, "c"], ["id", 2, "i"], ["family", 1, "f"], ["src-nat", 2, "n"],
    ["dst-nat", 2, "g"], ["output", 1, "o"], ["buffer-size", 1, "b"], ["any-nat", 2, "j"], ["zone", 1, "w"], ["label", 1, "l"],
    ["label-add", 1, "<"], ["label-del", 2, ">"], ["orig-zone", 1, "("], ["reply-zone", 1, ")"],
  ] as const
).map(([name, hasArg, val]) => ({ name, hasArg, val: ch(val) }));

const GETOPT_STR = ":L::I::U::D::G::E::F::A::hVs:d:r:q:p:t:u:e:a:z[:]:{:}:m:i:f:o:n::g::c:b:C::Sj::w:l:<:>::(:):";
/** Short options: 0 no argument, 1 required, 2 optional. */
const SHORT = new Map<string, 0 | 1 | 2>();
for (let i = 1; i < GETOPT_STR.length; i++) {
  const c = GETOPT_STR[i]!;
  if (c === ":") continue;
  const req = GETOPT_STR[i + 1] === ":";
  const opt = req && GETOPT_STR[i + 2] === ":";
  SHORT.set(c, opt ? 2 : req ? 1 : 0);
}

/* s d r q p t u z e [ ] { } a m i f n g o c b j w l < > ( ) */
const COMMANDS_V_OPTIONS: Readonly<Record<number, readonly number[]>> = {
  [CtCmdBit.LIST]: [2, 2, 2, 2, 2, 0, 2, 2, 0, 0, 0, 2, 2, 0, 2, 0, 2, 2, 2, 2, 2, 0, 2, 2, 2, 0, 0, 2, 2],
  [CtCmdBit.CREATE]: [3, 3, 3, 3, 1, 1, 2, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2, 0, 0, 0, 0, 2, 0, 2, 0, 2, 2],
  [CtCmdBit.UPDATE]: [2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 2, 2, 0, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 2, 2, 2, 0, 0],
  [CtCmdBit.DELETE]: [2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 2, 2, 0, 2, 2, 2, 2, 2, 2, 0, 0, 0, 2, 2, 0, 0, 2, 2],
  [CtCmdBit.GET]: [3, 3, 3, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0],
  [CtCmdBit.FLUSH]: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [CtCmdBit.EVENT]: [2, 2, 2, 2, 2, 0, 0, 0, 2, 0, 0, 2, 2, 0, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 2, 2],
  [CtCmdBit.HELP]: [0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [CtCmdBit.EXP_LIST]: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [CtCmdBit.EXP_CREATE]: [1, 1, 2, 2, 1, 1, 2, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [CtCmdBit.EXP_DELETE]: [1, 1, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [CtCmdBit.EXP_GET]: [1, 1, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [CtCmdBit.EXP_EVENT]: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [CtCmdBit.ADD]: [3, 3, 3, 3, 1, 1, 2, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2, 0, 0, 0, 0, 2, 0, 2, 0, 2, 2],
};

const CMD = Object.fromEntries(Object.entries(CtCmdBit).map(([k, v]) => [k, 1 << v])) as Record<keyof typeof CtCmdBit, number>;
const CMD2TYPE: Readonly<Record<string, readonly [number, number]>> = {
  L: [CMD.LIST, CMD.EXP_LIST], I: [CMD.CREATE, CMD.EXP_CREATE], D: [CMD.DELETE, CMD.EXP_DELETE], G: [CMD.GET, CMD.EXP_GET],
  F: [CMD.FLUSH, CMD.EXP_FLUSH], E: [CMD.EVENT, CMD.EXP_EVENT], V: [CMD.VERSION, CMD.VERSION], h: [CMD.HELP, CMD.HELP],
  C: [CMD.COUNT, CMD.EXP_COUNT], S: [CMD.STATS, CMD.EXP_STATS], U: [CMD.UPDATE, 0], A: [CMD.ADD, 0],
};
const EXIT_MSG: Readonly<Record<number, string>> = {
  [CtCmdBit.LIST]: "%d flow entries have been shown.", [CtCmdBit.CREATE]: "%d flow entries have been created.",
  [CtCmdBit.UPDATE]: "%d flow entries have been updated.", [CtCmdBit.DELETE]: "%d flow entries have been deleted.",
  [CtCmdBit.GET]: "%d flow entries have been shown.", [CtCmdBit.EVENT]: "%d flow events have been shown.",
  [CtCmdBit.EXP_LIST]: "%d expectations have been shown.", [CtCmdBit.EXP_DELETE]: "%d expectations have been shown.",
  [CtCmdBit.ADD]: "%d flow entries have been added.",
};

const TABLE = { CONNTRACK: 0, EXPECT: 1, DYING: 2, UNCONFIRMED: 3 } as const;

const OUT = { XML: 1, EXT: 2, TMS: 4, ID: 8, KTMS: 16, CL: 32, SAVE: 64 } as const;

const USAGE =
  "Command line interface for the connection tracking system. Version 1.4.7\nUsage: conntrack [commands] [options]\n\n" +
  "Commands:\n  -L [table] [options]\t\tList conntrack or expectation table\n  -G [table] parameters\t\tGet conntrack or expectation\n" +
  "  -D [table] parameters\t\tDelete conntrack or expectation\n  -I [table] parameters\t\tCreate a conntrack or expectation\n" +
  "  -U [table] parameters\t\tUpdate a conntrack\n  -E [table] [options]\t\tShow events\n  -F [table]\t\t\tFlush table\n" +
  "  -C [table]\t\t\tShow counter\n  -S\t\t\t\tShow statistics\n\nTables: conntrack, expect, dying, unconfirmed\n\n" +
  "Conntrack parameters and options:\n  -n, --src-nat ip\t\t\tsource NAT ip\n  -g, --dst-nat ip\t\t\tdestination NAT ip\n" +
  "  -j, --any-nat ip\t\t\tsource or destination NAT ip\n  -m, --mark mark\t\t\tSet mark\n  -c, --secmark secmark\t\t\tSet selinux secmark\n" +
  "  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY\n  -z, --zero \t\t\t\tZero counters while listing\n" +
  "  -o, --output type[,...]\t\tOutput format, eg. xml\n  -l, --label label[,...]\t\tconntrack labels\n\n" +
  "Expectation parameters and options:\n  --tuple-src ip\tSource address in expect tuple\n  --tuple-dst ip\tDestination address in expect tuple\n\n" +
  "Updating parameters and options:\n  --label-add label\tAdd label\n  --label-del label\tDelete label\n\n" +
  "Common parameters and options:\n  -s, --src, --orig-src ip\t\tSource address from original direction\n" +
  "  -d, --dst, --orig-dst ip\t\tDestination address from original direction\n  -r, --reply-src ip\t\tSource addres from reply direction\n" +
  "  -q, --reply-dst ip\t\tDestination address from reply direction\n  -p, --protonum proto\t\tLayer 4 Protocol, eg. 'tcp'\n" +
  "  -f, --family proto\t\tLayer 3 Protocol, eg. 'ipv6'\n  -t, --timeout timeout\t\tSet timeout\n  -u, --status status\t\tSet status, eg. ASSURED\n" +
  "  -w, --zone value\t\tSet conntrack zone\n  --orig-zone value\t\tSet zone for original direction\n" +
  "  --reply-zone value\t\tSet zone for reply direction\n  -b, --buffer-size\t\tNetlink socket buffer size\n" +
  "  --mask-src ip\t\t\tSource mask address\n  --mask-dst ip\t\t\tDestination mask address\n\n";

// ---- the parsed command (struct ct_cmd) ----------------------------------------------------------

interface Network {
  netmask: CtAddr;
  network: CtAddr;
}

interface CtCmd {
  command: number;
  cmd: number;
  options: number;
  family: number;
  type: number;
  protonum: number;
  h: ProtoHandler | null;
  tmpl: CtObj;
  maskObj: CtObj;
  mark: { value: number; mask: number };
  filterMark: { val: number; mask: number } | null;
  filterStatus: { val: number; mask: number } | null;
  networks: [Network | null, Network | null];
}

/** The process's globals that outlive one command line (a -R batch shares them). */
interface Run {
  readonly ctx: CommandContext;
  outputMask: number;
  counter: number;
  /** cur_tmpl's mark: the last parsed line's (a -R batch's updates all take it). */
  curMark: { value: number; mask: number } | null;
  labelmapTried: boolean;
  xmlHeaderDone: boolean;
}

function labelmapInit(run: Run): void {
  // nfct_labelmap_new(NULL) opens /etc/xtables/connlabel.conf, which Debian 12 does not ship.
  if (run.labelmapTried) return;
  run.labelmapTried = true;
  run.ctx.err("nfct_labelmap_new: No such file or directory\n");
}

// ---- getopt_long (glibc 2.36, opterr = 0, optstring starting with ':') -----------------------------

class Getopt {
  optind = 1;
  private nextchar = "";
  optarg: string | undefined;
  constructor(readonly argv: readonly string[]) {}

  /** Returns the option's value, ':' / '?' codes, or -1 at the end. */
  next(longopts: readonly LongOpt[]): number {
    this.optarg = undefined;
    const argv = this.argv;
    if (this.nextchar === "") {
      // Permutation: operands are stepped over (conntrack ignores them).
      while (this.optind < argv.length && (argv[this.optind]![0] !== "-" || argv[this.optind] === "-")) this.optind++;
      if (this.optind >= argv.length) return -1;
      const word = argv[this.optind]!;
      if (word === "--") {
        this.optind++;
        return -1;
      }
      if (word.startsWith("--")) return this.long(word.slice(2), longopts);
      this.nextchar = word.slice(1);
    }
    const c = this.nextchar[0]!;
    this.nextchar = this.nextchar.slice(1);
    if (this.nextchar === "") this.optind++;
    const kind = SHORT.get(c);
    if (kind === undefined) return ch("?");
    if (kind === 0) return ch(c);
    if (kind === 2) {
      if (this.nextchar !== "") {
        this.optarg = this.nextchar;
        this.nextchar = "";
        this.optind++;
      }
      return ch(c);
    }
    if (this.nextchar !== "") {
      this.optarg = this.nextchar;
      this.nextchar = "";
      this.optind++;
    } else if (this.optind >= argv.length) {
      return ch(":");
    } else {
      this.optarg = argv[this.optind++];
    }
    return ch(c);
  }

  private long(body: string, longopts: readonly LongOpt[]): number {
    this.optind++;
    const eq = body.indexOf("=");
    const name = eq < 0 ? body : body.slice(0, eq);
    let opt = longopts.find((o) => o.name === name);
    if (opt === undefined) {
      const matches = longopts.filter((o) => o.name.startsWith(name));
      if (matches.length === 0) return ch("?");
      const first = matches[0]!;
      if (matches.some((m) => m.hasArg !== first.hasArg || m.val !== first.val)) return ch("?");
      opt = first;
    }
    if (eq >= 0) {
      if (opt.hasArg === 0) return ch("?");
      this.optarg = body.slice(eq + 1);
    } else if (opt.hasArg === 1) {
      if (this.optind >= this.argv.length) return ch(":");
      this.optarg = this.argv[this.optind++];
    }
    return opt.val;
  }

  /** get_optional_arg: the next word if it is not an option. */
  optionalArg(): string | undefined {
    if (this.optarg !== undefined) return undefined;
    const w = this.argv[this.optind];
    if (w !== undefined && w[0] !== "-" && w[0] !== "!") {
      this.optind++;
      return w;
    }
    return undefined;
  }
}

// ---- parsing helpers ---------------------------------------------------------------------------

/** inet_pton(AF_INET6): the canonical text of an IPv6 address, undefined if invalid. */
function parseIpv6(text: string): string | undefined {
  let s = text;
  let tail: number[] = [];
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4 !== null) {
    const a = parseIpv4(v4[1]!);
    if (a === undefined) return undefined;
    tail = [a >>> 16, a & 0xffff];
    s = `${s.slice(0, v4.index)}:`;
    if (s.endsWith("::")) s = s;
    else s = s.slice(0, -1);
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const part = (p: string): number[] | undefined => {
    if (p === "") return [];
    const out: number[] = [];
    for (const g of p.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const head = part(halves[0]!);
  const rest = halves.length === 2 ? part(halves[1]!) : [];
  if (head === undefined || rest === undefined) return undefined;
  const n = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 1) {
    if (n !== 8) return undefined;
    groups = [...head, ...tail];
  } else {
    if (n > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - n).fill(0), ...rest, ...tail];
  }
  // RFC 5952 text, as glibc's inet_ntop writes it.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]): string => g.map((x) => x.toString(16)).join(":");
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** strtol(text, &end, 10) with the check parse_addr makes: the whole rest must be the number. */
function parseMaskLen(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d*)/.exec(text)!;
  const digits = m[1]!;
  const consumed = /\d/.test(digits) ? m[0].length : 0;
  const v = consumed === 0 ? 0 : Number.parseInt(digits, 10);
  if (v < 0 || consumed !== text.length) return -2;
  return v;
}

/** parse_addr: address (and /mask when asked) → family, address, mask (-1 none, -2 invalid). */
function parseAddr(arg: string): { family: number; addr: CtAddr; mask: number } {
  let buf = arg.slice(0, 45);
  let mask = -1;
  const slash = buf.indexOf("/");
  if (slash >= 0) {
    mask = parseMaskLen(buf.slice(slash + 1));
    buf = buf.slice(0, slash);
  }
  const v4 = inetAton(buf);
  if (v4 !== undefined) return { family: AF_INET, addr: v4, mask: mask > 32 ? -2 : mask };
  const v6 = parseIpv6(buf);
  if (v6 !== undefined) return { family: AF_INET6, addr: v6, mask: mask > 128 ? -2 : mask };
  return { family: 0, addr: 0, mask };
}

function v4Netmask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

function v6ToGroups(a: string): number[] {
  const halves = a.split("::");
  const part = (p: string): number[] => (p === "" ? [] : p.split(":").map((g) => Number.parseInt(g, 16)));
  const head = part(halves[0]!);
  const rest = halves.length === 2 ? part(halves[1]!) : [];
  return halves.length === 2 ? [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest] : head;
}

/** The status words -u takes (parse_array[PARSE_STATUS]), matched as case-insensitive prefixes. */
const STATUS_WORDS: ReadonlyArray<readonly [string, number]> = [
  ["ASSURED", IPS.ASSURED], ["SEEN_REPLY", IPS.SEEN_REPLY], ["UNSET", 0], ["FIXED_TIMEOUT", IPS.FIXED_TIMEOUT], ["EXPECTED", IPS.EXPECTED],
  ["OFFLOAD", 0x4000], ["HW_OFFLOAD", 0x8000],
];
const EVENT_WORDS: ReadonlyArray<readonly [string, number]> = [["ALL", 7], ["NEW", 1], ["UPDATES", 2], ["DESTROY", 4]];
const OUTPUT_WORDS: ReadonlyArray<readonly [string, number]> = [
  ["xml", OUT.XML], ["extended", OUT.EXT], ["timestamp", OUT.TMS], ["id", OUT.ID], ["ktimestamp", OUT.KTMS], ["labels", OUT.CL], ["userspace", 0],
  ["save", OUT.SAVE],
];

/** do_parse_parameter: strncasecmp(str, word, len) over the words; SRC_NAT/DST_NAT only warned about. */
function doParseParameter(run: Run, str: string, words: ReadonlyArray<readonly [string, number]>): number | undefined {
  const prefixOf = (w: string): boolean => str.length <= w.length && w.slice(0, str.length).toLowerCase() === str.toLowerCase();
  if (prefixOf("SRC_NAT")) {
    run.ctx.err("WARNING: ignoring SRC_NAT, use --src-nat instead\n");
    return 0;
  }
  if (prefixOf("DST_NAT")) {
    run.ctx.err("WARNING: ignoring DST_NAT, use --dst-nat instead\n");
    return 0;
  }
  for (const [w, v] of words) if (prefixOf(w)) return v;
  return undefined;
}

function parseParameter(run: Run, arg: string, words: ReadonlyArray<readonly [string, number]>): number {
  let value = 0;
  let rest = arg;
  for (;;) {
    const comma = rest.indexOf(",");
    const tok = comma < 0 ? rest : rest.slice(0, comma);
    if (tok === "") throw new ParamProblem(`Bad parameter \`${rest}'`);
    const v = doParseParameter(run, tok, words);
    if (v === undefined) throw new ParamProblem(`Bad parameter \`${rest}'`);
    value |= v;
    if (comma < 0) return value;
    rest = rest.slice(comma + 1);
  }
}

/** parse_parameter_mask: `!WORD` goes to the mask, UNREPLIED means "mask SEEN_REPLY". */
function parseStatusMask(run: Run, arg: string, acc: { status: number; mask: number }): void {
  let rest = arg;
  for (;;) {
    const comma = rest.indexOf(",");
    if (comma === 0) throw new ParamProblem(`Bad parameter \`${rest}'`);
    let tokStart = rest;
    const negated = tokStart.startsWith("!");
    if (negated) tokStart = tokStart.slice(1);
    if (comma >= 0 && comma === (negated ? 1 : 0)) throw new ParamProblem(`Bad parameter \`${tokStart}'`);
    if (!negated && tokStart.startsWith("UNREPLIED")) {
      acc.mask |= IPS.SEEN_REPLY;
      if (comma < 0) return;
      rest = rest.slice(comma + 1);
      continue;
    }
    const tok = comma < 0 ? tokStart : tokStart.slice(0, comma - (negated ? 1 : 0));
    const v = tok === "" ? undefined : doParseParameter(run, tok, STATUS_WORDS);
    if (v === undefined) throw new ParamProblem(`Bad parameter \`${tokStart}'`);
    if (negated) acc.mask |= v;
    else acc.status |= v;
    if (comma < 0) return;
    rest = rest.slice(comma + 1);
  }
}

/** findproto: a handler by name, /etc/protocols name (unknown handler), or number 0–255. */
function findProto(name: string): { h: ProtoHandler; num: number } | undefined {
  const lower = name.toLowerCase();
  const byName = PROTO_HANDLERS.find((p) => p.name === lower);
  if (byName !== undefined) return { h: byName, num: byName.protonum };
  for (let n = 0; n < 256; n++) if (protocolName(n) === name) return { h: UNKNOWN_PROTO, num: n };
  const m = /^[ \t]*[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(name);
  if (m !== null) {
    const v = strtoul0(name);
    if (v <= 255 && !name.trim().startsWith("-")) {
      const h = PROTO_HANDLERS.find((p) => p.protonum === v);
      return { h: h ?? UNKNOWN_PROTO, num: v };
    }
  }
  return undefined;
}

// ---- do_parse --------------------------------------------------------------------------------

function emptyObj(): CtObj {
  return { orig: {}, repl: {} };
}

function parseCommandLine(run: Run, argv: readonly string[]): CtCmd {
  const g = new Getopt(argv);
  let opts: LongOpt[] = [...ORIGINAL_OPTS];
  /** merge_options: each -p appends the handler's options at the next 256 offset. */
  let offset = 0;
  let hOffset = 0;
  const tmpl = emptyObj();
  const maskObj = emptyObj();
  const cmd: CtCmd = {
    command: 0, cmd: 0, options: 0, family: 0, type: 0, protonum: 0, h: null, tmpl, maskObj, mark: { value: 0, mask: 0 },
    filterMark: null, filterStatus: null, networks: [null, null],
  };
  const status = { status: 0, mask: 0 };
  let l4flags = 0;
  let labelOpts = 0;
  const longName = (val: number): string => opts.find((o) => o.val === val)?.name ?? "unknown";
  const setFamily = (f: number): void => {
    if (cmd.family === 0) cmd.family = f;
    else if (cmd.family !== f) throw new ParamProblem("mismatched address family");
  };
  const addCommand = (c: number): void => {
    if (cmd.command !== 0) throw new ParamProblem("Invalid commands combination");
    cmd.command |= c;
  };
  const checkType = (): number => {
    const table = g.optionalArg();
    if (table === undefined) return TABLE.CONNTRACK;
    if ("expect".startsWith(table)) return TABLE.EXPECT;
    if ("conntrack".startsWith(table)) return TABLE.CONNTRACK;
    if ("dying".startsWith(table)) return TABLE.DYING;
    if ("unconfirmed".startsWith(table)) return TABLE.UNCONFIRMED;
    throw new ParamProblem(`unknown type \`${table}'`);
  };
  /** nfct_parse_addr_from_opt for -s -d -r -q -n -g -j. */
  const addrFromOpt = (opt: string, arg: string, target: CtObj, withMask: boolean): CtAddr => {
    const p = parseAddr(arg);
    if (p.family === 0) throw new ParamProblem(`Invalid IP address \`${arg}'`);
    setFamily(p.family);
    const maskopt = opt === "s" ? "{" : opt === "d" ? "}" : "";
    if (p.mask !== -1 && maskopt === "") throw new ParamProblem(`CIDR notation unavailable for \`--${longName(ch(opt))}'`);
    if (p.mask === -2) throw new ParamProblem("Invalid netmask");
    setAddrOpt(opt, target, p.addr, p.family);
    if (p.mask === -1 || maskopt === "" || !withMask) return p.addr;
    if (p.family === AF_INET) {
      if (p.mask === 32) return p.addr;
      setAddrOpt(maskopt, maskObj, v4Netmask(p.mask), p.family);
    } else {
      if (p.mask === 128) return p.addr;
      const groups: number[] = [];
      for (let i = 0; i < 8; i++) groups.push(Math.max(0, Math.min(16, p.mask - 16 * i)) === 0 ? 0 : (0xffff << (16 - Math.min(16, p.mask - 16 * i))) & 0xffff);
      setAddrOpt(maskopt, maskObj, parseIpv6(groups.map((x) => x.toString(16)).join(":"))!, p.family);
    }
    return p.addr;
  };
  const setAddrOpt = (opt: string, target: CtObj, a: CtAddr, l3: number): void => {
    const type: Record<string, number> = { s: O.ORIG_SRC, d: O.ORIG_DST, r: O.REPL_SRC, q: O.REPL_DST, "{": O.MASK_SRC, "}": O.MASK_DST, n: O.SRC_NAT, g: O.DST_NAT, j: O.ANY_NAT };
    cmd.options |= type[opt] ?? 0;
    switch (opt) {
      case "s":
      case "{":
        target.orig.src = a;
        target.orig.l3 = l3;
        break;
      case "d":
      case "}":
        target.orig.dst = a;
        target.orig.l3 = l3;
        break;
      case "r":
        target.repl.src = a;
        target.repl.l3 = l3;
        break;
      case "q":
        target.repl.dst = a;
        target.repl.l3 = l3;
        break;
      case "n":
        target.snatIp = a;
        target.orig.l3 = l3;
        break;
      case "g":
        target.dnatIp = a;
        target.orig.l3 = l3;
        break;
      case "j":
        // opt2family_attr and opt2attr have no 'j' row: index 0, ATTR_ORIG_IPV4_SRC, gets written.
        target.orig.src = 0x02000000;
        break;
    }
  };

  for (;;) {
    const c = g.next(opts);
    if (c === -1) break;
    const optarg = g.optarg;
    const arg = optarg ?? "";
    const cs = String.fromCharCode(c);
    if (c >= 256) {
      const h = cmd.h;
      // A merged option of an earlier -p's set: parse_opts of the current handler ignores it.
      if (h !== null && c - hOffset > 0 && c - hOffset < 256) l4flags |= h.parse(c - hOffset, arg, tmpl);
      continue;
    }
    switch (cs) {
      case "L": {
        const type = checkType();
        cmd.type = type;
        addCommand(type === TABLE.EXPECT ? CMD.EXP_LIST : CMD.LIST);
        break;
      }
      case "I":
      case "D":
      case "G":
      case "F":
      case "E":
      case "V":
      case "h":
      case "C":
      case "S":
      case "U":
      case "A": {
        const type = checkType();
        cmd.type = type;
        if (type === TABLE.DYING || type === TABLE.UNCONFIRMED) throw new ParamProblem("Can't do that command with tables `dying' and `unconfirmed'");
        const ct = CMD2TYPE[cs]![type]!;
        if (ct === 0) throw new ParamProblem(`Can't do --${longName(c)} on ${type === TABLE.CONNTRACK ? "conntrack" : "expectations"}`);
        addCommand(ct);
        break;
      }
      case "s":
      case "d":
      case "r":
      case "q":
        addrFromOpt(cs, arg, tmpl, true);
        break;
      case "[":
      case "]": {
        const p = parseAddr(arg);
        if (p.family === 0) throw new ParamProblem(`Invalid IP address \`${arg}'`);
        setFamily(p.family);
        if (p.mask === -2) throw new ParamProblem("Invalid netmask");
        cmd.options |= cs === "[" ? O.EXP_SRC : O.EXP_DST;
        if (p.mask !== -1 && p.mask !== (p.family === AF_INET ? 32 : 128)) cmd.options |= cs === "[" ? O.MASK_SRC : O.MASK_DST;
        break;
      }
      case "{":
      case "}": {
        const p = parseAddr(arg);
        if (p.family === 0) throw new ParamProblem(`Invalid IP address \`${arg}'`);
        setFamily(p.family);
        if (p.mask !== -1) throw new ParamProblem(`CIDR notation unavailable for \`--${longName(c)}'`);
        setAddrOpt(cs, maskObj, p.addr, p.family);
        break;
      }
      case "p": {
        cmd.options |= O.PROTO;
        const found = findProto(arg);
        if (found === undefined) throw new ParamProblem(`\`${arg}' unsupported protocol`);
        cmd.h = found.h;
        cmd.protonum = found.num;
        offset += 256;
        hOffset = offset;
        opts = [...opts, ...found.h.opts.map((o) => ({ name: o.name, hasArg: 1 as const, val: o.val + offset }))];
        tmpl.orig.l4 = found.num;
        break;
      }
      case "t":
        cmd.options |= O.TIMEOUT;
        tmpl.timeout = atoi(arg) >>> 0;
        break;
      case "u":
        cmd.options |= O.STATUS;
        parseStatusMask(run, arg, status);
        tmpl.status = status.status;
        if (status.mask === 0) status.mask = status.status;
        // conntrack.c reuses the mark template for the status value.
        cmd.mark.value = status.status;
        cmd.filterStatus = { val: status.status, mask: status.mask };
        break;
      case "e":
        cmd.options |= O.EVENT_MASK;
        parseParameter(run, arg, EVENT_WORDS);
        break;
      case "o":
        cmd.options |= O.OUTPUT;
        run.outputMask |= parseParameter(run, arg, OUTPUT_WORDS);
        if (run.outputMask & OUT.CL) labelmapInit(run);
        if (run.outputMask & OUT.SAVE && run.outputMask & (OUT.EXT | OUT.TMS | OUT.ID | OUT.KTMS | OUT.CL | OUT.XML)) {
          throw new OtherProblem("cannot combine save output with any other output type, use -o save only");
        }
        break;
      case "z":
        cmd.options |= O.ZERO;
        break;
      case "n":
      case "g":
      case "j": {
        cmd.options |= cs === "n" ? O.SRC_NAT : cs === "g" ? O.DST_NAT : O.ANY_NAT;
        const opt = g.optionalArg();
        if (opt === undefined) break;
        const { address, port } = splitAddressAndPort(opt);
        const a = addrFromOpt(cs, address, tmpl, false);
        const setNat = (which: "n" | "g"): void => {
          if (which === "n") {
            tmpl.snatIp = a;
            if (port !== undefined) tmpl.snatPort = atoi(port) & 0xffff;
          } else {
            tmpl.dnatIp = a;
            if (port !== undefined) tmpl.dnatPort = atoi(port) & 0xffff;
          }
        };
        if (cs === "j") {
          setNat("g");
          setNat("n");
        } else setNat(cs);
        break;
      }
      case "w":
        cmd.options |= O.ZONE;
        tmpl.zone = strtoul0(arg) & 0xffff;
        break;
      case "(":
        cmd.options |= O.ORIG_ZONE;
        tmpl.orig.zone = strtoul0(arg) & 0xffff;
        break;
      case ")":
        cmd.options |= O.REPL_ZONE;
        tmpl.repl.zone = strtoul0(arg) & 0xffff;
        break;
      case "i":
        cmd.options |= O.ID;
        tmpl.id = strtoul0(arg);
        break;
      case "c":
        cmd.options |= O.SECMARK;
        tmpl.secmark = strtoul0(arg);
        break;
      case "m": {
        cmd.options |= O.MARK;
        const slash = /^[ \t]*[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)?/.exec(arg)!;
        const value = strtoul0(arg);
        const rest = arg.slice(slash[0].length);
        const mask = rest.startsWith("/") ? strtoul0(rest.slice(1)) : 0xffffffff;
        cmd.mark = { value, mask };
        cmd.filterMark = { val: value, mask };
        break;
      }
      case "l":
      case "<":
      case ">": {
        const bit = cs === "l" ? O.LABEL : cs === "<" ? O.ADD_LABEL : O.DEL_LABEL;
        cmd.options |= bit;
        labelOpts |= bit;
        labelmapInit(run);
        if ((labelOpts & (O.ADD_LABEL | O.DEL_LABEL)) === (O.ADD_LABEL | O.DEL_LABEL)) {
          throw new OtherProblem("cannot use --label-add and --label-del at the same time");
        }
        let names = arg;
        if (cs === ">") {
          const opt = g.optionalArg();
          if (opt === undefined) break;
          names = opt;
        }
        // No label map: every name is unknown (get_label).
        throw new ParamProblem(`unknown label '${names.split(",")[0]}'`);
      }
      case "a":
        run.ctx.err("WARNING: ignoring -a, deprecated option.\n");
        break;
      case "f":
        cmd.options |= O.FAMILY;
        if (arg.startsWith("ipv4")) setFamily(AF_INET);
        else if (arg.startsWith("ipv6")) setFamily(AF_INET6);
        else throw new ParamProblem(`\`${arg}' unsupported protocol`);
        break;
      case "b":
        cmd.options |= O.BUFFERSIZE;
        break;
      case ":":
        throw new ParamProblem(`option \`${argv[g.optind - 1] ?? ""}' requires an argument`);
      case "?":
        throw new ParamProblem(`unknown option \`${argv[g.optind - 1] ?? ""}'`);
      default:
        break;
    }
  }

  // The default family only for the commands that create or need one.
  if (cmd.family === 0 && ![CMD.LIST, CMD.UPDATE, CMD.DELETE, CMD.GET, CMD.FLUSH, CMD.EVENT].includes(cmd.command)) cmd.family = AF_INET;
  if (cmd.options & O.ANY_NAT && cmd.options & (O.SRC_NAT | O.DST_NAT)) {
    throw new ParamProblem("cannot specify `--src-nat' or `--dst-nat' with `--any-nat'");
  }
  let bit = 0;
  while (bit < 20 && !(cmd.command & (1 << bit))) bit++;
  cmd.cmd = bit;
  const row = COMMANDS_V_OPTIONS[bit] ?? [];
  const partial = genericOptCheck(cmd.options, 29, row, OPTFLAGS, [OPT_ORIG, OPT_REPL]);
  if (partial !== null) {
    throw new ParamProblem(partial === 1 ? "you have to specify `--reply-src' and `--reply-dst'" : "you have to specify `--src' and `--dst'");
  }
  const h = cmd.h;
  if (!(cmd.command & CMD.HELP) && h !== null) {
    const prow = h.table[bit] ?? [];
    const p = genericOptCheck(l4flags, h.optflags.length, prow, h.optflags, h.coupled?.flags);
    if (p !== null && h.coupled !== undefined) throw new ParamProblem(h.coupled.messages[p === 1 ? 1 : 0]!);
    h.finalExtra?.(tmpl);
  }
  run.curMark = cmd.mark;
  return cmd;
}

/** generic_opt_check: null when fine, else the partial coupled match (-1, 0 or 1). */
function genericOptCheck(options: number, n: number, row: readonly number[], names: readonly string[], coupled?: readonly number[]): number | null {
  let special = false;
  for (let i = 0; i < n; i++) {
    const v = row[i] ?? 0;
    if (!(options & (1 << i))) {
      if (v === 1) throw new ParamProblem(`You need to supply the \`--${names[i]}' option for this command`);
    } else if (v === 0) {
      throw new ParamProblem(`Illegal option \`--${names[i]}' with this command`);
    }
    if (v === 3) special = true;
  }
  if (!special || coupled === undefined) return null;
  let partial = -1;
  for (let i = 0; i < coupled.length; i++) {
    const f = coupled[i]!;
    if ((options & f) === f) return null;
    if (options & f && partial < 0) partial = i;
  }
  return partial;
}

/** split_address_and_port: `ADDR`, `ADDR:PORT` or `[V6]:PORT`. */
function splitAddressAndPort(arg: string): { address: string; port: string | undefined } {
  const lb = arg.indexOf("[");
  let portStart = -1;
  let address = arg;
  if (lb >= 0) {
    const start = lb + 1;
    const rb = arg.indexOf("]", start);
    if (rb === start) throw new ParamProblem("No IPv6 address specified");
    if (rb < 0) throw new ParamProblem("No closing ']' around IPv6 address");
    const colon = arg.indexOf(":", rb);
    if (colon >= 0) {
      address = arg.slice(start, rb);
      portStart = colon;
    }
  } else {
    const colon = arg.indexOf(":");
    if (colon >= 0 && arg.indexOf(":", colon + 1) < 0) {
      address = arg.slice(0, colon);
      portStart = colon;
    }
  }
  if (portStart < 0) return { address: arg, port: undefined };
  const port = arg.slice(portStart + 1);
  if (port === "") throw new ParamProblem("No port specified after `:'");
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw new ParamProblem(`Invalid port \`${port}'`);
  return { address, port };
}

// ---- filters (nfct_filter) -----------------------------------------------------------------------

function filterNat(cmd: CtCmd, ct: CtObj): boolean {
  let checkSrc = (cmd.options & O.SRC_NAT) !== 0;
  let checkDst = (cmd.options & O.DST_NAT) !== 0;
  const any = (cmd.options & O.ANY_NAT) !== 0;
  if (any) checkSrc = checkDst = true;
  const obj = cmd.tmpl;
  const one = (ip: CtAddr | undefined, port: number | undefined, isNat: boolean, isPat: boolean, replAddr: CtAddr | undefined, replPort: number | undefined): boolean => {
    let has = false;
    let checkAddr = false;
    if (ip !== undefined) {
      checkAddr = true;
      if (isNat && ip === replAddr) has = true;
    }
    if (port !== undefined) {
      const ok = isPat && port === replPort;
      if (checkAddr && has && !ok) has = false;
      if (!checkAddr && ok) has = true;
    }
    if (ip === undefined && port === undefined && (isNat || isPat)) has = true;
    return has;
  };
  const hasSrc = checkSrc && one(obj.snatIp, obj.snatPort, isSnat(ct), isSpat(ct), ct.repl.dst, ct.repl.dport);
  const hasDst = checkDst && one(obj.dnatIp, obj.dnatPort, isDnat(ct), isDpat(ct), ct.repl.src, ct.repl.sport);
  if (any) return !(hasSrc || hasDst);
  if (cmd.options & O.SRC_NAT && cmd.options & O.DST_NAT) return !(hasSrc && hasDst);
  if (cmd.options & O.SRC_NAT) return !hasSrc;
  if (cmd.options & O.DST_NAT) return !hasDst;
  return false;
}

function filterMark(cmd: CtCmd, ct: CtObj): boolean {
  return (cmd.options & O.MARK) !== 0 && !(ct.mark !== undefined && ((ct.mark & cmd.mark.mask) >>> 0) === cmd.mark.value >>> 0);
}

function netCmp(a: CtAddr | undefined, n: Network): boolean {
  if (typeof n.netmask === "number") return ((((a as number) ?? 0) & n.netmask) >>> 0) !== n.network;
  const ga = v6ToGroups(String(a ?? "::"));
  const gm = v6ToGroups(n.netmask);
  const gn = v6ToGroups(String(n.network));
  return ga.some((x, i) => (x & gm[i]!) !== gn[i]);
}

function filterNetwork(cmd: CtCmd, ct: CtObj): boolean {
  for (const dir of [0, 1] as const) {
    const n = cmd.networks[dir];
    if (n === null) continue;
    if (ct.orig.l3 !== cmd.family) return true;
    if (netCmp(dir === 0 ? ct.orig.src : ct.orig.dst, n)) return true;
  }
  return false;
}

function nfctFilter(cmd: CtCmd, ct: CtObj): boolean {
  if (filterNat(cmd, ct) || filterMark(cmd, ct) || filterNetwork(cmd, ct)) return true;
  return (cmd.options & CT_COMPARISON) !== 0 && !cmpAllMask(cmd.tmpl, ct);
}

/** nfct_filter_init: a masked --src/--dst becomes a network filter instead of an exact match. */
function filterInit(cmd: CtCmd): void {
  const prep = (dir: 0 | 1, opt: number, need: number, name: string): void => {
    if (!(cmd.options & opt)) return;
    if (!(cmd.options & need)) throw new ParamProblem(`Can't use --mask-${name} without --${name}`);
    const addr = dir === 0 ? cmd.tmpl.orig.src : cmd.tmpl.orig.dst;
    const mask = dir === 0 ? cmd.maskObj.orig.src : cmd.maskObj.orig.dst;
    if (cmd.family === AF_INET) {
      const m = (mask as number | undefined) ?? 0;
      cmd.networks[dir] = { netmask: m, network: (((addr as number | undefined) ?? 0) & m) >>> 0 };
    } else {
      const gm = v6ToGroups(String(mask ?? "::"));
      const ga = v6ToGroups(String(addr ?? "::"));
      cmd.networks[dir] = { netmask: String(mask ?? "::"), network: parseIpv6(ga.map((x, i) => (x & gm[i]!).toString(16)).join(":"))! };
    }
    // "avoid exact source matching"
    if (dir === 0) delete cmd.tmpl.orig.src;
    else delete cmd.tmpl.orig.dst;
  };
  prep(0, O.MASK_SRC, O.ORIG_SRC, "src");
  prep(1, O.MASK_DST, O.ORIG_DST, "dst");
}

// ---- printing ----------------------------------------------------------------------------------

function printFlow(run: Run, ct: CtObj, type: MsgType, savePrefix: "-A" | "-D", withHeader: boolean): void {
  const m = run.outputMask;
  if (m & OUT.SAVE) {
    run.ctx.out(`${formatSave(ct, savePrefix)}\n`);
    return;
  }
  if (m & OUT.XML) {
    if (withHeader && !run.xmlHeaderDone) {
      run.xmlHeaderDone = true;
      run.ctx.out(XML_HEADER);
    }
    run.ctx.out(`${formatXml(ct, type)}\n`);
    return;
  }
  run.ctx.out(`${formatDefault(ct, { layer3: (m & OUT.EXT) !== 0, id: (m & OUT.ID) !== 0 }, type)}\n`);
}

// ---- errors as err2str maps them --------------------------------------------------------------

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  EINVAL: "Invalid argument", EEXIST: "File exists", ENOENT: "No such file or directory", EBUSY: "Device or resource busy",
  EOPNOTSUPP: "Operation not supported", ENOMEM: "Cannot allocate memory", ETIME: "Timer expired", EPERM: "Operation not permitted",
  ENOSPC: "No space left on device",
};
type Errno = keyof typeof ERRNO_TEXT;

function err2str(err: Errno, command: number): string {
  const table: ReadonlyArray<readonly [number, Errno, string]> = [
    [CMD.LIST, "EOPNOTSUPP", "function not implemented"],
    [0xffff, "EINVAL", "invalid parameters"],
    [CMD.CREATE, "EEXIST", "Such conntrack exists, try -U to update"],
    [CMD.CREATE | CMD.GET | CMD.DELETE | CMD.ADD, "ENOENT", "such conntrack doesn't exist"],
    [CMD.CREATE | CMD.GET | CMD.ADD, "ENOMEM", "not enough memory"],
    [CMD.GET, "EOPNOTSUPP", "protocol not supported"],
    [CMD.CREATE | CMD.ADD, "ETIME", "conntrack has expired"],
    [CMD.EXP_CREATE, "ENOENT", "master conntrack not found"],
    [CMD.EXP_CREATE, "EINVAL", "invalid parameters"],
    [0xffffffff, "EPERM", "sorry, you must be root or get CAP_NET_ADMIN capability to do this"],
  ];
  for (const [act, e, msg] of table) if ((act & command) !== 0 && e === err) return msg;
  return ERRNO_TEXT[err] ?? err;
}

class NetlinkError extends Error {
  constructor(readonly errno: Errno) {
    super(errno);
  }
}

// ---- the kernel side (ctnetlink) -----------------------------------------------------------------

/** ctnetlink_parse_tuple's checks of a tuple the tool sends, and the model tuple it names. */
function kernelTuple(t: { l3?: number; src?: CtAddr; dst?: CtAddr; l4?: number; sport?: number; dport?: number; type?: number; code?: number; id?: number }, l4: number, family: number): {
  src: number; dst: number; proto: number; sport: number; dport: number;
} {
  // The message's nfgen_family is the family of every tuple (ctnetlink_parse_tuple_filter).
  if (family !== AF_INET && family !== AF_INET6) throw new NetlinkError("EOPNOTSUPP");
  if (family === AF_INET6) throw new NetlinkError("EOPNOTSUPP");
  const src = typeof t.src === "number" ? t.src : 0;
  const dst = typeof t.dst === "number" ? t.dst : 0;
  if (l4 === 1) {
    // icmp_nlattr_to_tuple: type, code and id are all needed, and the type must have a reply.
    const type = t.type ?? 0;
    if (icmpReplyType(type) === undefined) throw new NetlinkError("EINVAL");
    return { src, dst, proto: 1, sport: t.id ?? 0, dport: (type << 8) | (t.code ?? 0) };
  }
  if (l4 === 6 || l4 === 17 || l4 === 136 || l4 === 132 || l4 === 47) {
    if (t.sport === undefined || t.dport === undefined) throw new NetlinkError("EINVAL");
    return { src, dst, proto: l4, sport: t.sport, dport: t.dport };
  }
  // The generic tracker (and DCCP, which 6.18 no longer tracks) has no ports.
  return { src, dst, proto: l4, sport: 0, dport: 0 };
}

/** ctnetlink_create_conntrack for `-I`/`-A`: both tuples, timeout, status, NAT, state, mark, zone. */
function ctnetlinkCreate(run: Run, table: ConntrackTable, cmd: CtCmd, obj: CtObj, now: number): void {
  const l4 = obj.orig.l4 ?? 0;
  // nfct_nlmsg_build refuses an object without ATTR_ORIG_L3PROTO.
  if (obj.orig.l3 === undefined) throw new NetlinkError("EINVAL");
  if (obj.repl.src === undefined || obj.repl.dst === undefined || obj.orig.src === undefined || obj.orig.dst === undefined) throw new NetlinkError("EINVAL");
  if (l4 === 1 && (obj.orig.type === undefined || obj.orig.code === undefined)) throw new NetlinkError("EINVAL");
  const orig = kernelTuple(obj.orig, l4, cmd.family);
  const repl = kernelTuple({ ...obj.repl, id: obj.repl.id ?? obj.orig.id }, obj.repl.l4 ?? l4, cmd.family);
  // Directional zones: one direction alone, never with a zone for both.
  const zones = [obj.zone !== undefined, obj.orig.zone !== undefined, obj.repl.zone !== undefined].filter(Boolean).length;
  if (zones > 1) throw new NetlinkError("EINVAL");
  if (obj.timeout === undefined) throw new NetlinkError("EINVAL");
  const conn = table.alloc(orig, repl);
  conn.timeout = obj.timeout * 1e9;
  if (obj.zone !== undefined) conn.zone = obj.zone;
  else if (obj.orig.zone !== undefined) {
    conn.zone = obj.orig.zone;
    conn.zoneDir = 1;
  } else if (obj.repl.zone !== undefined) {
    conn.zone = obj.repl.zone;
    conn.zoneDir = 2;
  }
  if (obj.snatIp !== undefined || obj.dnatIp !== undefined || obj.snatPort !== undefined || obj.dnatPort !== undefined) {
    // ctnetlink_setup_nat: DNAT then SNAT, a null binding for the one not asked for.
    const rng = run.ctx.host.sim.rng.fork();
    for (const manip of ["dst", "src"] as const) {
      const ip = manip === "dst" ? obj.dnatIp : obj.snatIp;
      const port = manip === "dst" ? obj.dnatPort : obj.snatPort;
      if (ip === undefined && port === undefined) {
        natNullBinding(table, conn, manip, rng, now);
        continue;
      }
      const range: NatRange = { flags: 0, minAddr: 0, maxAddr: 0, minPort: 0, maxPort: 0 };
      if (typeof ip === "number") {
        range.flags |= NatRangeFlags.MAP_IPS;
        range.minAddr = range.maxAddr = ip;
      }
      if (port !== undefined) {
        range.flags |= NatRangeFlags.PROTO_SPECIFIED;
        range.minPort = range.maxPort = port;
      }
      natSetupInfo(table, conn, range, manip, rng, now);
    }
  }
  if (obj.status !== undefined) {
    // nf_ct_change_status_common: EXPECTED, CONFIRMED and DYING cannot be set from userspace.
    if (obj.status & (IPS.EXPECTED | IPS.CONFIRMED | IPS.DYING)) throw new NetlinkError("EBUSY");
    conn.status |= obj.status & ~0x3180;
  }
  if (l4 === 6 && obj.tcpState !== undefined) {
    if (obj.tcpState >= 10) throw new NetlinkError("EINVAL");
    conn.tcpState = obj.tcpState;
  }
  if (l4 === 132 && obj.sctpState !== undefined) conn.sctpState = obj.sctpState;
  if (obj.mark !== undefined) conn.mark = obj.mark >>> 0;
  if (!table.hashCheckInsert(conn, now)) throw new NetlinkError("EEXIST");
}

/** ctnetlink_change_conntrack for `-U`: NAT refused, then timeout, status, TCP state, mark. */
function ctnetlinkChange(conn: Conn, obj: CtObj, now: number): void {
  if (obj.snatIp !== undefined || obj.dnatIp !== undefined || obj.snatPort !== undefined || obj.dnatPort !== undefined) throw new NetlinkError("EOPNOTSUPP");
  if (obj.timeout !== undefined) conn.timeout = now + obj.timeout * 1e9;
  if (obj.status !== undefined) {
    const d = (conn.status ^ obj.status) >>> 0;
    if (d & (IPS.EXPECTED | IPS.CONFIRMED | IPS.DYING)) throw new NetlinkError("EBUSY");
    if (d & IPS.SEEN_REPLY && !(obj.status & IPS.SEEN_REPLY)) throw new NetlinkError("EBUSY");
    if (d & IPS.ASSURED && !(obj.status & IPS.ASSURED)) throw new NetlinkError("EBUSY");
    conn.status |= obj.status & ~0x3180;
  }
  if (obj.tcpState !== undefined && conn.tuple[0].proto === 6) {
    if (obj.tcpState >= 10) throw new NetlinkError("EINVAL");
    conn.tcpState = obj.tcpState;
  }
  if (obj.mark !== undefined) conn.mark = obj.mark >>> 0;
}

/** nf_conntrack_find_get by an original tuple, in a zone. */
function findConn(table: ConntrackTable, t: { src: number; dst: number; proto: number; sport: number; dport: number }, zone: number, now: number): Conn | undefined {
  const h = table.find(t, now);
  if (h === undefined || h.conn.zone !== zone) return undefined;
  return h.conn;
}

// ---- do_command_ct -----------------------------------------------------------------------------

/**
 * The references packets hold on each entry (skb->_nfct) while they wait in a neighbour's queue
 * for ARP: `use` counts them on top of the table's own (a socket's queue holds none: the
 * receive paths call nf_reset_ct).
 */
function queuedRefs(ns: Namespace): Map<Conn, number> {
  const refs = new Map<Conn, number>();
  for (const n of ns.neigh.dump()) {
    for (const skb of n.queue) {
      const c = skb.ct as Conn | null;
      if (c !== null) refs.set(c, (refs.get(c) ?? 0) + 1);
    }
  }
  return refs;
}

function doCommand(run: Run, cmd: CtCmd): void {
  const ctx = run.ctx;
  const nf = ctx.ns.netfilter;
  const table = nf.conntrack;
  const now = ctx.host.sim.now;
  const refs = queuedRefs(ctx.ns);
  const use = (c: Conn, base: number): number => base + (refs.get(c) ?? 0);
  const dump = (): CtObj[] => nf.connections().map((c) => connToObj(c, now, STARTUP_NS, use(c, 1)));
  const dumpConns = (): Array<{ c: Conn; o: CtObj }> => nf.connections().map((c) => ({ c, o: connToObj(c, now, STARTUP_NS, use(c, 1)) }));
  const fail = (e: Errno): never => {
    throw new OtherProblem(`Operation failed: ${err2str(e, cmd.command)}`);
  };
  const familyOk = (o: CtObj): boolean => cmd.family === 0 || o.orig.l3 === cmd.family;
  switch (cmd.command) {
    case CMD.LIST: {
      if (cmd.type === TABLE.DYING || cmd.type === TABLE.UNCONFIRMED) {
        // Entries are dying or unconfirmed only inside one packet's processing: never while a command runs.
        break;
      }
      if (cmd.options & CT_COMPARISON && cmd.options & O.ZERO) throw new ParamProblem("Can't use -z with filtering parameters");
      filterInit(cmd);
      const fs = cmd.filterStatus;
      // ctnetlink_alloc_filter: a status filter needs a mask.
      if (fs !== null && fs.mask === 0) fail("EINVAL");
      for (const o of dump()) {
        if (!familyOk(o)) continue;
        if (cmd.filterMark !== null && ((o.mark! & cmd.filterMark.mask) >>> 0) !== cmd.filterMark.val >>> 0) continue;
        if (fs !== null && ((o.status! & fs.mask) >>> 0) !== fs.val >>> 0) continue;
        if (nfctFilter(cmd, o)) continue;
        printFlow(run, o, undefined, "-A", true);
        run.counter++;
      }
      if (run.xmlHeaderDone) {
        ctx.out("</conntrack>\n");
        run.xmlHeaderDone = false;
      }
      break;
    }
    case CMD.EXP_LIST:
    case CMD.EXP_GET:
      // No helper creates expectations: the table is empty.
      if (cmd.command === CMD.EXP_GET) fail("ENOENT");
      break;
    case CMD.CREATE:
    case CMD.ADD: {
      const obj = cmd.tmpl;
      if (cmd.options & OPT_ORIG && !(cmd.options & OPT_REPL)) setupReply(obj);
      else if (!(cmd.options & OPT_ORIG) && cmd.options & OPT_REPL) setupOriginal(obj);
      if (cmd.options & O.MARK) obj.mark = cmd.mark.value;
      try {
        ctnetlinkCreate(run, table, cmd, obj, now);
        run.counter++;
      } catch (e) {
        if (!(e instanceof NetlinkError)) throw e;
        if (e.errno === "EEXIST" && cmd.command === CMD.ADD) break;
        fail(e.errno);
      }
      break;
    }
    case CMD.EXP_CREATE: {
      // ctnetlink_create_expect: the master must exist, and without a helper it cannot expect.
      if (cmd.family !== AF_INET) fail("EOPNOTSUPP");
      let t;
      try {
        t = kernelTuple(cmd.tmpl.orig, cmd.tmpl.orig.l4 ?? 0, cmd.family);
      } catch (e) {
        if (e instanceof NetlinkError) fail(e.errno);
        throw e;
      }
      if (findConn(table, t, cmd.tmpl.zone ?? 0, now) === undefined) fail("ENOENT");
      fail("EOPNOTSUPP");
      break;
    }
    case CMD.UPDATE:
      filterInit(cmd);
      doUpdate(run, cmd, table, now);
      break;
    case CMD.DELETE: {
      filterInit(cmd);
      for (const { c, o } of dumpConns()) {
        if (!familyOk(o)) continue;
        if (cmd.filterMark !== null && ((o.mark! & cmd.filterMark.mask) >>> 0) !== cmd.filterMark.val >>> 0) continue;
        if (nfctFilter(cmd, o)) continue;
        table.remove(c);
        printFlow(run, o, undefined, "-D", false);
        run.counter++;
      }
      break;
    }
    case CMD.EXP_DELETE:
      fail("ENOENT");
      break;
    case CMD.GET: {
      const obj = cmd.tmpl;
      if (obj.orig.l3 === undefined) fail("EINVAL");
      let conn: Conn | undefined;
      try {
        const t = kernelTuple(obj.orig, obj.orig.l4 ?? 0, cmd.family);
        conn = findConn(table, t, obj.zone ?? 0, now);
      } catch (e) {
        if (e instanceof NetlinkError) fail(e.errno);
        throw e;
      }
      if (conn === undefined) fail("ENOENT");
      // The reply holds a reference while it is filled: use=2.
      const o = connToObj(conn!, now, STARTUP_NS, use(conn!, 2));
      if (nfctFilter(cmd, o)) break;
      printFlow(run, o, undefined, "-A", true);
      run.counter++;
      break;
    }
    case CMD.FLUSH:
      if (cmd.family === 0 || cmd.family === AF_INET) table.flush();
      ctx.err(`${PROG}: connection tracking table has been emptied.\n`);
      break;
    case CMD.EXP_FLUSH:
      ctx.err(`${PROG}: expectation table has been emptied.\n`);
      break;
    case CMD.EVENT:
    case CMD.EXP_EVENT:
      throw new OtherProblem("Operation failed: -E (event listening) waits for events until it is killed; pktsim does not run it");
    case CMD.COUNT:
      ctx.out(`${nf.connections().length}\n`);
      break;
    case CMD.EXP_COUNT:
      ctx.out("0\n");
      break;
    case CMD.STATS: {
      const s = table.stats;
      const line = (v: typeof s): string =>
        `found=${v.found} invalid=${v.invalid} insert=${v.insert} insert_failed=${v.insertFailed} drop=${v.drop} early_drop=${v.earlyDrop} ` +
        `error=${v.error} search_restart=${v.searchRestart} clash_resolve=${v.clashResolve} chaintoolong=${v.chainTooLong} `;
      const zero = { found: 0, invalid: 0, insert: 0, insertFailed: 0, drop: 0, earlyDrop: 0, error: 0, searchRestart: 0, clashResolve: 0, chainTooLong: 0 };
      ctx.out(`cpu=0   \t${line(s)}\ncpu=1   \t${line(zero)}\n`);
      break;
    }
    case CMD.EXP_STATS:
      ctx.out("cpu=0   \texpect_new=0 expect_create=0 expect_delete=0 \ncpu=1   \texpect_new=0 expect_create=0 expect_delete=0 \n");
      break;
    case CMD.VERSION:
      ctx.out(`${PROG}\n`);
      break;
    case CMD.HELP:
      ctx.out(USAGE);
      if (cmd.options & O.PROTO && cmd.h !== null) {
        const name = cmd.h === UNKNOWN_PROTO ? (protocolName(cmd.protonum) ?? "unknown") : cmd.h.name;
        ctx.out(`Proto \`${name}' help:\n${cmd.h.help}`);
      }
      break;
    default:
      ctx.out(USAGE);
  }
}

/** NFCT_SOPT_SETUP_REPLY: the reply tuple as the inverse of the original. */
function setupReply(o: CtObj): void {
  o.repl.l3 = o.orig.l3;
  o.repl.l4 = o.orig.l4;
  o.repl.src = o.orig.dst;
  o.repl.dst = o.orig.src;
  if (o.orig.l4 !== 1 && o.orig.l4 !== 58) {
    o.repl.sport = o.orig.dport;
    o.repl.dport = o.orig.sport;
  }
}
/** NFCT_SOPT_SETUP_ORIGINAL: the original tuple as the inverse of the reply. */
function setupOriginal(o: CtObj): void {
  o.orig.l3 = o.repl.l3;
  o.orig.l4 = o.repl.l4;
  o.orig.src = o.repl.dst;
  o.orig.dst = o.repl.src;
  if (o.repl.l4 !== 1 && o.repl.l4 !== 58) {
    o.orig.sport = o.repl.dport;
    o.orig.dport = o.repl.sport;
  }
}

/**
 * CT_UPDATE (mnl_nfct_update_cb): for each entry that passes the filters and differs from what is
 * asked, an update request and a get that prints the result. The get's ACK stays unread in the
 * socket, so every later request reads the answer meant for the one before it: only the first
 * updated entry is printed, and a later entry's error surfaces one request late.
 */
function doUpdate(run: Run, cmd: CtCmd, table: ConntrackTable, now: number): void {
  const obj = cmd.tmpl;
  let sent = 0;
  for (const c of run.ctx.ns.netfilter.connections()) {
    const ct = connToObj(c, now, STARTUP_NS, 1);
    if (cmd.family !== 0 && ct.orig.l3 !== cmd.family) continue;
    if (filterNat(cmd, ct) || filterNetwork(cmd, ct)) continue;
    if (obj.id !== undefined && obj.id !== ct.id) continue;
    if (cmd.options & OPT_TUPLE_ORIG && !cmpDir(obj, ct, "orig")) continue;
    if (cmd.options & OPT_TUPLE_REPL && !cmpDir(obj, ct, "repl")) continue;
    // tmp: the entry's original tuple, the template's other attributes, mark and status merged.
    const tmp: CtObj = { orig: { ...ct.orig, zone: obj.orig.zone }, repl: {} };
    for (const k of ["tcpState", "sctpState", "dccpState", "timeout", "status", "zone", "id", "snatIp", "dnatIp", "snatPort", "dnatPort"] as const) {
      if (obj[k] !== undefined) (tmp as unknown as Record<string, unknown>)[k] = obj[k];
    }
    const m = run.curMark ?? cmd.mark;
    if (cmd.options & O.MARK) tmp.mark = (((ct.mark ?? 0) & ~m.mask) ^ m.value) >>> 0;
    if (cmd.options & O.STATUS) tmp.status = ((ct.status ?? 0) | (tmp.status ?? 0)) >>> 0;
    if (cmpAllMask(tmp, ct)) continue;
    const first = sent === 0;
    sent++;
    let conn: Conn | undefined;
    let err: Errno | undefined;
    try {
      const t = kernelTuple(tmp.orig, tmp.orig.l4 ?? 0, cmd.family);
      conn = findConn(table, t, tmp.zone ?? 0, now);
      if (conn === undefined) err = "ENOENT";
      else ctnetlinkChange(conn, tmp, now);
    } catch (e) {
      if (!(e instanceof NetlinkError)) throw e;
      err = e.errno;
    }
    if (first) {
      if (err !== undefined) run.ctx.err(`Operation failed: ${err2str(err, CMD.UPDATE)}\n`);
      // The get after it: a family the kernel refuses fails again; a vanished entry is skipped.
      if (err === "EOPNOTSUPP" && (cmd.family !== AF_INET)) throw new OtherProblem(`Operation failed: ${err2str("EOPNOTSUPP", cmd.command)}`);
      if (conn === undefined) continue;
      // The get follows the update at once: a timeout it just set shows whole.
      printFlow(run, connToObj(conn, now, tmp.timeout !== undefined ? 0 : STARTUP_NS, 2), undefined, "-A", true);
      run.counter++;
      continue;
    }
    // Later entries: the get reads the update's ACK (nothing printed), or its error.
    if (err === "ENOENT") continue;
    if (err !== undefined) throw new OtherProblem(`Operation failed: ${err2str(err, CMD.UPDATE)}`);
    run.counter++;
  }
}

// ---- main ------------------------------------------------------------------------------------

/** A conntrack-tools `-R` line: add_param_to_argv's word splitting with "…" quotes. */
function splitFileLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let have = false;
  let quote = false;
  let esc = false;
  for (const c of line) {
    if (quote) {
      if (esc) {
        cur += c;
        esc = false;
      } else if (c === "\\") esc = true;
      else if (c === '"') quote = false;
      else cur += c;
      continue;
    }
    if (c === '"') {
      quote = true;
      have = true;
      continue;
    }
    if (c === " " || c === "\t" || c === "\n") {
      if (cur !== "" || have) out.push(cur);
      cur = "";
      have = false;
      continue;
    }
    cur += c;
  }
  if (cur !== "") out.push(cur);
  return out;
}

export function conntrack(ctx: CommandContext): number {
  const run: Run = { ctx, outputMask: 0, counter: 0, curMark: null, labelmapTried: false, xmlHeaderDone: false };
  const argv = ctx.argv;
  try {
    if (argv.length > 2 && (argv[1] === "-R" || argv[1] === "--load-file")) {
      const name = argv[2]!;
      const text = name === "-" ? ctx.stdin : ctx.readFile(name === "/dev/stdin" ? "-" : name);
      if (text === undefined) throw new ParamProblem(`Failed to open file ${name} for reading`);
      const cmds: CtCmd[] = [];
      for (const raw of text.split("\n")) {
        const line = raw.replace(/^[ \t]+/, "");
        if (line === "" || line.startsWith("#")) continue;
        cmds.push(parseCommandLine(run, [argv[0]!, ...splitFileLine(line)]));
      }
      const allowed = CMD.CREATE | CMD.ADD | CMD.UPDATE | CMD.DELETE | CMD.FLUSH;
      const names: ReadonlyArray<readonly [number, string]> = [
        [CMD.LIST, "-L"], [CMD.GET, "-G"], [CMD.EVENT, "-E"], [CMD.VERSION, "-V"], [CMD.HELP, "-h"], [CMD.EXP_LIST, "-L expect"],
        [CMD.EXP_CREATE, "-C expect"], [CMD.EXP_DELETE, "-D expect"], [CMD.EXP_GET, "-G expect"], [CMD.EXP_FLUSH, "-F expect"],
        [CMD.EXP_EVENT, "-E expect"], [CMD.COUNT, "-C"], [CMD.EXP_COUNT, "-C expect"], [CMD.STATS, "-S"], [CMD.EXP_STATS, "-S expect"],
      ];
      for (const c of cmds) {
        if (!(c.command & allowed)) {
          throw new ParamProblem(`Cannot use command \`${names.find(([n]) => n === c.command)?.[1] ?? "unknown"}' with --load-file`);
        }
      }
      for (const c of cmds) doCommand(run, c);
      return 0;
    }
    const cmd = parseCommandLine(run, argv);
    doCommand(run, cmd);
    const msg = cmd.command !== 0 ? EXIT_MSG[cmd.cmd] : undefined;
    if (msg !== undefined) {
      ctx.err(`${PROG}: ${msg.replace("%d", String(run.counter))}\n`);
      if (run.counter === 0 && !(cmd.command & (CMD.LIST | CMD.EXP_LIST | CMD.ADD))) return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof ParamProblem) {
      ctx.err(`${PROG}: ${e.message}\n${TRY_HELP}`);
      return 2;
    }
    if (e instanceof OtherProblem) {
      ctx.err(`${PROG}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** For tests: the id `-o id` prints for an entry. */
export { conntrackId };
/** For tests and other tools: an IPv4 address as conntrack prints it. */
export const ctAddr = (a: number): string => formatIpv4(a);
