import type { Ipv4Addr } from "@pktsim/core";
import { fail, FibErrno, ok, type FibOpResult } from "./errno";
import type { Fib } from "./fib";
import { fibTableLookup } from "./fib-lookup";
import type { Flow, FibResult } from "./fib-result";
import { MASKS } from "./lpm/lpm";
import { IPTOS_RT_MASK, RouteProtocol, RouteTable, RuleAction, RuleFlags } from "./rtnetlink";

/** A policy routing rule (struct fib_rule + fib4_rule). */
export interface FibRule {
  readonly pref: number;
  readonly action: RuleAction;
  /** Table looked up by a TO_TBL rule. */
  readonly table: number;
  /** Priority a GOTO rule jumps to. */
  readonly target: number;
  readonly src: Ipv4Addr;
  readonly srcLen: number;
  readonly dst: Ipv4Addr;
  readonly dstLen: number;
  /** TOS to select on (0 for any). */
  readonly tos: number;
  readonly mark: number;
  readonly markMask: number;
  /** Input device name ("" for any) and its ifindex: −1 while no device has that name. */
  readonly iifName: string;
  iifindex: number;
  readonly oifName: string;
  oifindex: number;
  /** FIB_RULE_* flags; INVERT is `not`. */
  readonly flags: number;
  /** Reject a table's answer whose prefix is this long or shorter (−1: off). */
  readonly suppressPrefixLen: number;
  readonly protocol: number;
}

/** What `ip rule add` sends; absent fields are the kernel's zero defaults. */
export interface RuleConfig {
  /** Omitted: the priority of the second rule minus one (fib_default_rule_pref). */
  readonly pref?: number;
  /** Default TO_TBL. */
  readonly action?: RuleAction;
  /** 0 with TO_TBL takes the first unused table id (fib_empty_table). */
  readonly table?: number;
  readonly target?: number;
  readonly src?: Ipv4Addr;
  readonly srcLen?: number;
  readonly dst?: Ipv4Addr;
  readonly dstLen?: number;
  readonly tos?: number;
  /** A mark without a mask selects on all 32 bits. */
  readonly mark?: number;
  readonly markMask?: number;
  /** With a name and no ifindex the rule is detached until attachRules. */
  readonly iifName?: string;
  readonly iifindex?: number;
  readonly oifName?: string;
  readonly oifindex?: number;
  readonly invert?: boolean;
  readonly suppressPrefixLen?: number;
  readonly protocol?: number;
}

/**
 * What `ip rule del` matches on; absent fields match anything (rule_find). `invert` and a
 * goto's `target` are not compared, though the target is still checked against the priority.
 */
export type RuleMatch = Omit<RuleConfig, "invert" | "iifindex" | "oifindex">;

const MAX_PRIORITY = 0xffffffff;

/**
 * The rule list of a FIB (net/core/fib_rules.c), kept sorted by priority; equal priorities in
 * the order added. Every add or delete marks the FIB as having custom rules.
 */
export class FibRules {
  private readonly list: FibRule[] = [];

  constructor(private readonly fib: Fib) {
    // fib4_rules_init → fib_default_rules_init
    for (const [pref, table] of [
      [0, RouteTable.LOCAL],
      [0x7ffe, RouteTable.MAIN],
      [0x7fff, RouteTable.DEFAULT],
    ] as const) {
      this.list.push(makeRule({ pref, table, protocol: RouteProtocol.KERNEL }, pref, table));
    }
  }

  /** The rules in lookup (and dump) order. */
  dump(): readonly FibRule[] {
    return this.list;
  }

  /** @internal */
  at(i: number): FibRule | undefined {
    return this.list[i];
  }

  /** @internal */
  get length(): number {
    return this.list.length;
  }

  /** @internal index of the first rule of a priority, −1 when none (a goto's target) */
  indexOfPref(pref: number): number {
    return this.list.findIndex((r) => r.pref === pref);
  }

