/**
 * The iptables state of one namespace as iptables-nft keeps it: tables that exist once a
 * modifying command created them, built-in chains with policies and policy counters, user
 * chains, rules with counters. The operations are those of the iptables commands, with the
 * errors iptables 1.8.9 (nf_tables) reports; each leaves the state untouched when it fails.
 */
import { XtablesError, paramError } from "./errors";
import { HOOK_CHAIN, TABLE_DEFS, type NfInetHook, type TableDef, type TableName, isTableName } from "./hooks";
import { type Rule, XtCounters } from "./rule";

export type Policy = "ACCEPT" | "DROP";

export class Chain extends XtCounters {
  name: string;
  /** The hook of a built-in chain, null for a user chain. */
  readonly hook: NfInetHook | null;
  readonly priority: number;
  policy: Policy = "ACCEPT";
  // The XtCounters: packets and bytes that fell off the end of a built-in chain.
  rules: Rule[] = [];
  /** nftables handle of the chain once instantiated. */
  handle = 0;
  /**
   * Whether the base chain counts its policy: iptables-nft creates a chain with counters from
   * -P and iptables-restore, not when -A/-I create it implicitly (verified: such a chain's
   * policy line stays at 0 packets).
   */
  counters = false;

  constructor(name: string, hook: NfInetHook | null, priority = 0) {
    super();
    this.name = name;
    this.hook = hook;
    this.priority = priority;
  }

  get builtin(): boolean {
    return this.hook !== null;
  }

  clone(): Chain {
    const c = new Chain(this.name, this.hook, this.priority);
    c.policy = this.policy;
    this.copyCountersTo(c);
    c.rules = [...this.rules];
    c.handle = this.handle;
    c.counters = this.counters;
    return c;
  }
}

export class Table {
  readonly def: TableDef;
  /** Built-in chains in hook order, then user chains (listed sorted by name). */
  readonly chains: Map<string, Chain> = new Map();
  /** nftables handle allocator (chains and rules share it). */
  nextHandle = 1;

  constructor(def: TableDef) {
    this.def = def;
    for (const { hook, priority } of def.chains) this.chains.set(HOOK_CHAIN[hook]!, new Chain(HOOK_CHAIN[hook]!, hook, priority));
  }

  get name(): TableName {
    return this.def.name;
  }

  builtins(): Chain[] {
    return [...this.chains.values()].filter((c) => c.builtin);
  }

