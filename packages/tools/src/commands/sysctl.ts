/**
 * sysctl (procps-ng 4.0): read and write the namespace's /proc/sys/net keys.
 */
import { Errno } from "@pktsim/stack";
import type { CommandContext } from "../command";

export function sysctl(ctx: CommandContext): number {
  const table = ctx.ns.sysctl;
  let write = false;
  let valuesOnly = false;
  let quiet = false;
  let ignore = false;
  const items: string[] = [];
  // procps parses short options with getopt: "-qw" is "-q -w".
  const args = ctx.argv.slice(1).flatMap((a) => (/^-[a-zA-Z]{2,}$/.test(a) ? [...a.slice(1)].map((c) => `-${c}`) : [a]));
  for (const a of args) {
    if (a === "-w" || a === "--write") write = true;
    else if (a === "-n" || a === "--values") valuesOnly = true;
    else if (a === "-q" || a === "--quiet") quiet = true;
    else if (a === "-p" || a === "--load" || a === "--system") return 0;
    else if (a === "-e" || a === "--ignore") ignore = true;
    else if (a === "-a" || a === "-A" || a === "-X" || a === "--all") {
      ctx.err("pktsim: sysctl -a is not modelled: name the keys (or net.ipv4.conf / net.ipv4.neigh directories)\n");
      return 1;
    }
    else items.push(a);
  }
  let status = 0;
  for (const item of items) {
    const eq = item.indexOf("=");
    if (write && eq < 0) {
      ctx.err("sysctl: command line(0): invalid syntax, continuing...\n");
      status = 1;
      continue;
    }
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().replace(/\//g, ".");
    const path = `/proc/sys/${key.replace(/\./g, "/")}`;
    if (!table.exists(key)) {
      // A directory: every key under it (the ones the model knows in full).
      const keys = eq < 0 ? table.listDir(key) : undefined;
      if (keys !== undefined) {
        for (const k of keys) ctx.out(valuesOnly ? `${table.read(k)!}\n` : `${k} = ${table.read(k)!}\n`);
        continue;
      }
      // -e: unknown keys are not an error.
      if (ignore) continue;
      ctx.err(`sysctl: cannot stat ${path}: No such file or directory\n`);
      status = 1;
      continue;
    }
    if (eq >= 0) {
      const value = item.slice(eq + 1).trim();
      const err = table.write(key, value);
      if (err !== 0) {
        ctx.err(`sysctl: setting key "${key}": ${err === Errno.EINVAL ? "Invalid argument" : "Operation not permitted"}\n`);
        status = 1;
        continue;
      }
      if (!quiet) ctx.out(valuesOnly ? `${value}\n` : `${key} = ${value}\n`);
      continue;
    }
    const v = table.read(key);
    // A write-only file (net.ipv4.route.flush): procps skips what it may not read.
    if (v === undefined) continue;
    ctx.out(valuesOnly ? `${v}\n` : `${key} = ${v}\n`);
  }
  return status;
}
