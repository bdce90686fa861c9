/**
 * conntrack's protocol extensions (conntrack-tools 1.4.7 extensions/libct_proto_*.c): the long
 * options `-p NAME` adds to the option table, what they set in the template object, their
 * legal-combinations table per command, `-h -p NAME` help and the `-o save` print options.
 */
import { type CtObj, CtCmdBit, ParamProblem } from "./conntrack-obj";

export interface ProtoOption {
  readonly name: string;
  /** The value getopt_long returns (before the merge offset). */
  readonly val: number;
}

export interface ProtoHandler {
  readonly name: string;
  readonly protonum: number;
  readonly opts: readonly ProtoOption[];
  /** `--NAME` of each flag bit, for generic_opt_check's messages. */
  readonly optflags: readonly string[];
  /** commands_v_options rows by command bit (absent rows: every option illegal). */
  readonly table: Readonly<Partial<Record<number, readonly number[]>>>;
  /** Coupled flags (orig ports, reply ports) and the messages of a partial match. */
  readonly coupled?: { readonly flags: readonly [number, number]; readonly messages: readonly [string, string] };
  /** parse_opts: sets the template, returns the flag bit. */
  parse(val: number, arg: string, ct: CtObj): number;
  /** The `-o save` options after `-p NAME` (ct_print_opts). */
  readonly save: readonly SaveOpt[];
  readonly help: string;
  /** Extra final_check work (tcp: none visible; unknown: completes the reply protocol). */
  readonly finalExtra?: (ct: CtObj) => void;
}

export interface SaveOpt {
  readonly name: string;
  readonly get: (ct: CtObj) => number | undefined;
  /** Value names (tcp/sctp/dccp states, dccp roles). */
  readonly names?: readonly (string | undefined)[];
}

/** atoi: leading blanks, an optional sign, digits; 0 when none. */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (m === null) return 0;
  const v = Number.parseInt(m[1]!, 10);
  return Number.isFinite(v) ? v | 0 : 0;
}

/** strtoul(text, NULL, 0): decimal, 0-octal or 0x-hex prefix, modulo 2^32 like the unsigned long's low half. */
export function strtoul0(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(text);
  if (m === null) return 0;
  const body = m[2]!;
  let v: bigint;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (body.length > 1 && body.startsWith("0")) v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  if (m[1] === "-") v = -v;
  return Number(BigInt.asUintN(32, v));
}

const port16 = (arg: string): number => atoi(arg) & 0xffff;

export const TCP_STATES: readonly string[] = ["NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2"];
export const SCTP_STATES: readonly string[] = [
  "NONE", "CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "ESTABLISHED", "SHUTDOWN_SENT", "SHUTDOWN_RECD", "SHUTDOWN_ACK_SENT", "HEARTBEAT_SENT",
];
const SCTP_OPT_STATES = SCTP_STATES.slice(0, 8);
const DCCP_STATES: readonly string[] = ["NONE", "REQUEST", "RESPOND", "PARTOPEN", "OPEN", "CLOSEREQ", "CLOSING", "TIMEWAIT", "IGNORE", "INVALID"];
const DCCP_ROLES: readonly string[] = ["client", "server"];

/** The port-style options shared by tcp, udp, udplite, sctp and dccp (flag bits 0–5). */
function portParse(proto: number, val: number, arg: string, ct: CtObj): number {
  switch (val) {
    case 1:
      ct.orig.sport = port16(arg);
      ct.orig.l4 = proto;
      return 1 << 0;
    case 2:
      ct.orig.dport = port16(arg);
      ct.orig.l4 = proto;
      return 1 << 1;
    case 3:
      ct.repl.sport = port16(arg);
      ct.repl.l4 = proto;
      return 1 << 2;
    case 4:
      ct.repl.dport = port16(arg);
      ct.repl.l4 = proto;
      return 1 << 3;
    case 5:
      // --mask-port-src sets the mask object only: no command accepts it.
      return 1 << 4;
    case 6:
      return 1 << 5;
    default:
      return 0;
  }
}