  userChains(): Chain[] {
    return [...this.chains.values()].filter((c) => !c.builtin).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Built-in chains then user chains, the order -L, -S and iptables-save use. */
  orderedChains(): Chain[] {
    return [...this.builtins(), ...this.userChains()];
  }

  /** How many rules jump or go to `name`. */
  references(name: string): number {
    let n = 0;
    for (const c of this.chains.values()) {
      for (const r of c.rules) if ((r.action.kind === "jump" || r.action.kind === "goto") && r.action.chain === name) n++;
    }
    return n;
  }

  clone(): Table {
    const t = new Table(this.def);
    t.chains.clear();
    for (const [name, c] of this.chains) t.chains.set(name, c.clone());
    t.nextHandle = this.nextHandle;
    return t;
  }

  /** Gives a chain (and later its rules) nftables handles, as iptables-nft creates chains lazily. */
  instantiate(chain: Chain): void {
    if (chain.handle === 0) chain.handle = this.nextHandle++;
  }

  /**
   * The hooks from which `chain` can be reached (its own for a built-in chain), for the
   * kernel's per-hook target checks.
   */
  hookMask(chain: Chain): number {
    let mask = 0;
    const seen = new Set<string>();
    const visit = (c: Chain): void => {
      if (seen.has(c.name)) return;
      seen.add(c.name);
      if (c.hook !== null) mask |= 1 << c.hook;
      for (const other of this.chains.values()) {
        if (other.rules.some((r) => (r.action.kind === "jump" || r.action.kind === "goto") && r.action.chain === c.name)) visit(other);
      }
    };
    visit(chain);
    return mask;
  }
}

/** The jump/goto graph of a table and the hooks each chain is reachable from. */
interface Reach {
  readonly targets: Map<string, Set<string>>;
  readonly mask: Map<string, number>;
}

/** Adds `from`'s jump or goto (if the rule has one) and spreads `from`'s hooks down the graph. */
function addJump(r: Reach, from: string, rule: Rule): void {
  const a = rule.action;
  if (a.kind !== "jump" && a.kind !== "goto") return;
  let out = r.targets.get(from);
  if (out === undefined) r.targets.set(from, (out = new Set()));
  if (out.has(a.chain)) return;
  out.add(a.chain);
  const work: Array<readonly [string, number]> = [[a.chain, r.mask.get(from) ?? 0]];
  while (work.length > 0) {
    const [name, bits] = work.pop()!;
    const old = r.mask.get(name) ?? 0;
    if ((bits & ~old) === 0) continue;
    const now = old | bits;
    r.mask.set(name, now);
    for (const next of r.targets.get(name) ?? []) work.push([next, now]);
  }
}

const NO_CHAIN = "No chain/target/match by that name.";
const BAD_RULE = "Bad rule (does a matching rule exist in that chain?).";

function other(message: string): XtablesError {
  return new XtablesError("other", message);
}

function kernel(message: string): XtablesError {
  return new XtablesError("kernel", ` ${message}`);
}

/**
 * The targets iptables 1.8.9 finds for a name: the standard verdicts and every target
 * extension of the reference machine's /usr/lib/x86_64-linux-gnu/xtables (libxt_*, libipt_*).
 */
const LOADABLE_TARGETS: ReadonlySet<string> = new Set([
  "ACCEPT", "DROP", "QUEUE", "RETURN", "standard",
  "AUDIT", "CHECKSUM", "CLASSIFY", "CONNMARK", "CONNSECMARK", "CT", "DNAT", "DSCP", "HMARK", "IDLETIMER", "LED", "LOG",
  "MARK", "MASQUERADE", "NFLOG", "NFQUEUE", "NOTRACK", "RATEEST", "REDIRECT", "SECMARK", "SET", "SNAT", "SYNPROXY",
  "TCPMSS", "TCPOPTSTRIP", "TEE", "TOS", "TPROXY", "TRACE", "CLUSTERIP", "ECN", "NETMAP", "REJECT", "TTL", "ULOG",
]);

/** iptables' checks on a new chain name. */
export function validateChainName(name: string): void {
  if (name.length >= 29) throw paramError(`chain name \`${name}' too long (must be under 29 chars)`);
  if (name.startsWith("-")) throw paramError("chain name not allowed to start with `-'");
  if (/[\s]/.test(name) || name === "") throw paramError(`Invalid chain name \`${name}'`);
}

export class Ruleset {
  /** Existing tables (iptables-nft creates a table on its first modifying command). */
  readonly tables: Map<TableName, Table> = new Map();
  /** Bumped on every change (the hook code caches per generation). */
  generation = 0;
  /**
   * Edit tables in place instead of copy-on-write. For iptables-restore's scratch ruleset only:
   * a failing line discards the whole scratch table, so per-command atomicity buys nothing
   * there, and copying the table per rule made a restore quadratic in its rules.
   */
  inPlace = false;
  /**
   * In place only: per table, the jump/goto graph and each chain's hook mask, kept by
   * append/insert/newChain (masks only grow: each chain's changes at most once per hook) and
   * dropped by any other edit, so that the per-rule hook checks cost O(1) instead of a scan of
   * every rule (Table.hookMask, the simple twin the property test holds this to).
   */
  private readonly reach = new Map<Table, Reach>();

  /** The table if it exists. */
  get(name: TableName): Table | undefined {
    return this.tables.get(name);
  }

  /** The table, or a fresh unregistered view of it for listing (-L does not create tables). */
  view(name: TableName): Table {
    return this.tables.get(name) ?? new Table(TABLE_DEFS[name]);
  }

  static checkTable(name: string): TableName {
    if (!isTableName(name)) throw new XtablesError("version", `table '${name}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`);
    return name;
  }

  /** Applies `fn` to a copy of the table and installs it only if `fn` succeeds (one nft batch). */
  private edit<T>(tableName: TableName, fn: (t: Table) => T, keepsCallers = false): T {
    const existing = this.tables.get(tableName);
    if (existing !== undefined && !keepsCallers) this.reach.delete(existing);
    const copy = (this.inPlace ? existing : existing?.clone()) ?? new Table(TABLE_DEFS[tableName]);
    const result = fn(copy);
    this.tables.set(tableName, copy);
    this.generation++;
    return result;
  }

  /** Replaces whole tables at once (iptables-restore's commit). */
  install(tables: ReadonlyMap<TableName, Table>): void {
    for (const [name, t] of tables) this.tables.set(name, t);
    this.generation++;
  }

  chainOf(table: Table, name: string): Chain {
    const c = table.chains.get(name);
    if (c === undefined) throw other(NO_CHAIN);
    return c;
  }

