/**
 * iproute2's name tables and address parsing for routes and rules (lib/rt_names.c,
 * ip/rtm_map.c, lib/utils.c get_addr/get_prefix/get_u32), with the contents of Debian 12's
 * /etc/iproute2 files (rt_protos, rt_scopes, rt_tables, rt_dsfield).
 */
import { type CommandContext, Exit } from "../../command";

/** /etc/iproute2/rt_protos (Debian 12). */
const PROTO_NAMES: ReadonlyMap<number, string> = new Map([
  [0, "unspec"],
  [1, "redirect"],
  [2, "kernel"],
  [3, "boot"],
  [4, "static"],
  [8, "gated"],
  [9, "ra"],
  [10, "mrt"],
  [11, "zebra"],
  [12, "bird"],
  [13, "dnrouted"],
  [14, "xorp"],
  [15, "ntk"],
  [16, "dhcp"],
  [18, "keepalived"],
  [42, "babel"],
  [99, "openr"],
  [186, "bgp"],
  [187, "isis"],
  [188, "ospf"],
  [189, "rip"],
  [192, "eigrp"],
]);

/** /etc/iproute2/rt_scopes. */
const SCOPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, "global"],
  [255, "nowhere"],
  [254, "host"],
  [253, "link"],
  [200, "site"],
]);

/** /etc/iproute2/rt_dsfield (Debian 12), plus the built-in "0" for 0 that the file renames. */
const DSFIELD_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, "default"],
  [0x28, "AF11"],
  [0x30, "AF12"],
  [0x38, "AF13"],
  [0x48, "AF21"],
  [0x50, "AF22"],
  [0x58, "AF23"],
  [0x68, "AF31"],
  [0x70, "AF32"],
  [0x78, "AF33"],
  [0x88, "AF41"],
  [0x90, "AF42"],
  [0x98, "AF43"],
  [0x20, "CS1"],
  [0x40, "CS2"],
  [0x60, "CS3"],
  [0x80, "CS4"],
  [0xa0, "CS5"],
  [0xc0, "CS6"],
  [0xe0, "CS7"],
  [0xb8, "EF"],
]);

/** /etc/iproute2/rt_tables. */
const TABLE_NAMES: ReadonlyMap<number, string> = new Map([
  [255, "local"],
  [254, "main"],
  [253, "default"],
  [0, "unspec"],
]);

function byName(map: ReadonlyMap<number, string>, name: string): number | undefined {
  for (const [id, n] of map) if (n === name) return id;
  return undefined;
}

/** strtoul(arg, &end, base) over the whole string: undefined on junk, as the callers treat it. */
export function strtoul(text: string, base: 0 | 10 | 16 = 0): number | undefined {
  let s = text.replace(/^\s+/, "");
  let neg = false;
  if (s.startsWith("+") || s.startsWith("-")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  let radix: number = base === 0 ? 10 : base;
  if ((base === 0 || base === 16) && /^0[xX][0-9a-fA-F]/.test(s)) {
    s = s.slice(2);
    radix = 16;
  } else if (base === 0 && /^0[0-7]/.test(s)) {
    radix = 8;
  }
  const digits = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!digits.test(s)) return undefined;
  const v = parseInt(s, radix);
  // strtoul negates in unsigned long arithmetic: "-1" is ULONG_MAX, beyond any u32.
  if (neg) return v === 0 ? 0 : Number.MAX_SAFE_INTEGER;
  return v;
}

/** get_u32 / get_unsigned: a number in 0..2^32-1 (base 0 lets 0x and 0 prefixes through). */
export function getU32(text: string, base: 0 | 10 | 16 = 0): number | undefined {
  if (text === "") return undefined;
  const v = strtoul(text, base);
  return v === undefined || v > 0xffffffff ? undefined : v;
}

/** rtnl_rtprot_n2a */
export function protocolName(proto: number): string {
  return PROTO_NAMES.get(proto) ?? String(proto);
}

/** rtnl_rtprot_a2n */
export function parseProtocol(text: string): number | undefined {
  const named = byName(PROTO_NAMES, text);
  if (named !== undefined) return named;
  const v = strtoul(text);
  return v === undefined || v > 255 ? undefined : v;
}

/** rtnl_rtscope_n2a */
export function scopeName(scope: number): string {
  return SCOPE_NAMES.get(scope) ?? String(scope);
}

/** rtnl_rtscope_a2n */
export function parseScope(text: string): number | undefined {
  const named = byName(SCOPE_NAMES, text);
  if (named !== undefined) return named;
  const v = strtoul(text);
  return v === undefined || v > 255 ? undefined : v;
}

/** rtnl_dsfield_n2a */
export function dsfieldName(tos: number): string {
  return DSFIELD_NAMES.get(tos) ?? `0x${tos.toString(16).padStart(2, "0")}`;
}

/** rtnl_dsfield_a2n: a name of rt_dsfield, or hex (with or without 0x). */
export function parseDsfield(text: string): number | undefined {
  const named = byName(DSFIELD_NAMES, text);
  if (named !== undefined) return named;
  const v = strtoul(text, 16);
  return v === undefined || v > 255 ? undefined : v;
}

