/**
 * iptables-save and iptables-restore 1.8.9 (nf_tables) over the namespace's ruleset, using
 * netfilter's own text format (saveRuleset/restoreRuleset). The header date is the virtual
 * clock on top of a fixed boot date.
 */
import { RestoreError, Ruleset, XtablesError, isTableName, restoreRuleset, saveRuleset } from "@pktsim/netfilter";
import type { CommandContext } from "../command";

/** The wall-clock date the simulated machine booted at (what the ctime() dates count from). */
const BOOT_EPOCH_MS = Date.UTC(2026, 10, 28, 0, 0, 0);

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ctime() without the newline, in UTC: "Sat Nov 28 00:34:43 2026". */
export function ctime(virtualNs: number): string {
  const d = new Date(BOOT_EPOCH_MS + Math.floor(virtualNs / 1e6));
  const p2 = (n: number): string => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

export function iptablesSave(ctx: CommandContext): number {
  let counters = false;
  let table: string | undefined;
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-c" || a === "--counters") counters = true;
    else if (a === "-t" || a === "--table") {
      table = args[++i];
      if (table === undefined) {
        ctx.err("iptables-save v1.8.9 (nf_tables): option \"-t\" requires an argument\n");
        return 1;
      }
    } else if (a.startsWith("--table=")) table = a.slice(8);
    else if (a === "-M" || a === "--modprobe") i++;
    else if (a === "-V" || a === "--version") {
      ctx.out("iptables-save v1.8.9 (nf_tables)\n");
      return 0;
    } else {
      ctx.err(`Unknown arguments found on commandline\n`);
      return 1;
    }
  }
  if (table !== undefined && !isTableName(table)) {
    ctx.err(`Table \`${table}' does not exist\n`);
    return 1;
  }
  const text = saveRuleset(ctx.ns.netfilter.ruleset, { counters, date: ctime(ctx.host.sim.now), ...(table !== undefined && isTableName(table) ? { table } : {}) });
  ctx.out(text);
  return 0;
}

export function iptablesRestore(ctx: CommandContext): number {
  const prog = "iptables-restore";
  let noflush = false;
  let counters = false;
  let test = false;
  let file: string | undefined;
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-n" || a === "--noflush") noflush = true;
    else if (a === "-c" || a === "--counters") counters = true;
    else if (a === "-t" || a === "--test") test = true;
    else if (a === "-v" || a === "--verbose") continue;
    else if (a === "-w" || a === "--wait" || a === "-W" || a === "--wait-interval") {
      if (args[i + 1] !== undefined && /^[0-9]+$/.test(args[i + 1]!)) i++;
    } else if (a === "-M" || a === "--modprobe" || a === "-T" || a === "--table") i++;
    else if (a === "-V" || a === "--version") {
      ctx.out(`${prog} v1.8.9 (nf_tables)\n`);
      return 0;
    } else if (a.startsWith("-") && a !== "-") {
      ctx.err(`${prog}: unrecognized option '${a}'\n`);
      return 1;
    } else file = a;
  }
  let text: string;
  if (file !== undefined && file !== "-") {
    const content = ctx.readFile(file);
    if (content === undefined) {
      ctx.err(`Can't open ${file}: No such file or directory\n`);
      return 1;
    }
    text = content;
  } else text = ctx.stdin;
  try {
    restoreRuleset(ctx.ns.netfilter.ruleset, text, { noflush, counters, test, program: prog });
  } catch (e) {
    if (e instanceof RestoreError) {
      ctx.err(e.message);
      return e.status;
    }
    if (e instanceof XtablesError) {
      ctx.err(`${prog}: ${e.message}\n`);
      return e.status;
    }
    throw e;
  }
  return 0;
}

export { Ruleset };
