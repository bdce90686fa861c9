/**
 * The kernel's message buffer (printk → what `dmesg` prints): one per machine, lines stamped
 * with the virtual time since boot. LOG targets write here (nf_log_syslog.c); only the initial
 * namespace logs unless net.netfilter.nf_log_all_netns is set, as on Linux.
 */
import type { Nanos } from "@pktsim/core";

export interface KernelLogLine {
  readonly time: Nanos;
  readonly level: number;
  readonly text: string;
}

export class KernelLog {
  readonly lines: KernelLogLine[] = [];
  /** The most lines kept (the ring buffer's bound, in lines). */
  limit = 100_000;

  printk(time: Nanos, level: number, text: string): void {
    this.lines.push({ time, level, text });
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
  }

  clear(): void {
    this.lines.length = 0;
  }
}

/** dmesg's "[    1.234567] " stamp. */
export function formatKernelTime(time: Nanos): string {
  const us = Math.floor(time / 1000);
  const sec = Math.floor(us / 1_000_000);
  return `[${String(sec).padStart(5, " ")}.${String(us % 1_000_000).padStart(6, "0")}]`;
}
