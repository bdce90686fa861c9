/**
 * `ip rule` (iproute2 6.1 ip/iprule.c): list/show with selectors (filter_nlmsg, print_rule),
 * add and delete (iprule_modify), flush (every rule with a priority), over the namespace's
 * IPv4 policy rules.
 */
import { formatIpv4 } from "@pktsim/core";
import { type FibRule, RuleAction, type RuleConfig, RuleFlags, type RuleMatch } from "@pktsim/routing";
import { type Namespace, strerror } from "@pktsim/stack";
import { type CommandContext, Exit } from "../../command";
import { writeJson } from "./json-print";
import { Args, type IpOptions, invarg, matches } from "./options";

/** iprule_modify's keywords for what the model has no place for (see the refusal below). */
const RULE_UNMODELLED: readonly string[] = ["uidrange", "ipproto", "sport", "dport", "l3mdev", "suppress_ifgroup", "sup_group", "realms", "realm", "tun_id", "nat", "map-to"];
import {
  dsfieldName,
  getU32,
  getPrefix,
  type InetPrefix,
  parseDsfield,
  parseProtocol,
  parseRouteType,
  parseTable,
  protocolName,
  routeTypeName,
  tableName,
} from "./rt-names";

/** `ip rule list` dumps AF_INET when no family was given. */
const INET = { known: true, fixed: true } as const;

const USAGE =
  "Usage: ip rule { add | del } SELECTOR ACTION\n" +
  "       ip rule { flush | save | restore }\n" +
  "       ip rule [ list [ SELECTOR ]]\n" +
  "SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ]\n" +
  "            [ fwmark FWMARK[/MASK] ]\n" +
  "            [ iif STRING ] [ oif STRING ] [ pref NUMBER ] [ l3mdev ]\n" +
  "            [ uidrange NUMBER-NUMBER ]\n" +
  "            [ ipproto PROTOCOL ]\n" +
  "            [ sport [ NUMBER | NUMBER-NUMBER ]\n" +
  "            [ dport [ NUMBER | NUMBER-NUMBER ] ]\n" +
  "ACTION := [ table TABLE_ID ]\n" +
  "          [ protocol PROTO ]\n" +
  "          [ nat ADDRESS ]\n" +
  "          [ realms [SRCREALM/]DSTREALM ]\n" +
  "          [ goto NUMBER ]\n" +
  "          SUPPRESSOR\n" +
  "SUPPRESSOR := [ suppress_prefixlength NUMBER ]\n" +
  "              [ suppress_ifgroup DEVGROUP ]\n" +
  "TABLE_ID := [ local | main | default | NUMBER ]\n";

function usage(ctx: CommandContext): never {
  ctx.err(USAGE);
  throw new Exit(255);
}

export function ipRule(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions): number {
  if (opts.family === "inet6") {
    ctx.err("IPv6 policy rules are not modelled by pktsim.\n");
    return 255;
  }
  const sub = args.next();
  if (sub === undefined || matches(sub, "list") || matches(sub, "lst") || matches(sub, "show")) return listOrFlush(ctx, ns, args, false, opts);
  if (matches(sub, "add")) return modify(ctx, ns, args, opts, true);
  if (matches(sub, "delete")) return modify(ctx, ns, args, opts, false);
  if (matches(sub, "flush")) return listOrFlush(ctx, ns, args, true, opts);
  if (matches(sub, "help")) usage(ctx);
  ctx.err(`Command "${sub}" is unknown, try "ip rule help".\n`);
  return 255;
}

/** get_prefix for a rule selector with the request's family (unspec unless ip -4). */
function prefix(ctx: CommandContext, text: string, opts: IpOptions): InetPrefix {
  return getPrefix(ctx, text, { known: opts.family === "inet", fixed: true });
}

/** check_ifname: what dev_valid_name refuses. */
function validIfname(name: string): boolean {
  return name.length > 0 && name.length < 16 && !/[/\s]/.test(name);
}

/** An fwmark[/mask] argument. */
function fwmark(ctx: CommandContext, text: string): { mark: number; mask: number | undefined } {
  const slash = text.indexOf("/");
  const m = slash < 0 ? text : text.slice(0, slash);
  const mark = getU32(m);
  if (mark === undefined) invarg(ctx, "fwmark value is invalid\n", m);
  if (slash < 0) return { mark, mask: undefined };
  const k = text.slice(slash + 1);
  const mask = getU32(k);
  if (mask === undefined) invarg(ctx, "fwmask value is invalid\n", k);
  return { mark, mask };
}

