/**
 * Names iptables prints and accepts: IP protocols (getprotobyname/-bynumber over Debian 12's
 * /etc/protocols, then xtables' own chain_protos), ICMP types (libxt_icmp's table, prefix
 * matched as parse_icmp does) and the small number formats extensions use.
 */
import { formatIpv4 } from "@pktsim/core";
import { paramError } from "./errors";

const PROTOCOLS: ReadonlyArray<readonly [string, number]> = [
  ["ip", 0], ["hopopt", 0], ["icmp", 1], ["igmp", 2], ["ggp", 3], ["ipencap", 4], ["st", 5], ["tcp", 6], ["egp", 8],
  ["igp", 9], ["pup", 12], ["udp", 17], ["hmp", 20], ["xns-idp", 22], ["rdp", 27], ["iso-tp4", 29], ["dccp", 33],
  ["xtp", 36], ["ddp", 37], ["idpr-cmtp", 38], ["ipv6", 41], ["ipv6-route", 43], ["ipv6-frag", 44], ["idrp", 45],
  ["rsvp", 46], ["gre", 47], ["esp", 50], ["ah", 51], ["skip", 57], ["ipv6-icmp", 58], ["ipv6-nonxt", 59],
  ["ipv6-opts", 60], ["rspf", 73], ["vmtp", 81], ["eigrp", 88], ["ospf", 89], ["ax.25", 93], ["ipip", 94],
  ["etherip", 97], ["encap", 98], ["pim", 103], ["ipcomp", 108], ["vrrp", 112], ["l2tp", 115], ["isis", 124],
  ["sctp", 132], ["fc", 133], ["mobility-header", 135], ["udplite", 136], ["mpls-in-ip", 137], ["manet", 138],
  ["hip", 139], ["shim6", 140], ["wesp", 141], ["rohc", 142], ["ethernet", 143],
];
/** xtables_chain_protos: names xtables knows without the database. */
const CHAIN_PROTOS: ReadonlyArray<readonly [string, number]> = [
  ["tcp", 6], ["sctp", 132], ["udp", 17], ["udplite", 136], ["icmp", 1], ["icmpv6", 58], ["ipv6-icmp", 58], ["esp", 50], ["ah", 51], ["mh", 135], ["all", 0],
];

const protoByName = new Map<string, number>();
const protoByNumber = new Map<number, string>();
for (const [name, num] of PROTOCOLS) {
  if (!protoByName.has(name)) protoByName.set(name, num);
  if (!protoByNumber.has(num)) protoByNumber.set(num, name);
}

export const IPPROTO = { IP: 0, ICMP: 1, TCP: 6, UDP: 17, DCCP: 33, SCTP: 132, UDPLITE: 136 } as const;

/** xtables_parse_protocol: a number 0–255, "all", a /etc/protocols name, or a chain_protos name. */
export function parseProtocol(text: string): number {
  if (/^[0-9]+$/.test(text) || /^0x[0-9a-fA-F]+$/.test(text)) {
    const v = Number(text);
    if (v <= 255) return v;
    throw paramError(`unknown protocol "${text}" specified`);
  }
  const lower = text.toLowerCase();
  if (lower === "all") return 0;
  const byDb = protoByName.get(text);
  if (byDb !== undefined) return byDb;
  for (const [name, num] of CHAIN_PROTOS) if (name === lower) return num;
  throw paramError(`unknown protocol "${text}" specified`);
}

/** proto_to_name with lookup: the database name first, then chain_protos; undefined if none. */
export function protocolName(proto: number): string | undefined {
  const db = protoByNumber.get(proto);
  if (db !== undefined) return db;
  for (const [name, num] of CHAIN_PROTOS) if (num === proto) return name;
  return undefined;
}

// ---- ICMP types (libxt_icmp.c icmp_codes) ---------------------------------------------------

export interface IcmpTypeName {
  readonly name: string;
  readonly type: number;
  readonly codeMin: number;
  readonly codeMax: number;
}

