import type { Ipv4Addr } from "@pktsim/core";
import { fail, FibErrno, type FibOpResult } from "./errno";
import { FibRules } from "./fib-rules";
import { fibCreateInfo, type FibLinks, type RouteConfig } from "./fib-semantics";
import { FibTable, type RouteMatch } from "./fib-table";
import { MASKS } from "./lpm/lpm";
import { LcTrie } from "./lpm/lc-trie";
import type { Route } from "./route";
import { RouteTable } from "./rtnetlink";

export interface FibOptions {
  /** Device state by ifindex, for nexthop checks and linkdown handling. */
  readonly links?: FibLinks;
  /** Key of the multipath flow hash (the kernel draws one at boot). */
  readonly multipathSeed?: number;
}

/** A delete request: the key fields, the table, and whatever else to match on. */
export interface RouteDelete extends RouteMatch {
  /** 0 or absent: main. */
  readonly table?: number;
}

/**
 * The IPv4 FIB of one network namespace: its tables (fib_table_hash), its policy rules, and
 * whether rules were ever changed (fib_has_custom_rules). Until then the local and main tables
 * share one trie, so that a main route can beat a shorter local one, as on Linux.
 */
export class Fib {
  readonly links: FibLinks | undefined;
  readonly multipathSeed: number;
  readonly rules: FibRules;
  private readonly tableMap = new Map<number, { table: FibTable; seq: number }>();
  private seq = 0;
  private customRules = false;

  constructor(options: FibOptions = {}) {
    this.links = options.links;
    this.multipathSeed = (options.multipathSeed ?? 0) | 0;
    this.rules = new FibRules(this);
  }

  /** fib_has_custom_rules: set for good by the first rule added or deleted. */
  get hasCustomRules(): boolean {
    return this.customRules;
  }

  /** fib_get_table (0 means main). */
  getTable(id: number): FibTable | undefined {
    return this.tableMap.get(id === 0 ? RouteTable.MAIN : id)?.table;
  }

  /** fib_new_table: the table, created empty if needed; tables are never deleted. */
  newTable(id: number): FibTable {
    if (id === 0) id = RouteTable.MAIN;
    const existing = this.getTable(id);
    if (existing !== undefined) return existing;
    const shared = id === RouteTable.LOCAL && !this.customRules ? this.newTable(RouteTable.MAIN).trie : undefined;
    const table = new FibTable(id, this, shared);
    this.tableMap.set(id, { table, seq: this.seq++ });
    return table;
  }

  /** fib_empty_table: the first table id from 1 that does not exist yet, created. */
  emptyTable(): FibTable {
    let id = 1;
    while (this.tableMap.has(id)) id++;
    return this.newTable(id);
  }

  /**
   * The tables in dump order: by id modulo 256 (the hash bucket), and within a bucket the
   * newest first (hlist_add_head) — so table 256 comes before 1, and 511 before local.
   */
  tables(): FibTable[] {
    return [...this.tableMap.values()]
      .sort((a, b) => (a.table.id & 255) - (b.table.id & 255) || b.seq - a.seq)
      .map((e) => e.table);
  }

  /**
   * inet_rtm_newroute: creates the table, checks the prefix, builds the route (fib_create_info)
   * and inserts it with the netlink flags (see RouteVerb for what iproute2 sends).
   */
  newRoute(cfg: RouteConfig, flags: number): FibOpResult<Route> {
    if ((cfg.tos ?? 0) & 3) return fail(FibErrno.EINVAL, "Invalid dsfield (tos): ECN bits must be 0");
    const table = this.newTable(cfg.table ?? 0);
    const keyError = checkKey(cfg.dst, cfg.prefixLen);
    if (keyError !== undefined) return keyError;
    const route = fibCreateInfo(this, cfg, table.id);
    if (!route.ok) return route;
    return table.insert(route.value, flags);
  }

  /** inet_rtm_delroute: ESRCH "FIB table does not exist", or fib_table_delete. */
  delRoute(match: RouteDelete): FibOpResult<Route> {
    const table = this.getTable(match.table ?? 0);
    if (table === undefined) return fail(FibErrno.ESRCH, "FIB table does not exist");
    const keyError = checkKey(match.dst, match.prefixLen);
    if (keyError !== undefined) return keyError;
    return table.delete(match);
  }

  /** The first route with exactly this key, in main unless a table is given. */
  findRoute(dst: Ipv4Addr, prefixLen: number, tos = 0, priority = 0, table: number = RouteTable.MAIN): Route | undefined {
    return this.getTable(table)?.find(dst >>> 0, prefixLen, tos, priority);
  }

  /** Every route of every table in the order of `ip route show table all`. */
  dump(): Route[] {
    return this.tables().flatMap((t) => t.dump());
  }

  /** Deletes every route, of any table, for which `filter` holds; returns them. */
  flushRoutes(filter: (route: Route) => boolean): Route[] {
    return this.tables().flatMap((t) => t.flush(filter));
  }

  /** @internal fib4_rule_configure / fib4_rule_delete: unmerge local and main, for good. */
  rulesChanged(): void {
    this.customRules = true;
    this.unmerge();
  }

  /** fib_unmerge: local gets a trie of its own; main keeps only its own routes. */
  private unmerge(): void {
    const local = this.getTable(RouteTable.LOCAL);
    const main = this.getTable(RouteTable.MAIN);
    if (local === undefined || main === undefined || local.trie !== main.trie) return;
    const own = new LcTrie<Route[]>();
    for (const { prefix, prefixLen, value } of [...main.trie.entries()]) {
      const locals = value.filter((r) => r.table === RouteTable.LOCAL);
      if (locals.length === 0) continue;
      own.insert(prefix, prefixLen, locals);
      const rest = value.filter((r) => r.table !== RouteTable.LOCAL);
      if (rest.length === 0) main.trie.remove(prefix, prefixLen);
      else main.trie.insert(prefix, prefixLen, rest);
    }
    local.trie = own;
  }
}

/** fib_valid_key_len */
function checkKey(dst: Ipv4Addr, prefixLen: number): FibOpResult<never> | undefined {
  if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > 32) {
    return fail(FibErrno.EINVAL, "Invalid prefix length");
  }
  if ((dst & ~MASKS[prefixLen]!) !== 0) return fail(FibErrno.EINVAL, "Invalid prefix for given prefix length");
  return undefined;
}