/** iprule_modify: parse, then RTM_NEWRULE (NLM_F_EXCL) or RTM_DELRULE. */
function modify(ctx: CommandContext, ns: Namespace, args: Args, opts: IpOptions, add: boolean): number {
  if (args.done) {
    ctx.err(`"ip rule ${add ? "add" : "del"}" requires arguments.\n`);
    return 1;
  }
  const cfg: {
    -readonly [K in keyof RuleConfig]: RuleConfig[K];
  } = {};
  let action: number = add ? RuleAction.TO_TBL : RuleAction.UNSPEC;
  let tableOk = false;
  let table = 0;
  while (!args.done) {
    const a = args.next()!;
    if (a === "not") {
      cfg.invert = true;
    } else if (a === "from") {
      const p = prefix(ctx, args.value(), opts);
      cfg.src = p.addr;
      cfg.srcLen = p.len;
    } else if (a === "to") {
      const p = prefix(ctx, args.value(), opts);
      cfg.dst = p.addr;
      cfg.dstLen = p.len;
    } else if (matches(a, "preference") || matches(a, "order") || matches(a, "priority")) {
      const v = args.value();
      const pref = getU32(v);
      if (pref === undefined) invarg(ctx, "preference value is invalid\n", v);
      cfg.pref = pref;
    } else if (a === "tos" || matches(a, "dsfield")) {
      const v = args.value();
      const t = parseDsfield(v);
      if (t === undefined) invarg(ctx, "TOS value is invalid\n", v);
      cfg.tos = t;
    } else if (a === "fwmark") {
      const { mark, mask } = fwmark(ctx, args.value());
      cfg.mark = mark;
      if (mask !== undefined) cfg.markMask = mask;
    } else if (matches(a, "protocol")) {
      const v = args.value();
      const p = parseProtocol(v);
      if (p === undefined) invarg(ctx, '"protocol" value is invalid\n', v);
      cfg.protocol = p;
    } else if (matches(a, "table") || a === "lookup") {
      const v = args.value();
      const t = parseTable(v);
      if (t === undefined) invarg(ctx, "invalid table ID\n", v);
      table = t;
      tableOk = true;
    } else if (matches(a, "suppress_prefixlength") || a === "sup_pl") {
      const v = args.value();
      const n = /^[+-]?[0-9]+$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) invarg(ctx, "suppress_prefixlength value is invalid\n", v);
      cfg.suppressPrefixLen = n;
    } else if (a === "dev" || a === "iif") {
      const v = args.value();
      if (!validIfname(v)) invarg(ctx, '"iif"/"dev" not a valid ifname', v);
      cfg.iifName = v;
    } else if (a === "oif") {
      const v = args.value();
      if (!validIfname(v)) invarg(ctx, '"oif" not a valid ifname', v);
      cfg.oifName = v;
    } else if (RULE_UNMODELLED.includes(a)) {
      // Selectors on the flow's uid, protocol and ports, l3mdev (VRF) and interface groups: the
      // model's FIB lookups carry none of them, so the rule is refused rather than made inert.
      ctx.err(`Error: "${a}" is not modelled by pktsim.\n`);
      throw new Exit(255);
    } else {
      let w = a;
      if (w === "type") w = args.value();
      if (matches(w, "help")) usage(ctx);
      if (matches(w, "goto")) {
        const v = args.value();
        const target = getU32(v);
        if (target === undefined) invarg(ctx, "invalid target\n", v);
        cfg.target = target;
        action = RuleAction.GOTO;
      } else if (matches(w, "nop")) {
        action = RuleAction.NOP;
      } else {
        const t = parseRouteType(w);
        if (t === undefined) invarg(ctx, "Failed to parse rule type", w);
        action = t;
      }
      tableOk = true;
    }
  }
  if (!tableOk && add) table = 254;
  const rules = ns.fib.fib.rules;
  if (add) {
    // fib_nl2rule: a named device that exists now is attached at once.
    const iif = cfg.iifName !== undefined ? ns.deviceByName(cfg.iifName) : undefined;
    const oif = cfg.oifName !== undefined ? ns.deviceByName(cfg.oifName) : undefined;
    const r = rules.add({
      ...cfg,
      action: action as RuleAction,
      table,
      ...(iif !== undefined ? { iifindex: iif.ifindex } : {}),
      ...(oif !== undefined ? { oifindex: oif.ifindex } : {}),
    });
    if (!r.ok) fail(ctx, r);
    return 0;
  }
  const match: RuleMatch = { ...cfg, ...(action !== 0 ? { action: action as RuleAction } : {}), ...(table !== 0 ? { table } : {}) };
  delete (match as { invert?: boolean }).invert;
  const r = rules.delete(match);
  if (!r.ok) fail(ctx, r);
  return 0;
}