  /**
   * fib_nl_newrule: validates, fills the default priority, refuses a duplicate with EEXIST
   * when `excl` (iproute2 always sets it), then inserts after the rules of lower or equal
   * priority.
   */
  add(cfg: RuleConfig, excl = true): FibOpResult<FibRule> {
    const action = cfg.action ?? RuleAction.TO_TBL;
    const tos = cfg.tos ?? 0;
    if (
      !Object.values(RuleAction).includes(action) ||
      action === RuleAction.UNSPEC
    ) {
      return fail(FibErrno.EINVAL, "Invalid action");
    }
    const pref = cfg.pref ?? this.defaultPref();
    if (action === RuleAction.GOTO) {
      if (cfg.target === undefined) return fail(FibErrno.EINVAL, "Missing goto target for action goto");
      if (cfg.target <= pref) return fail(FibErrno.EINVAL, "Backward goto not supported");
    } else if (cfg.target !== undefined) {
      return fail(FibErrno.EINVAL, "Unexpected goto");
    }
    if ((cfg.srcLen ?? 0) > 32 || (cfg.dstLen ?? 0) > 32) return fail(FibErrno.EINVAL);
    if (tos & 3) return fail(FibErrno.EINVAL, "Invalid dsfield (tos): ECN bits must be 0");
    if (tos & ~IPTOS_RT_MASK) return fail(FibErrno.EINVAL, "Invalid tos");
    const rule = makeRule(cfg, pref, cfg.table ?? 0);
    if (excl && this.list.some((r) => ruleExists(r, rule, cfg))) return fail(FibErrno.EEXIST);
    const final =
      rule.table === RouteTable.UNSPEC && action === RuleAction.TO_TBL
        ? { ...rule, table: this.fib.emptyTable().id }
        : rule;
    let at = this.list.length;
    for (let i = 0; i < this.list.length; i++) {
      if (this.list[i]!.pref > pref) {
        at = i;
        break;
      }
    }
    this.list.splice(at, 0, final);
    this.fib.rulesChanged();
    return ok(final);
  }

  /** fib_nl_delrule: deletes the first rule matching every given field; ENOENT when none. */
  delete(match: RuleMatch): FibOpResult<FibRule> {
    // fib_nl2rule_rtnl runs for deletes too: `ip rule del goto 950` fails as a backward goto.
    if (match.target !== undefined && match.target <= (match.pref ?? this.defaultPref())) {
      return fail(FibErrno.EINVAL, "Backward goto not supported");
    }
    const i = this.list.findIndex((r) => ruleFound(r, match));
    if (i < 0) return fail(FibErrno.ENOENT);
    const [removed] = this.list.splice(i, 1);
    this.fib.rulesChanged();
    return ok(removed!);
  }

  /** attach_rules (NETDEV_REGISTER): rules naming the device start matching it. */
  attach(name: string, ifindex: number): void {
    for (const r of this.list) {
      if (r.iifName === name) r.iifindex = ifindex;
      if (r.oifName === name) r.oifindex = ifindex;
    }
  }

  /** detach_rules (NETDEV_UNREGISTER): rules on the device match nothing until it returns. */
  detach(ifindex: number): void {
    for (const r of this.list) {
      if (r.iifindex === ifindex) r.iifindex = -1;
      if (r.oifindex === ifindex) r.oifindex = -1;
    }
  }

  /** fib_default_rule_pref: one below the second rule, or 0. */
  private defaultPref(): number {
    const second = this.list[1];
    return second !== undefined && second.pref !== 0 ? second.pref - 1 : 0;
  }
}

function makeRule(cfg: RuleConfig, pref: number, table: number): FibRule {
  if (!Number.isInteger(pref) || pref < 0 || pref > MAX_PRIORITY) throw new RangeError(`invalid rule priority ${pref}`);
  const mark = (cfg.mark ?? 0) >>> 0;
  return {
    pref,
    action: cfg.action ?? RuleAction.TO_TBL,
    table,
    target: cfg.target ?? 0,
    src: (cfg.src ?? 0) >>> 0,
    srcLen: cfg.srcLen ?? 0,
    dst: (cfg.dst ?? 0) >>> 0,
    dstLen: cfg.dstLen ?? 0,
    tos: cfg.tos ?? 0,
    mark,
    markMask: (cfg.markMask ?? (mark !== 0 ? 0xffffffff : 0)) >>> 0,
    iifName: cfg.iifName ?? "",
    iifindex: cfg.iifindex ?? (cfg.iifName ? -1 : 0),
    oifName: cfg.oifName ?? "",
    oifindex: cfg.oifindex ?? (cfg.oifName ? -1 : 0),
    flags: cfg.invert ? RuleFlags.INVERT : 0,
    suppressPrefixLen: cfg.suppressPrefixLen ?? -1,
    protocol: cfg.protocol ?? RouteProtocol.UNSPEC,
  };
}

/**
 * rule_exists: the generic attributes compared exactly (protocol too), the address and tos
 * selectors only when the new rule gives them (fib4_rule_compare); `not` and a goto's target
 * not at all.
 */
