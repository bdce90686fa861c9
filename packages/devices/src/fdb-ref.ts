/**
 * The reference FDB: a Map keyed by the MAC's text and the VLAN. Simple enough to be obviously
 * right; the oracle the fast implementation is tested against. Map keeps insertion order, so
 * the dump order (newest first) is that order reversed.
 */
import { type MacAddr, type Nanos, formatMac } from "@pktsim/core";
import type { Fdb, FdbEntry } from "./fdb";

export class RefFdb implements Fdb {
  private readonly map = new Map<string, FdbEntry>();

  private static key(mac: MacAddr, vlan: number): string {
    return `${formatMac(mac)}/${vlan}`;
  }

  get size(): number {
    return this.map.size;
  }

  find(mac: MacAddr, vlan: number): FdbEntry | undefined {
    return this.map.get(RefFdb.key(mac, vlan));
  }

  create(mac: MacAddr, vlan: number, port: number, flags: number, now: Nanos): FdbEntry {
    const key = RefFdb.key(mac, vlan);
    if (this.map.has(key)) throw new Error(`fdb entry ${key} exists`);
    const entry: FdbEntry = { mac, vlan, port, flags, updated: now, used: now };
    this.map.set(key, entry);
    return entry;
  }

  delete(mac: MacAddr, vlan: number): boolean {
    return this.map.delete(RefFdb.key(mac, vlan));
  }

  entries(): FdbEntry[] {
    return [...this.map.values()].reverse();
  }

  clear(): void {
    this.map.clear();
  }
}