const t = (name: string, type: number, codeMin: number, codeMax: number): IcmpTypeName => ({ name, type, codeMin, codeMax });
export const ICMP_TYPE_NAMES: readonly IcmpTypeName[] = [
  t("any", 0xff, 0, 0xff),
  t("echo-reply", 0, 0, 0xff),
  t("destination-unreachable", 3, 0, 0xff),
  t("network-unreachable", 3, 0, 0),
  t("host-unreachable", 3, 1, 1),
  t("protocol-unreachable", 3, 2, 2),
  t("port-unreachable", 3, 3, 3),
  t("fragmentation-needed", 3, 4, 4),
  t("source-route-failed", 3, 5, 5),
  t("network-unknown", 3, 6, 6),
  t("host-unknown", 3, 7, 7),
  t("network-prohibited", 3, 9, 9),
  t("host-prohibited", 3, 10, 10),
  t("TOS-network-unreachable", 3, 11, 11),
  t("TOS-host-unreachable", 3, 12, 12),
  t("communication-prohibited", 3, 13, 13),
  t("host-precedence-violation", 3, 14, 14),
  t("precedence-cutoff", 3, 15, 15),
  t("source-quench", 4, 0, 0xff),
  t("redirect", 5, 0, 0xff),
  t("network-redirect", 5, 0, 0),
  t("host-redirect", 5, 1, 1),
  t("TOS-network-redirect", 5, 2, 2),
  t("TOS-host-redirect", 5, 3, 3),
  t("echo-request", 8, 0, 0xff),
  t("router-advertisement", 9, 0, 0xff),
  t("router-solicitation", 10, 0, 0xff),
  t("time-exceeded", 11, 0, 0xff),
  t("ttl-zero-during-transit", 11, 0, 0),
  t("ttl-zero-during-reassembly", 11, 1, 1),
  t("parameter-problem", 12, 0, 0xff),
  t("ip-header-bad", 12, 0, 0),
  t("required-option-missing", 12, 1, 1),
  t("timestamp-request", 13, 0, 0xff),
  t("timestamp-reply", 14, 0, 0xff),
  t("address-mask-request", 17, 0, 0xff),
  t("address-mask-reply", 18, 0, 0xff),
];
const ICMP_ALIASES: readonly IcmpTypeName[] = [t("pong", 0, 0, 0xff), t("ping", 8, 0, 0xff), t("ttl-exceeded", 11, 0, 0xff)];

/** parse_icmp: a (unique prefix of a) name, or TYPE[/CODE]. */
export function parseIcmpType(text: string): { type: number; codeMin: number; codeMax: number } {
  let found: IcmpTypeName | undefined;
  const lower = text.toLowerCase();
  for (const e of [...ICMP_TYPE_NAMES, ...ICMP_ALIASES]) {
    if (e.name.toLowerCase().startsWith(lower)) {
      if (e.name.length === text.length) {
        found = e;
        break;
      }
      if (found !== undefined && found.name !== e.name) throw paramError(`Ambiguous ICMP type \`${text}': \`${found.name}' or \`${e.name}'?`);
      found = e;
    }
  }
  if (found !== undefined) return { type: found.type, codeMin: found.codeMin, codeMax: found.codeMax };
  const m = /^([0-9]+)(?:\/([0-9]+))?$/.exec(text);
  if (m === null) throw paramError(`Unknown ICMP type \`${text}'`);
  const type = Number(m[1]);
  if (type > 255) throw paramError(`Invalid ICMP type \`${m[1]}'`);
  if (m[2] === undefined) return { type, codeMin: 0, codeMax: 0xff };
  const code = Number(m[2]);
  if (code > 255) throw paramError(`Invalid ICMP code \`${m[2]}'`);
  return { type, codeMin: code, codeMax: code };
}

// ---- numbers and addresses --------------------------------------------------------------------

export function hex(v: number): string {
  return `0x${(v >>> 0).toString(16)}`;
}

/** xtables_strtoui with base 0 (decimal, 0x hex, 0 octal) within [0, max]; undefined if not. */
export function parseUint(text: string, max = 0xffffffff): number | undefined {
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^0[0-7]+$/.test(text)) v = parseInt(text, 8);
  else if (/^[0-9]+$/.test(text)) v = Number(text);
  else return undefined;
  return v <= max ? v : undefined;
}

/** A mark/mask pair as `--mark V[/M]` takes it. */
export function parseMarkMask(text: string, option: string, ext: string): { value: number; mask: number } {
  const slash = text.indexOf("/");
  const value = parseUint(slash < 0 ? text : text.slice(0, slash));
  const mask = slash < 0 ? 0xffffffff : parseUint(text.slice(slash + 1));
  if (value === undefined || mask === undefined) throw paramError(`${ext}: bad integer value for option "${option}", or out of range.\n`);
  return { value, mask };
}

export function prefixLenOf(mask: number): number {
  let n = 0;
  let m = mask >>> 0;
  while (m & 0x80000000) {
    n++;
    m = (m << 1) >>> 0;
  }
  return m === 0 ? n : -1;
}

export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** ADDR[/MASK] as xtables_ipparse_any reads it: MASK as a length or dotted; host bits cleared. */
export function parseAddrMask(text: string): { addr: number; mask: number } {
  const slash = text.lastIndexOf("/");
  const mask = parseIpMask(slash < 0 ? undefined : text.slice(slash + 1));
  // "if a null mask is given, the name is ignored, like in any/0"
  const addr = mask === 0 ? 0 : parseHost(slash < 0 ? text : text.slice(0, slash));
  return { addr: (addr & mask) >>> 0, mask };
}