  /** Forgets the reachability of every table (iptables-restore empties chains behind the API). */
  dropReach(): void {
    this.reach.clear();
  }

  /** Table.hookMask, through the kept reachability when editing in place. */
  private hookMask(table: Table, chain: Chain): number {
    if (!this.inPlace) return table.hookMask(chain);
    return this.reachOf(table).mask.get(chain.name) ?? 0;
  }

  private reachOf(table: Table): Reach {
    let r = this.reach.get(table);
    if (r === undefined) {
      r = { targets: new Map(), mask: new Map() };
      for (const c of table.chains.values()) if (c.hook !== null) r.mask.set(c.name, 1 << c.hook);
      for (const c of table.chains.values()) for (const rule of c.rules) addJump(r, c.name, rule);
      this.reach.set(table, r);
    }
    return r;
  }

  /** A rule was added to `chain`: its jump extends the kept reachability, if any is kept. */
  private addedRule(table: Table, chain: Chain, rule: Rule): void {
    const r = this.reach.get(table);
    if (r !== undefined) addJump(r, chain.name, rule);
  }

  private checkRule(table: Table, chain: Chain, rule: Rule, op: string): void {
    const mask = this.hookMask(table, chain);
    const a = rule.action;
    if (a.kind === "target") {
      const err = a.target.check(table.name, mask, rule.ip.proto, (rule.ip.invflags & 0x40) !== 0);
      if (err !== null) throw kernel(`${op} failed (Invalid argument): rule in chain ${chain.name}`);
    }
    for (const m of rule.matches) {
      const hookError = (m as { hookError?: (mask: number) => string | null }).hookError;
      if (hookError !== undefined && hookError.call(m, mask) !== null) throw kernel(`${op} failed (Invalid argument): rule in chain ${chain.name}`);
    }
    if (chain.builtin) {
      const hook = chain.hook!;
      const inHooks = hook === 3 || hook === 4;
      const outHooks = hook === 0 || hook === 1;
      if (inHooks && (rule.ip.iniface !== "" || rule.ip.inWild || (rule.via & 1) !== 0)) throw paramError(`Can't use -i with ${chain.name}\n`);
      if (outHooks && (rule.ip.outiface !== "" || rule.ip.outWild || (rule.via & 2) !== 0)) throw paramError(`Can't use -o with ${chain.name}\n`);
    }
    // A jump makes the target chain reachable from more hooks: its rules must suit them too.
    if (a.kind === "jump" || a.kind === "goto") {
      const target = table.chains.get(a.chain);
      if (target !== undefined) {
        const extra = mask | this.hookMask(table, target);
        for (const r of target.rules) {
          if (r.action.kind === "target" && r.action.target.check(table.name, extra, r.ip.proto, (r.ip.invflags & 0x40) !== 0) !== null) {
            throw kernel(`${op} failed (Invalid argument): rule in chain ${chain.name}`);
          }
        }
      }
    }
  }

  private placeRule(table: Table, chain: Chain, rule: Rule): void {
    table.instantiate(chain);
    if (rule.handle === 0) rule.handle = table.nextHandle++;
  }

  /** iptables -A. */
  append(tableName: TableName, chainName: string, rule: Rule): void {
    this.appendAll(tableName, chainName, [rule]);
  }

  /** iptables -A with address lists: every rule in one batch. */
  appendAll(tableName: TableName, chainName: string, rules: readonly Rule[]): void {
    this.edit(tableName, (t) => {
      const chain = this.chainOf(t, chainName);
      for (const rule of rules) {
        this.checkRule(t, chain, rule, "RULE_APPEND");
        this.placeRule(t, chain, rule);
        chain.rules.push(rule);
        this.addedRule(t, chain, rule);
      }
    }, true);
  }

  /** iptables -I CHAIN [NUM]. */
  insert(tableName: TableName, chainName: string, num: number, rule: Rule): void {
    this.insertAll(tableName, chainName, num, [rule]);
  }

  /** iptables -I with address lists: each at NUM in turn, in one batch. */
  insertAll(tableName: TableName, chainName: string, num: number, rules: readonly Rule[]): void {
    this.edit(tableName, (t) => {
      const chain = this.chainOf(t, chainName);
      for (const rule of rules) {
        if (num - 1 > chain.rules.length) throw other("Index of insertion too big.");
        this.checkRule(t, chain, rule, "RULE_INSERT");
        this.placeRule(t, chain, rule);
        chain.rules.splice(num - 1, 0, rule);
        this.addedRule(t, chain, rule);
      }
    }, true);
  }