function fail(ctx: CommandContext, r: { errno: number; message?: string }): never {
  if (r.message !== undefined) ctx.err(`Error: ${r.message}.\n`);
  else ctx.err(`RTNETLINK answers: ${strerror(r.errno)}\n`);
  throw new Exit(2);
}

interface RuleFilter {
  pref?: number;
  not: boolean;
  src?: InetPrefix;
  dst?: InetPrefix;
  tos?: number;
  mark?: number;
  mask?: number;
  iif?: string;
  oif?: string;
  table: number;
  protocol?: number;
}

/** inet_addr_match_rta on the rule's address (a prefix of the filter's length). */
function prefixMatches(addr: number, len: number, f: InetPrefix): boolean {
  if (f.len > len) return false;
  if (f.len === 0 || f.any) return true;
  const mask = f.len === 32 ? 0xffffffff : (0xffffffff << (32 - f.len)) >>> 0;
  return ((addr ^ f.addr) & mask) === 0;
}

/** filter_nlmsg */
function ruleSelected(f: RuleFilter, r: FibRule): boolean {
  if (f.pref !== undefined && f.pref !== r.pref) return false;
  if (f.not && (r.flags & RuleFlags.INVERT) === 0) return false;
  if (f.src !== undefined && !prefixMatches(r.src, r.srcLen, f.src)) return false;
  if (f.dst !== undefined && !prefixMatches(r.dst, r.dstLen, f.dst)) return false;
  if (f.tos !== undefined && f.tos !== r.tos) return false;
  if (f.mark !== undefined && f.mark !== 0 && f.mark !== r.mark) return false;
  if (f.mask !== undefined && f.mask !== 0 && f.mask !== fwmaskAttr(r)) return false;
  if (f.iif !== undefined && f.iif !== r.iifName) return false;
  if (f.oif !== undefined && f.oif !== r.oifName) return false;
  if (f.table > 0 && f.table !== r.table) return false;
  return true;
}

/** FRA_FWMASK as the kernel reports it: present when a mark or a mask is set. */
function fwmaskAttr(r: FibRule): number {
  return r.mark !== 0 || r.markMask !== 0 ? r.markMask : 0;
}

/** print_rule */
export function formatRule(r: FibRule, all: readonly FibRule[]): string {
  let line = `${r.pref}:\t`;
  if ((r.flags & RuleFlags.INVERT) !== 0) line += "not ";
  if (r.srcLen > 0) line += `from ${formatIpv4(r.src)}${r.srcLen !== 32 ? `/${r.srcLen}` : ""}`;
  else line += "from all";
  if (r.dstLen > 0) line += ` to ${formatIpv4(r.dst)}${r.dstLen !== 32 ? `/${r.dstLen}` : ""}`;
  if (r.tos !== 0) line += ` tos ${dsfieldName(r.tos)}`;
  if (r.mark !== 0 || r.markMask !== 0) {
    line += ` fwmark 0x${r.mark.toString(16)}`;
    if (r.markMask !== 0xffffffff) line += `/0x${r.markMask.toString(16)}`;
  }
  if (r.iifName !== "") line += ` iif ${r.iifName}${r.iifindex === -1 ? " [detached]" : ""}`;
  if (r.oifName !== "") line += ` oif ${r.oifName}${r.oifindex === -1 ? " [detached]" : ""}`;
  if (r.table !== 0) {
    line += ` lookup ${tableName(r.table)}`;
    if (r.suppressPrefixLen !== -1) line += ` suppress_prefixlength ${r.suppressPrefixLen}`;
  }
  if (r.action === RuleAction.GOTO) {
    line += ` goto ${r.target}`;
    // FIB_RULE_UNRESOLVED: no rule has the target priority (ctarget is NULL).
    if (!all.some((x) => x.pref === r.target)) line += " [unresolved]";
  } else if (r.action === RuleAction.NOP) {
    line += " nop";
  } else if (r.action !== RuleAction.TO_TBL) {
    line += ` ${routeTypeName(r.action)}`;
  }
  if (r.protocol !== 0 && r.protocol !== 2) line += ` proto ${protocolName(r.protocol)}`;
  return `${line}\n`;
}