/** libxtables parse_ipmask: none = /32, a dotted mask, or a length 0-32 (strtoui, base 0). */
function parseIpMask(m: string | undefined): number {
  if (m === undefined) return 0xffffffff;
  const dotted = numericToIpaddr(m, true);
  if (dotted !== undefined) return dotted;
  const len = strtoui(m, 32);
  if (len === undefined) throw paramError(`invalid mask \`${m}' specified`);
  return maskOf(len);
}

/**
 * xtables_ipparse_multiple: "A[/M],B[/M],…" as -s/-d take it, one address/mask per element
 * (blanks before an element skipped; each element read like parseAddrMask), in order.
 */
export function parseAddrList(text: string): Array<{ addr: number; mask: number }> {
  const out: Array<{ addr: number; mask: number }> = [];
  for (const part of text.split(",")) {
    const el = part.replace(/^[ \t\n\v\f\r]+/, "");
    if (el.length > 255) throw paramError("Hostname too long");
    out.push(parseAddrMask(el));
  }
  return out;
}

/** xtables_strtoui(s, NULL, &v, 0, max) with base 0: blanks, an optional "+", 0x hex, 0 octal; whole string. */
function strtoui(text: string, max: number): number | undefined {
  const m = /^[ \t\n\v\f\r]*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (m === null) return undefined;
  const d = m[1]!;
  const v = /^0[xX]/.test(d) ? parseInt(d.slice(2), 16) : d.length > 1 && d.startsWith("0") ? parseInt(d, 8) : Number(d);
  return v <= max ? v : undefined;
}

/**
 * libxtables __numeric_to_ipaddr: up to four dot-separated bytes (strtoui, base 0); fewer
 * than four is a network address padded with zero bytes ("10" is 10.0.0.0), except for a mask.
 */
function numericToIpaddr(text: string, isMask: boolean): number | undefined {
  const parts = text.slice(0, 19).split(".");
  if (parts.length > 4) {
    // The fourth part would keep its dots: strtoui rejects it.
    return undefined;
  }
  if (isMask && parts.length < 4) return undefined;
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    const b = p === undefined ? 0 : strtoui(p, 255);
    if (b === undefined) return undefined;
    v = v * 256 + b;
  }
  return v >>> 0;
}

/** glibc inet_aton (what getaddrinfo accepts as numeric): a, a.b, a.b.c, a.b.c.d, each base 0. */
function inetAton(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length > 4) return undefined;
  const vals: number[] = [];
  for (const p of parts) {
    const m = /^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$/.exec(p);
    if (m === null) return undefined;
    const v = /^0[xX]/.test(p) ? (p.length === 2 ? 0 : parseInt(p.slice(2), 16)) : p.length > 1 && p.startsWith("0") ? parseInt(p, 8) : Number(p);
    vals.push(v);
  }
  const last = vals.pop()!;
  for (const v of vals) if (v > 255) return undefined;
  const lastBits = 32 - 8 * vals.length;
  if (lastBits < 32 && last >= 2 ** lastBits) return undefined;
  if (last > 0xffffffff) return undefined;
  let v = 0;
  for (const b of vals) v = v * 256 + b;
  return (v * 2 ** lastBits + last) >>> 0;
}

/**
 * A host as iptables resolves it (ipparse_hostnetwork): numeric (xtables_numeric_to_ipaddr),
 * a network of /etc/networks (getnetbyname), then getaddrinfo (inet_aton, /etc/hosts).
 */
export function parseHost(host: string): number {
  const n = numericToIpaddr(host, false);
  if (n !== undefined) return n;
  for (const [addr, name] of NETWORK_NAMES) if (name === host) return addr;
  if (host === "localhost" || host === "vm" || host === "runsc") return 0x7f000001;
  const a = inetAton(host);
  if (a === undefined) throw paramError(`host/network \`${host}' not found`);
  return a;
}

/** ADDR/LEN as -S and iptables-save print it (or ADDR/dotted for a non-contiguous mask). */
export function formatAddrMask(addr: number, mask: number): string {
  const len = prefixLenOf(mask);
  return `${formatIpv4(addr)}/${len >= 0 ? len : formatIpv4(mask)}`;
}

/** /etc/hosts and /etc/networks of the reference machine, as gethostbyaddr/getnetbyaddr answer. */
const HOST_NAMES = new Map<number, string>([[0x7f000001, "localhost"]]);
const NETWORK_NAMES = new Map<number, string>([
  [0, "default"],
  [0x7f000000, "loopback"],
  [0xa9fe0000, "link-local"],
]);

/** xtables_ipaddr_to_anyname: a host name, else a network name, else the dotted quad. */
export function addrToAnyname(addr: number): string {
  return HOST_NAMES.get(addr) ?? NETWORK_NAMES.get(addr) ?? formatIpv4(addr);
}