  /** iptables -R CHAIN NUM. */
  replace(tableName: TableName, chainName: string, num: number, rule: Rule): void {
    const existing = this.tables.get(tableName);
    if (existing === undefined) throw other(NO_CHAIN);
    this.edit(tableName, (t) => {
      const chain = this.chainOf(t, chainName);
      if (num > chain.rules.length) throw other("Index of replacement too big.");
      this.checkRule(t, chain, rule, "RULE_REPLACE");
      this.placeRule(t, chain, rule);
      chain.rules[num - 1] = rule;
    });
  }

  /** iptables -D CHAIN NUM. */
  deleteNum(tableName: TableName, chainName: string, num: number): void {
    const existing = this.tables.get(tableName);
    if (existing === undefined) throw other(NO_CHAIN);
    this.edit(tableName, (t) => {
      const chain = this.chainOf(t, chainName);
      if (num > chain.rules.length) throw other("Index of deletion too big.");
      chain.rules.splice(num - 1, 1);
    });
  }

  /** The position of the first rule equal to `spec` (as iptables compares rules), or -1. */
  findRule(table: Table | undefined, chainName: string, spec: Rule): number {
    if (table === undefined) throw other(NO_CHAIN);
    const chain = this.chainOf(table, chainName);
    const want = spec.spec();
    return chain.rules.findIndex((r) => r.spec() === want);
  }

  /**
   * iptables -D CHAIN RULE-SPEC, for each rule of an address list in one batch: each deletes
   * the first equal rule still there (nft_rule_delete drops it from the cache), and if one is
   * missing nothing is deleted.
   */
  deleteSpec(tableName: TableName, chainName: string, spec: Rule | readonly Rule[]): void {
    const specs = Array.isArray(spec) ? (spec as readonly Rule[]) : [spec as Rule];
    // nft_rule_delete finds no rule in a chain that does not exist either (verified: -D NOPE -j DROP).
    const chain = this.tables.get(tableName)?.chains.get(chainName);
    if (chain === undefined) throw other(BAD_RULE);
    const rules = [...chain.rules];
    for (const one of specs) {
      const want = one.spec();
      const i = rules.findIndex((r) => r.spec() === want);
      if (i < 0) throw other(BAD_RULE);
      rules.splice(i, 1);
    }
    this.edit(tableName, (copy) => {
      this.chainOf(copy, chainName).rules = rules;
    });
  }

  /** iptables -C: every rule of an address list must be there. */
  checkSpec(tableName: TableName, chainName: string, spec: Rule | readonly Rule[]): void {
    const specs = Array.isArray(spec) ? (spec as readonly Rule[]) : [spec as Rule];
    const chain = this.tables.get(tableName)?.chains.get(chainName);
    // nft_rule_check: a missing chain is a missing rule (verified: -C NOPE -j DROP).
    if (chain === undefined) throw other(BAD_RULE);
    for (const one of specs) {
      const want = one.spec();
      if (!chain.rules.some((r) => r.spec() === want)) throw other(BAD_RULE);
    }
  }

  /**
   * iptables -F [CHAIN]. The built-in chains it names are created (table included): CHAIN, or
   * with -v and no CHAIN all of them; a plain -F does not create the table (verified:
   * -t nat -F leaves no nat table, -F INPUT and -t mangle -F -v create theirs).
   */
  flush(tableName: TableName, chainName?: string, verbose = false): void {
    const t = this.tables.get(tableName);
    if (chainName !== undefined && !this.view(tableName).chains.has(chainName)) throw other(NO_CHAIN);
    if (t === undefined && chainName === undefined && !verbose) return;
    this.edit(tableName, (copy) => {
      const chains = chainName === undefined ? [...copy.chains.values()] : [this.chainOf(copy, chainName)];
      for (const c of chains) c.rules = [];
      const named = chainName !== undefined ? chains : verbose ? copy.builtins() : [];
      for (const c of named) copy.instantiate(c);
    });
  }