const PORT_SAVE: readonly SaveOpt[] = [
  { name: "--sport", get: (c) => c.orig.sport },
  { name: "--dport", get: (c) => c.orig.dport },
  { name: "--reply-port-src", get: (c) => c.repl.sport },
  { name: "--reply-port-dst", get: (c) => c.repl.dport },
];

const PORT_HELP =
  "  --orig-port-src\t\toriginal source port\n" +
  "  --orig-port-dst\t\toriginal destination port\n" +
  "  --reply-port-src\t\treply source port\n" +
  "  --reply-port-dst\t\treply destination port\n" +
  "  --mask-port-src\t\tmask source port\n" +
  "  --mask-port-dst\t\tmask destination port\n" +
  "  --tuple-port-src\t\texpectation tuple src port\n" +
  "  --tuple-port-src\t\texpectation tuple dst port\n";

const c = (ch: string): number => ch.charCodeAt(0);
const B = CtCmdBit;

const tcp: ProtoHandler = {
  name: "tcp",
  protonum: 6,
  opts: [
    { name: "orig-port-src", val: c("1") }, { name: "sport", val: c("1") }, { name: "orig-port-dst", val: c("2") }, { name: "dport", val: c("2") },
    { name: "reply-port-src", val: c("3") }, { name: "reply-port-dst", val: c("4") }, { name: "mask-port-src", val: c("5") },
    { name: "mask-port-dst", val: c("6") }, { name: "state", val: c("7") }, { name: "tuple-port-src", val: c("8") }, { name: "tuple-port-dst", val: c("9") },
  ],
  optflags: ["sport", "dport", "reply-port-src", "reply-port-dst", "mask-port-src", "mask-port-dst", "state", "tuple-port-src", "tuple-port-dst"],
  table: {
    [B.LIST]: [2, 2, 2, 2, 0, 0, 2, 0, 0], [B.CREATE]: [3, 3, 3, 3, 0, 0, 1, 0, 0], [B.UPDATE]: [2, 2, 2, 2, 0, 0, 2, 0, 0],
    [B.DELETE]: [2, 2, 2, 2, 0, 0, 2, 0, 0], [B.GET]: [3, 3, 3, 3, 0, 0, 2, 0, 0], [B.EVENT]: [2, 2, 2, 2, 0, 0, 2, 0, 0],
    [B.EXP_CREATE]: [1, 1, 0, 0, 1, 1, 0, 1, 1], [B.EXP_DELETE]: [1, 1, 1, 1, 0, 0, 0, 0, 0], [B.EXP_GET]: [1, 1, 1, 1, 0, 0, 0, 0, 0],
    [B.ADD]: [3, 3, 3, 3, 0, 0, 1, 0, 0],
  },
  coupled: { flags: [0x3, 0xc], messages: ["you have to specify `--sport' and `--dport'", "you have to specify `--reply-src-port' and `--reply-dst-port'"] },
  parse(val, arg, ct) {
    const v = val - 48;
    if (v === 7) {
      let i = TCP_STATES.indexOf(arg);
      // "For backward compatibility with Linux kernel < 2.6.31": LISTEN is SYN_SENT2.
      if (arg === "LISTEN") i = 9;
      if (i < 0) throw new ParamProblem(`unknown TCP state \`${arg}'`);
      ct.tcpState = i;
      return 1 << 6;
    }
    if (v === 8) return 1 << 7;
    if (v === 9) return 1 << 8;
    return portParse(6, v, arg, ct);
  },
  save: [...PORT_SAVE, { name: "--state", get: (ct) => ct.tcpState, names: TCP_STATES }],
  help: `${PORT_HELP}  --state\t\t\tTCP state, fe. ESTABLISHED\n`,
};

