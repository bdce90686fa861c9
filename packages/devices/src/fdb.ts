/**
 * The bridge forwarding database (net/bridge/br_fdb.c): one entry per (MAC, VLAN) saying
 * behind which port a station is, or that the address is the bridge's own (local). The
 * storage is an interface with two implementations — a plain reference (fdb-ref.ts) and a
 * fast default (fdb-fast.ts) — and the kernel's algorithms over it (learning, ageing,
 * flushing) are written once here, so both behave the same by construction and a property
 * test holds them equal.
 *
 * Dump order is the kernel's `br->fdb_list` order: an entry is added at the head
 * (hlist_add_head_rcu in fdb_create) and never moves, so `bridge fdb show` lists the newest
 * entries first.
 */
import type { MacAddr, Nanos } from "@pktsim/core";

/** BR_FDB_* flag bits (net/bridge/br_private.h), as a bit set. */
export const FdbFlag = {
  LOCAL: 0x1,
  STATIC: 0x2,
  STICKY: 0x4,
  ADDED_BY_USER: 0x8,
} as const;

/** One forwarding entry (struct net_bridge_fdb_entry). */
export interface FdbEntry {
  readonly mac: MacAddr;
  readonly vlan: number;
  /** port_no of the port the station is behind; 0 for the bridge device itself (f->dst == NULL). */
  port: number;
  /** FdbFlag bits. */
  flags: number;
  /** Virtual time the entry was last refreshed by a frame from it (f->updated). */
  updated: Nanos;
  /** Virtual time a frame was last forwarded to it (f->used). */
  used: Nanos;
}

/** The storage both implementations provide. */
export interface Fdb {
  /** Number of entries. */
  readonly size: number;
  /** fdb_find_rcu: the entry for (mac, vlan), without allocating. */
  find(mac: MacAddr, vlan: number): FdbEntry | undefined;
  /** fdb_create: a new entry at the head of the dump list. The key must not exist yet. */
  create(mac: MacAddr, vlan: number, port: number, flags: number, now: Nanos): FdbEntry;
  /** fdb_delete: removes the entry for (mac, vlan); false when there was none. */
  delete(mac: MacAddr, vlan: number): boolean;
  /** All entries in dump order (newest first). A fresh array: callers may delete while walking it. */
  entries(): FdbEntry[];
  /** Removes every entry. */
  clear(): void;
}

/**
 * br_fdb_update: a frame from `mac` arrived on port `port`. A new station is added, a known
 * one is refreshed and follows the station to its new port (a moved station is relearned);
 * the bridge's own (local) addresses are never taken over by a received frame.
 * Returns the entry, or undefined when nothing was learned.
 */
export function fdbUpdate(fdb: Fdb, mac: MacAddr, vlan: number, port: number, now: Nanos): FdbEntry | undefined {
  const f = fdb.find(mac, vlan);
  if (f === undefined) return fdb.create(mac, vlan, port, 0, now);
  // "received packet on %s with own address as source address": kept as it is.
  if ((f.flags & FdbFlag.LOCAL) !== 0) return undefined;
  if ((f.flags & FdbFlag.ADDED_BY_USER) !== 0) return f;
  f.updated = now;
  if (f.port !== port && (f.flags & FdbFlag.STICKY) === 0) f.port = port;
  return f;
}

/**
 * br_fdb_cleanup: deletes the dynamic entries not refreshed for `holdTime` ns and returns
 * how long until the next one expires (at least 10 ms, at most `holdTime`), when the gc
 * work runs again.
 */
export function fdbCleanup(fdb: Fdb, holdTime: Nanos, now: Nanos): Nanos {
  let delay = holdTime;
  for (const f of fdb.entries()) {
    if ((f.flags & FdbFlag.STATIC) !== 0) continue;
    const expires = f.updated + holdTime;
    if (expires > now) delay = Math.min(delay, expires - now);
    else fdb.delete(f.mac, f.vlan);
  }
  return Math.max(delay, 10_000_000);
}

/**
 * br_fdb_flush / br_fdb_delete_by_port: deletes the dynamic entries (all ports, or one
 * port). Static and local entries stay unless `doAll`.
 */
export function fdbFlush(fdb: Fdb, port?: number, doAll = false): void {
  for (const f of fdb.entries()) {
    if (port !== undefined && f.port !== port) continue;
    if (!doAll && (f.flags & FdbFlag.STATIC) !== 0) continue;
    fdb.delete(f.mac, f.vlan);
  }
}