  /** iptables -Z [CHAIN [NUM]]. */
  zero(tableName: TableName, chainName?: string, num?: number): void {
    const t = this.tables.get(tableName);
    if (t === undefined) {
      if (chainName !== undefined && !this.view(tableName).chains.has(chainName)) throw other(NO_CHAIN);
      return;
    }
    const chains = chainName === undefined ? [...t.chains.values()] : [this.chainOf(t, chainName)];
    for (const c of chains) {
      if (num !== undefined) {
        const r = c.rules[num - 1];
        if (r !== undefined) r.zeroCounters();
        continue;
      }
      c.setCounters(0n, 0n);
      // Zeroing a base chain's counters gives it counters (verified: its policy counts after -Z).
      if (c.builtin && c.handle !== 0) c.counters = true;
      for (const r of c.rules) r.zeroCounters();
    }
    this.generation++;
  }

  /** iptables -N. */
  newChain(tableName: TableName, name: string): void {
    validateChainName(name);
    // do_parse: xtables_find_target(name, XTF_TRY_LOAD) — any target iptables can load.
    if (LOADABLE_TARGETS.has(name)) throw paramError("chain name may not clash with target name");
    this.edit(tableName, (t) => {
      if (t.chains.has(name)) throw other("Chain already exists.");
      const c = new Chain(name, null);
      t.chains.set(name, c);
      t.instantiate(c);
    }, true);
  }

  /** iptables -X [CHAIN]: empty, unreferenced user chains only; without a name all of them, atomically. */
  deleteChain(tableName: TableName, name?: string): void {
    const t = this.tables.get(tableName);
    if (t === undefined) {
      if (name !== undefined) throw other(NO_CHAIN);
      return;
    }
    const builtin = name === undefined ? undefined : t.chains.get(name);
    if (builtin !== undefined && builtin.builtin) {
      // __nft_chain_user_del on a base chain: refused with ENOTEMPTY when the cached policy is
      // not ACCEPT; the cache has no rules, so a chain with rules reaches the kernel, which
      // refuses it busy; an empty ACCEPT chain is deleted (and lists as a fresh one).
      if (builtin.policy !== "ACCEPT") throw other("Directory not empty.");
      if (builtin.rules.length > 0) throw kernel(`CHAIN_DEL failed (Device or resource busy): chain ${builtin.name}`);
      this.edit(tableName, (copy) => {
        const c = copy.chains.get(builtin.name)!;
        c.setCounters(0n, 0n);
        c.counters = false;
        c.handle = 0;
      });
      return;
    }
    this.edit(tableName, (copy) => {
      const victims = name === undefined ? copy.userChains().reverse() : [this.chainOf(copy, name)];
      for (const c of victims) {
        if (c.builtin || c.rules.length > 0 || copy.references(c.name) > 0) throw kernel(`CHAIN_DEL failed (Device or resource busy): chain ${c.name}`);
        copy.chains.delete(c.name);
      }
    });
  }

  /** iptables -P. */
  setPolicy(tableName: TableName, chainName: string, policy: string): void {
    if (tableName === "nat" && policy === "DROP") {
      throw paramError('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
    }
    const c = this.view(tableName).chains.get(chainName);
    if (c === undefined || !c.builtin) throw other("Bad built-in chain name.");
    if (policy !== "ACCEPT" && policy !== "DROP") throw other("Bad policy name. Run `dmesg' for more information.");
    this.edit(tableName, (t) => {
      const chain = this.chainOf(t, chainName);
      chain.policy = policy;
      chain.counters = true;
      t.instantiate(chain);
    });
  }

  /** iptables -E OLD NEW: references follow the chain. */
  renameChain(tableName: TableName, from: string, to: string): void {
    validateChainName(to);
    const t = this.tables.get(tableName);
    if (t === undefined) throw other(NO_CHAIN);
    // nft_chain_user_rename looks for the new name first (verified: -E GONE INPUT is File exists).
    if (t.chains.has(to)) throw other("File exists.");
    if (!t.chains.has(from)) throw other(NO_CHAIN);
    const fromChain = t.chains.get(from)!;
    // A built-in chain iptables-nft has not created yet is not in the cache (verified: -E INPUT Z).
    if (fromChain.builtin) throw other(fromChain.handle === 0 ? NO_CHAIN : "Operation not supported.");
    this.edit(tableName, (copy) => {
      const entries = [...copy.chains.entries()];
      copy.chains.clear();
      for (const [name, c] of entries) {
        if (name === from) c.name = to;
        c.rules = c.rules.map((r) => r.withChainRenamed(from, to));
        copy.chains.set(c.name, c);
      }
    });
  }

  /** Does any rule of any table need connection tracking (nf_ct_netns_get)? */
  needsConntrack(): boolean {
    for (const t of this.tables.values()) {
      for (const c of t.chains.values()) if (c.rules.some((r) => r.needsConntrack)) return true;
    }
    return false;
  }
}