function udpLike(name: string, protonum: number, opts: readonly ProtoOption[]): ProtoHandler {
  return {
    name,
    protonum,
    opts,
    optflags: ["sport", "dport", "reply-port-src", "reply-port-dst", "mask-port-src", "mask-port-dst", "tuple-port-src", "tuple-port-dst"],
    table: {
      [B.LIST]: [2, 2, 2, 2, 0, 0, 0, 0], [B.CREATE]: [3, 3, 3, 3, 0, 0, 0, 0], [B.UPDATE]: [2, 2, 2, 2, 0, 0, 0, 0],
      [B.DELETE]: [2, 2, 2, 2, 0, 0, 0, 0], [B.GET]: [3, 3, 3, 3, 0, 0, 0, 0], [B.EVENT]: [2, 2, 2, 2, 0, 0, 0, 0],
      [B.EXP_CREATE]: [1, 1, 0, 0, 1, 1, 1, 1], [B.EXP_DELETE]: [1, 1, 1, 1, 0, 0, 0, 0], [B.EXP_GET]: [1, 1, 1, 1, 0, 0, 0, 0],
      [B.ADD]: [3, 3, 3, 3, 0, 0, 0, 0],
    },
    coupled: { flags: [0x3, 0xc], messages: ["you have to specify `--sport' and `--dport'", "you have to specify `--reply-src-port' and `--reply-dst-port'"] },
    parse(val, arg, ct) {
      const v = val - 48;
      if (v === 7) return 1 << 6;
      if (v === 8) return 1 << 7;
      return portParse(protonum, v, arg, ct);
    },
    save: PORT_SAVE,
    help: PORT_HELP,
  };
}

const udp = udpLike("udp", 17, [
  { name: "orig-port-src", val: c("1") }, { name: "sport", val: c("1") }, { name: "orig-port-dst", val: c("2") }, { name: "dport", val: c("2") },
  { name: "reply-port-src", val: c("3") }, { name: "reply-port-dst", val: c("4") }, { name: "mask-port-src", val: c("5") },
  { name: "mask-port-dst", val: c("6") }, { name: "tuple-port-src", val: c("7") }, { name: "tuple-port-dst", val: c("8") },
]);
const udplite = udpLike("udplite", 136, [
  { name: "orig-port-src", val: c("1") }, { name: "orig-port-dst", val: c("2") }, { name: "reply-port-src", val: c("3") },
  { name: "reply-port-dst", val: c("4") }, { name: "mask-port-src", val: c("5") }, { name: "mask-port-dst", val: c("6") },
  { name: "tuple-port-src", val: c("7") }, { name: "tuple-port-dst", val: c("8") }, { name: "sport", val: c("1") }, { name: "dport", val: c("2") },
]);