function ruleExists(r: FibRule, rule: FibRule, cfg: RuleConfig): boolean {
  return (
    r.action === rule.action &&
    r.table === rule.table &&
    r.pref === rule.pref &&
    r.iifName === rule.iifName &&
    r.oifName === rule.oifName &&
    r.mark === rule.mark &&
    r.markMask === rule.markMask &&
    r.suppressPrefixLen === rule.suppressPrefixLen &&
    r.protocol === rule.protocol &&
    addressSelectorsMatch(r, cfg)
  );
}

/** rule_find: every given field must be equal. */
function ruleFound(r: FibRule, m: RuleMatch): boolean {
  if (m.action !== undefined && m.action !== 0 && r.action !== m.action) return false;
  if (m.table !== undefined && m.table !== 0 && r.table !== m.table) return false;
  if (m.pref !== undefined && r.pref !== m.pref) return false;
  if (m.iifName && r.iifName !== m.iifName) return false;
  if (m.oifName && r.oifName !== m.oifName) return false;
  if (m.mark && r.mark !== m.mark) return false;
  const mask = m.markMask ?? (m.mark ? 0xffffffff : 0);
  if (mask && r.markMask !== mask >>> 0) return false;
  if (m.suppressPrefixLen !== undefined && m.suppressPrefixLen !== -1 && r.suppressPrefixLen !== m.suppressPrefixLen) {
    return false;
  }
  if (m.protocol && r.protocol !== m.protocol) return false;
  return addressSelectorsMatch(r, m);
}

/** fib4_rule_compare */
function addressSelectorsMatch(r: FibRule, m: RuleMatch): boolean {
  const srcLen = m.srcLen ?? 0;
  const dstLen = m.dstLen ?? 0;
  if (srcLen && (r.srcLen !== srcLen || r.src !== (m.src ?? 0) >>> 0)) return false;
  if (dstLen && (r.dstLen !== dstLen || r.dst !== (m.dst ?? 0) >>> 0)) return false;
  if (m.tos && r.tos !== m.tos) return false;
  return true;
}

/** fib_rule_match + fib4_rule_match */
function ruleMatches(r: FibRule, flow: Flow): boolean {
  let hit =
    (r.iifindex === 0 || r.iifindex === (flow.iif ?? 0)) &&
    (r.oifindex === 0 || r.oifindex === (flow.oif ?? 0)) &&
    ((r.mark ^ (flow.mark ?? 0)) & r.markMask) === 0 &&
    (((flow.saddr ?? 0) ^ r.src) & MASKS[r.srcLen]!) === 0 &&
    ((flow.daddr ^ r.dst) & MASKS[r.dstLen]!) === 0 &&
    (r.tos === 0 || r.tos === ((flow.tos ?? 0) & IPTOS_RT_MASK));
  if (r.flags & RuleFlags.INVERT) hit = !hit;
  return hit;
}

/**
 * __fib_lookup → fib_rules_lookup: rules in order; a GOTO continues at the first rule of its
 * target priority (an unresolved goto is skipped), NOP does nothing, TO_TBL looks up its
 * table (missing or empty: no match, go on), the error actions end the lookup. A table answer
 * of EAGAIN (a throw route or no match) goes on to the next rule, as does an answer the rule
 * suppresses (fib4_rule_suppress).
 */
export function fibRulesLookup(fib: Fib, flow: Flow, res: FibResult, flags: number): number {
  const rules = fib.rules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules.at(i)!;
    if (!ruleMatches(rule, flow)) continue;
    let err: number;
    switch (rule.action) {
      case RuleAction.GOTO: {
        const target = rules.indexOfPref(rule.target);
        if (target >= 0) i = target - 1;
        continue;
      }
      case RuleAction.NOP:
        continue;
      case RuleAction.TO_TBL: {
        const table = fib.getTable(rule.table);
        err = table === undefined ? FibErrno.EAGAIN : fibTableLookup(table, flow, res, flags);
        if (err === 0 && res.prefixLen <= rule.suppressPrefixLen) continue;
        break;
      }
      case RuleAction.UNREACHABLE:
        err = FibErrno.ENETUNREACH;
        break;
      case RuleAction.PROHIBIT:
        err = FibErrno.EACCES;
        break;
      default:
        err = FibErrno.EINVAL;
    }
    if (err !== FibErrno.EAGAIN) {
      res.rule = rule;
      return err;
    }
  }
  return FibErrno.ENETUNREACH;
}