/** rtnl_rttable_n2a */
export function tableName(id: number): string {
  return TABLE_NAMES.get(id) ?? String(id);
}

/** rtnl_rttable_a2n ("all" is not a name here; callers handle it). */
export function parseTable(text: string): number | undefined {
  const named = byName(TABLE_NAMES, text);
  if (named !== undefined) return named;
  return getU32(text);
}

const TYPE_NAMES = ["none", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"];

/** rtnl_rtntype_n2a */
export function routeTypeName(type: number): string {
  return TYPE_NAMES[type] ?? String(type);
}

/** rtnl_rtntype_a2n: some names by prefix (iproute2's matches()), "local", "nat", "throw" exactly. */
export function parseRouteType(text: string): number | undefined {
  const prefix = (word: string): boolean => text.length > 0 && word.startsWith(text);
  if (text === "local") return 2;
  if (text === "nat") return 10;
  if (prefix("broadcast") || text === "brd") return 3;
  if (prefix("anycast")) return 4;
  if (prefix("multicast")) return 5;
  if (prefix("prohibit")) return 8;
  if (prefix("unreachable")) return 7;
  if (prefix("blackhole")) return 6;
  if (prefix("xresolve")) return 11;
  if (prefix("unicast")) return 1;
  if (text === "throw") return 9;
  const v = strtoul(text);
  return v === undefined || v > 255 ? undefined : v;
}

/** get_addr_ipv4: up to four dot-separated strtoul(…, 0) parts of at most 255 each. */
function parseIpv4Loose(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length > 4) return undefined;
  const bytes = [0, 0, 0, 0];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    // strtoul stops at the first non-digit; get_addr_ipv4 then requires '.' or the end.
    const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(p);
    if (m === null || m[0] !== p) return undefined;
    const v = strtoul(p);
    if (v === undefined || v > 255) return undefined;
    bytes[i] = v;
  }
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

/** An IPv4 prefix as get_prefix_1 returns it. */
export interface InetPrefix {
  readonly addr: number;
  readonly len: number;
  /** A "/N" was given, or the word "default" (PREFIXLEN_SPECIFIED). */
  readonly lenGiven: boolean;
  /** "all"/"any": no address bytes at all (bytelen 0). */
  readonly any: boolean;
  /** "default"/"all"/"any": the prefix takes the requested family, AF_UNSPEC unless -4. */
  readonly familyless: boolean;
}

/** get_netmask: a length, or a dotted netmask of contiguous ones. */
function parseNetmask(text: string): number | undefined {
  const n = getU32(text);
  if (n !== undefined) return n;
  const mask = parseIpv4Loose(text);
  if (mask === undefined) return undefined;
  const host = ~mask >>> 0;
  if ((host & (host + 1)) !== 0) return undefined;
  return 32 - Math.log2(host + 1);
}

/** get_prefix_1 for AF_INET; undefined where iproute2 fails. */
export function parseInetPrefix(text: string): InetPrefix | undefined {
  const slash = text.indexOf("/");
  const head = slash < 0 ? text : text.slice(0, slash);
  let addr: number;
  let special: "default" | "any" | undefined;
  if (head === "default") special = "default";
  else if (head === "all" || head === "any") special = "any";
  if (special !== undefined) {
    if (slash >= 0) return undefined;
    return { addr: 0, len: 0, lenGiven: special === "default", any: special === "any", familyless: true };
  }
  if (head.includes(":")) return undefined;
  const a = parseIpv4Loose(head);
  if (a === undefined) return undefined;
  addr = a;
  if (slash < 0) return { addr, len: 32, lenGiven: false, any: false, familyless: false };
  const len = parseNetmask(text.slice(slash + 1));
  if (len === undefined || len > 32) return undefined;
  return { addr, len, lenGiven: true, any: false, familyless: false };
}

/**
 * The address family a request has so far (rtm_family): unknown until an address was parsed,
 * unless `ip -4` fixed it. It decides the wording of get_prefix/get_addr errors.
 */
export interface FamilyState {
  known: boolean;
  /** A dump's family does not follow what its selectors parse. */
  readonly fixed?: boolean;
}

function familyWord(fam: FamilyState | undefined): string {
  return fam?.known === true ? "inet" : "any valid";
}

/** get_prefix: exits 1 with "Error: <family> prefix is expected rather than …". */
export function getPrefix(ctx: CommandContext, text: string, fam?: FamilyState): InetPrefix {
  const p = parseInetPrefix(text);
  if (p === undefined) {
    ctx.err(`Error: ${familyWord(fam)} prefix is expected rather than "${text}".\n`);
    throw new Exit(1);
  }
  if (fam !== undefined && fam.fixed !== true) fam.known = true;
  return p;
}

/** get_addr: exits 1 with "Error: <family> address is expected rather than …". */
export function getAddr(ctx: CommandContext, text: string, fam?: FamilyState): number {
  const p = parseInetPrefix(text);
  if (p === undefined || text.includes("/")) {
    ctx.err(`Error: ${familyWord(fam)} address is expected rather than "${text}".\n`);
    throw new Exit(1);
  }
  if (fam !== undefined && fam.fixed !== true) fam.known = true;
  return p.addr;
}