const sctp: ProtoHandler = {
  name: "sctp",
  protonum: 132,
  opts: [
    { name: "orig-port-src", val: 1 }, { name: "orig-port-dst", val: 2 }, { name: "reply-port-src", val: 3 }, { name: "reply-port-dst", val: 4 },
    { name: "mask-port-src", val: 5 }, { name: "mask-port-dst", val: 6 }, { name: "state", val: 7 }, { name: "tuple-port-src", val: 8 },
    { name: "tuple-port-dst", val: 9 }, { name: "orig-vtag", val: 10 }, { name: "reply-vtag", val: 11 }, { name: "sport", val: 1 }, { name: "dport", val: 2 },
  ],
  optflags: ["sport", "dport", "reply-port-src", "reply-port-dst", "mask-port-src", "mask-port-dst", "state", "tuple-port-src", "tuple-port-dst", "orig-vtag", "reply-vtag"],
  table: {
    [B.LIST]: [2, 2, 2, 2, 0, 0, 2, 0, 0, 0, 0], [B.CREATE]: [3, 3, 3, 3, 0, 0, 1, 0, 0, 1, 1], [B.UPDATE]: [2, 2, 2, 2, 0, 0, 2, 0, 0, 2, 2],
    [B.DELETE]: [2, 2, 2, 2, 0, 0, 2, 0, 0, 0, 0], [B.GET]: [3, 3, 3, 3, 0, 0, 2, 0, 0, 2, 2], [B.EVENT]: [2, 2, 2, 2, 0, 0, 2, 0, 0, 0, 0],
    [B.EXP_CREATE]: [1, 1, 0, 0, 1, 1, 0, 1, 1, 1, 1], [B.EXP_DELETE]: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], [B.EXP_GET]: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
    [B.ADD]: [3, 3, 3, 3, 0, 0, 1, 0, 0, 1, 1],
  },
  coupled: { flags: [0x3, 0xc], messages: ["you have to specify `--sport' and `--dport'", "you have to specify `--reply-src-port' and `--reply-dst-port'"] },
  parse(val, arg, ct) {
    if (val === 7) {
      const i = SCTP_OPT_STATES.indexOf(arg);
      if (i < 0) throw new ParamProblem(`unknown SCTP state \`${arg}'`);
      ct.sctpState = i;
      return 1 << 6;
    }
    if (val === 8) return 1 << 7;
    if (val === 9) return 1 << 8;
    if (val === 10) {
      ct.sctpVtagOrig = atoi(arg) >>> 0;
      return 1 << 9;
    }
    if (val === 11) {
      ct.sctpVtagRepl = atoi(arg) >>> 0;
      return 1 << 10;
    }
    return portParse(132, val, arg, ct);
  },
  save: [
    ...PORT_SAVE,
    { name: "--state", get: (ct) => ct.sctpState, names: SCTP_OPT_STATES },
    { name: "--orig-vtag", get: (ct) => ct.sctpVtagOrig },
    { name: "--reply-vtag", get: (ct) => ct.sctpVtagRepl },
  ],
  help: `${PORT_HELP}  --state\t\t\tSCTP state, fe. ESTABLISHED\n  --orig-vtag\t\toriginal verification tag\n  --reply-vtag\t\treply verification tag\n`,
};

const dccp: ProtoHandler = {
  name: "dccp",
  protonum: 33,
  opts: [
    { name: "orig-port-src", val: 1 }, { name: "orig-port-dst", val: 2 }, { name: "reply-port-src", val: 3 }, { name: "reply-port-dst", val: 4 },
    { name: "mask-port-src", val: 5 }, { name: "mask-port-dst", val: 6 }, { name: "state", val: 7 }, { name: "tuple-port-src", val: 8 },
    { name: "tuple-port-dst", val: 9 }, { name: "sport", val: 1 }, { name: "dport", val: 2 }, { name: "role", val: 10 },
  ],
  optflags: ["sport", "dport", "reply-port-src", "reply-port-dst", "mask-port-src", "mask-port-dst", "state", "tuple-port-src", "tuple-port-dst", "role"],
  table: {
    [B.LIST]: [2, 2, 2, 2, 0, 0, 2, 0, 0, 0], [B.CREATE]: [3, 3, 3, 3, 0, 0, 1, 0, 0, 1], [B.UPDATE]: [2, 2, 2, 2, 0, 0, 2, 0, 0, 0],
    [B.DELETE]: [2, 2, 2, 2, 0, 0, 2, 0, 0, 0], [B.GET]: [3, 3, 3, 3, 0, 0, 2, 0, 0, 0], [B.EVENT]: [2, 2, 2, 2, 0, 0, 2, 0, 0, 0],
    [B.EXP_CREATE]: [1, 1, 0, 0, 1, 1, 0, 1, 1, 1], [B.EXP_DELETE]: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0], [B.EXP_GET]: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
    [B.ADD]: [3, 3, 3, 3, 0, 0, 1, 0, 0, 1],
  },
  coupled: { flags: [0x3, 0xc], messages: ["you have to specify `--sport' and `--dport'", "you have to specify `--reply-port-src' and `--report-port-dst'"] },
  parse(val, arg, ct) {
    if (val === 7) {
      const i = DCCP_STATES.indexOf(arg);
      if (i < 0) throw new ParamProblem(`Unknown DCCP state \`${arg}'`);
      ct.dccpState = i;
      return 1 << 6;
    }
    if (val === 8) return 1 << 7;
    if (val === 9) return 1 << 8;
    if (val === 10) {
      const lower = arg.toLowerCase();
      if ("client".startsWith(lower)) ct.dccpRole = 0;
      else if ("server".startsWith(lower)) ct.dccpRole = 1;
      else throw new ParamProblem(`Unknown DCCP role \`${arg}'`);
      return 1 << 9;
    }
    return portParse(33, val, arg, ct);
  },
  save: [...PORT_SAVE, { name: "--state", get: (ct) => ct.dccpState, names: DCCP_STATES }, { name: "--role", get: (ct) => ct.dccpRole, names: DCCP_ROLES }],
  help: `${PORT_HELP}  --state\t\t\tDCCP state, fe. RESPOND\n`,
};