/** print_rule's JSON object. */
export function ruleJson(r: FibRule, all: readonly FibRule[]): Record<string, unknown> {
  const o: Record<string, unknown> = { priority: r.pref };
  if ((r.flags & RuleFlags.INVERT) !== 0) o.not = null;
  if (r.srcLen > 0) {
    o.src = formatIpv4(r.src);
    if (r.srcLen !== 32) o.srclen = r.srcLen;
  } else o.src = "all";
  if (r.dstLen > 0) {
    o.dst = formatIpv4(r.dst);
    if (r.dstLen !== 32) o.dstlen = r.dstLen;
  }
  if (r.tos !== 0) o.tos = dsfieldName(r.tos);
  if (r.mark !== 0 || r.markMask !== 0) {
    o.fwmark = `0x${r.mark.toString(16)}`;
    if (r.markMask !== 0xffffffff) o.fwmask = `0x${r.markMask.toString(16)}`;
  }
  if (r.iifName !== "") {
    o.iif = r.iifName;
    if (r.iifindex === -1) o.iif_detached = null;
  }
  if (r.oifName !== "") {
    o.oif = r.oifName;
    if (r.oifindex === -1) o.oif_detached = null;
  }
  if (r.table !== 0) {
    o.table = tableName(r.table);
    if (r.suppressPrefixLen !== -1) o.suppress_prefixlen = r.suppressPrefixLen;
  }
  if (r.action === RuleAction.GOTO) {
    o.goto = r.target;
    if (!all.some((x) => x.pref === r.target)) o.unresolved = null;
  } else if (r.action === RuleAction.NOP) {
    o.nop = null;
  } else if (r.action !== RuleAction.TO_TBL) {
    o.action = routeTypeName(r.action);
  }
  if (r.protocol !== 0 && r.protocol !== 2) o.protocol = protocolName(r.protocol);
  return o;
}

/** iprule_list_flush_or_save for list and flush. */
function listOrFlush(ctx: CommandContext, ns: Namespace, args: Args, flush: boolean, opts: IpOptions): number {
  const f: RuleFilter = { not: false, table: 0 };
  let protocolMask = false;
  while (!args.done) {
    const a = args.next()!;
    if (matches(a, "preference") || matches(a, "order") || matches(a, "priority")) {
      const v = args.value();
      const pref = getU32(v);
      if (pref === undefined) invarg(ctx, "preference value is invalid\n", v);
      f.pref = pref;
    } else if (a === "not") {
      f.not = true;
    } else if (a === "tos" || a === "dsfield") {
      const v = args.value();
      const t = parseDsfield(v);
      if (t === undefined) invarg(ctx, "TOS value is invalid\n", v);
      f.tos = t;
    } else if (a === "fwmark") {
      const { mark, mask } = fwmark(ctx, args.value());
      f.mark = mark;
      if (mask !== undefined) f.mask = mask;
    } else if (a === "dev" || a === "iif") {
      const v = args.value();
      if (!validIfname(v)) invarg(ctx, '"iif"/"dev" not a valid ifname', v);
      f.iif = v;
    } else if (a === "oif") {
      const v = args.value();
      if (!validIfname(v)) invarg(ctx, '"oif" not a valid ifname', v);
      f.oif = v;
    } else if (matches(a, "lookup") || matches(a, "table")) {
      const v = args.value();
      const t = parseTable(v);
      if (t === undefined) invarg(ctx, "table id value is invalid\n", v);
      f.table = t;
    } else if (matches(a, "from") || matches(a, "src")) {
      // get_prefix(…, AF_INET) exits with its own message before the invarg could run.
      f.src = getPrefix(ctx, args.value(), INET);
    } else if (matches(a, "protocol")) {
      const v = args.value();
      const p = parseProtocol(v);
      protocolMask = true;
      if (p === undefined) {
        if (v !== "all") invarg(ctx, 'invalid "protocol"\n', v);
        protocolMask = false;
      } else f.protocol = p;
    } else {
      let v = a;
      if (matches(v, "dst") || matches(v, "to")) v = args.value();
      f.dst = getPrefix(ctx, v, INET);
    }
  }
  const rules = ns.fib.fib.rules;
  if (flush) {
    // flush_rule: every selected rule with a priority (FRA_PRIORITY is absent for 0) goes.
    for (const r of [...rules.dump()]) {
      if (!ruleSelected(f, r)) continue;
      if (protocolMask && f.protocol !== r.protocol) continue;
      if (r.pref === 0) continue;
      rules.delete({ pref: r.pref, action: r.action, table: r.table, ...(r.iifName ? { iifName: r.iifName } : {}), ...(r.oifName ? { oifName: r.oifName } : {}) , mark: r.mark, markMask: r.markMask, src: r.src, srcLen: r.srcLen, dst: r.dst, dstLen: r.dstLen, tos: r.tos, suppressPrefixLen: r.suppressPrefixLen, protocol: r.protocol });
    }
    return 0;
  }
  const all = rules.dump();
  if (opts.json) {
    ctx.out(`${writeJson(all.filter((r) => ruleSelected(f, r)).map((r) => ruleJson(r, all)), opts.pretty)}\n`);
    return 0;
  }
  for (const r of all) if (ruleSelected(f, r)) ctx.out(formatRule(r, all));
  return 0;
}