/** The reply type of an ICMP request (libnetfilter_conntrack's invmap_icmp), undefined if none. */
export function icmpReplyType(type: number): number | undefined {
  return ({ 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 } as Record<number, number>)[type];
}
function icmpv6ReplyType(type: number): number | undefined {
  return ({ 128: 129, 129: 128, 139: 140, 140: 139 } as Record<number, number>)[type];
}

function icmpLike(name: string, protonum: number, prefix: string, replyType: (t: number) => number | undefined, family: number): ProtoHandler {
  return {
    name,
    protonum,
    opts: [{ name: `${prefix}-type`, val: c("1") }, { name: `${prefix}-code`, val: c("2") }, { name: `${prefix}-id`, val: c("3") }],
    optflags: [`${prefix}-type`, `${prefix}-code`, `${prefix}-id`],
    table: {
      [B.LIST]: [2, 2, 2], [B.CREATE]: [1, 1, 2], [B.UPDATE]: [2, 2, 2], [B.DELETE]: [2, 2, 2], [B.GET]: [1, 1, 2], [B.EVENT]: [2, 2, 2], [B.ADD]: [1, 1, 2],
    },
    parse(val, arg, ct) {
      const v = val - 48;
      ct.orig.l4 = protonum;
      if (ct.repl.l3 !== undefined) ct.repl.l4 = protonum;
      if (v === 1) {
        const type = atoi(arg) & 0xff;
        ct.orig.type = type;
        // set_attr_icmp_type: the reply type by the family known so far (255 fails with EINVAL).
        const r = ct.orig.l3 === family ? replyType(type) : undefined;
        ct.repl.type = r ?? 255;
        return 1;
      }
      if (v === 2) {
        ct.orig.code = ct.repl.code = atoi(arg) & 0xff;
        return 2;
      }
      if (v === 3) {
        ct.orig.id = ct.repl.id = atoi(arg) & 0xffff;
        return 4;
      }
      return 0;
    },
    save: [
      { name: `--${prefix}-type`, get: (ct) => ct.orig.type },
      { name: `--${prefix}-code`, get: (ct) => ct.orig.code },
      { name: `--${prefix}-id`, get: (ct) => ct.orig.id },
    ],
    help: `  --${prefix}-type\t\t\t${prefix} type\n  --${prefix}-code\t\t\t${prefix} code\n  --${prefix}-id\t\t\t${prefix} id\n`,
  };
}

const icmp = icmpLike("icmp", 1, "icmp", icmpReplyType, 2);
const icmpv6 = icmpLike("icmpv6", 58, "icmpv6", icmpv6ReplyType, 10);

const gre: ProtoHandler = {
  name: "gre",
  protonum: 47,
  opts: [
    { name: "orig-key-src", val: c("1") }, { name: "srckey", val: c("1") }, { name: "orig-key-dst", val: c("2") }, { name: "dstkey", val: c("2") },
    { name: "reply-key-src", val: c("3") }, { name: "reply-key-dst", val: c("4") }, { name: "mask-key-src", val: c("5") },
    { name: "mask-key-dst", val: c("6") }, { name: "tuple-key-src", val: c("7") }, { name: "tuple-key-dst", val: c("8") },
  ],
  optflags: ["srckey", "dstkey", "reply-key-src", "reply-key-dst", "mask-key-src", "mask-key-dst", "tuple-key-src", "tuple-key-dst"],
  table: {
    [B.LIST]: [2, 2, 2, 2, 0, 0, 0, 0], [B.CREATE]: [3, 3, 3, 3, 0, 0, 0, 0], [B.UPDATE]: [2, 2, 2, 2, 0, 0, 0, 0],
    [B.DELETE]: [2, 2, 2, 2, 0, 0, 0, 0], [B.GET]: [3, 3, 3, 3, 0, 0, 0, 0], [B.EVENT]: [2, 2, 2, 2, 0, 0, 0, 0],
    [B.EXP_CREATE]: [1, 1, 1, 1, 1, 1, 1, 1], [B.EXP_DELETE]: [1, 1, 1, 1, 0, 0, 0, 0], [B.EXP_GET]: [1, 1, 1, 1, 0, 0, 0, 0],
    [B.ADD]: [3, 3, 3, 3, 0, 0, 0, 0],
  },
  coupled: { flags: [0x3, 0xc], messages: ["you have to specify `--srckey' and `--dstkey'", "you have to specify `--reply-src-key' and `--reply-dst-key'"] },
  parse(val, arg, ct) {
    const v = val - 48;
    const key = strtoul0(arg) & 0xffff;
    switch (v) {
      case 1:
        ct.orig.sport = key;
        ct.orig.l4 = 47;
        return 1;
      case 2:
        ct.orig.dport = key;
        ct.orig.l4 = 47;
        return 2;
      case 3:
        ct.repl.sport = key;
        ct.repl.l4 = 47;
        return 4;
      case 4:
        ct.repl.dport = key;
        ct.repl.l4 = 47;
        return 8;
      default:
        return v >= 5 && v <= 8 ? 1 << (v - 1) : 0;
    }
  },
  save: [
    { name: "--srckey", get: (ct) => ct.orig.sport },
    { name: "--dstkey", get: (ct) => ct.orig.dport },
    { name: "--reply-key-src", get: (ct) => ct.repl.sport },
    { name: "--reply-key-dst", get: (ct) => ct.repl.dport },
  ],
  help:
    "  --orig-key-src\t\toriginal source key\n  --orig-key-dst\t\toriginal destination key\n  --reply-key-src\t\treply source key\n" +
    "  --reply-key-dst\t\treply destination key\n  --mask-key-src\t\tmask source key\n  --mask-key-dst\t\tmask destination key\n" +
    "  --tuple-key-src\t\texpectation tuple src key\n  --tuple-key-src\t\texpectation tuple dst key\n",
};

/** ct_proto_unknown: no options; final_check completes the reply protocol when a reply tuple was given. */
export const UNKNOWN_PROTO: ProtoHandler = {
  name: "unknown",
  protonum: 0,
  opts: [],
  optflags: [],
  table: {},
  parse: () => 0,
  save: [],
  help: "  no options (unsupported)\n",
  finalExtra(ct) {
    if (ct.repl.l3 !== undefined && ct.orig.l4 !== undefined && ct.repl.l4 === undefined) ct.repl.l4 = ct.orig.l4;
  },
};

/** The registered handlers in list order (register_proto adds at the head: the last registered first). */
export const PROTO_HANDLERS: readonly ProtoHandler[] = [gre, icmpv6, icmp, dccp, sctp, udplite, udp, tcp];

/** Protocols with ports in libnetfilter_conntrack's printers. */
export function hasPortsPrint(proto: number): boolean {
  return proto === 6 || proto === 17 || proto === 136 || proto === 132 || proto === 33;
}
