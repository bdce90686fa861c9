/**
 * Compares the latest run of each suite (benchmarks/results/latest-<suite>.json) with the
 * committed baseline (benchmarks/baseline.json) as ratios, and flags regressions: a case whose
 * ops/sec fell by more than the threshold AND by more than the two runs' margins of error
 * together. Timings are never test assertions; this is a tool for a person (exit status 1 when
 * something is flagged, so a script can stop on it).
 *
 *   npx pnpm@12.4.2 bench:compare [--threshold 0.10] [--update]
 *
 * --update writes the latest results into the baseline (the suites present in results/ replace
 * theirs; the others are kept).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RESULTS_DIR, formatSi, type CaseResult, type SuiteResult } from "./lib/harness";

interface Baseline {
  readonly note: string;
  readonly suites: Record<string, SuiteResult>;
}

const BASELINE = join(dirname(fileURLToPath(import.meta.url)), "baseline.json");

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

function latest(): SuiteResult[] {
  if (!existsSync(RESULTS_DIR)) return [];
  return readdirSync(RESULTS_DIR)
    .filter((f) => f.startsWith("latest-") && f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), "utf8")) as SuiteResult);
}

function loadBaseline(): Baseline {
  if (!existsSync(BASELINE)) return { note: "", suites: {} };
  return JSON.parse(readFileSync(BASELINE, "utf8")) as Baseline;
}

const runs = latest();
if (runs.length === 0) {
  console.error("no results in benchmarks/results/: run `npx pnpm@12.4.2 bench` first");
  process.exit(2);
}

if (process.argv.includes("--update")) {
  const base = loadBaseline();
  const suites = { ...base.suites };
  for (const r of runs) {
    if (r.quick) {
      console.error(`${r.suite}: a --quick run is not a baseline; skipped`);
      continue;
    }
    suites[r.suite] = r;
  }
  const note = "Written by `npx pnpm@12.4.2 bench:compare --update` from full runs; see benchmarks/README.md.";
  writeFileSync(BASELINE, `${JSON.stringify({ note, suites }, null, 2)}\n`);
  console.log(`baseline updated: ${Object.keys(suites).join(", ")}`);
  process.exit(0);
}

const threshold = option("threshold", 0.1);
const base = loadBaseline();
let flagged = 0;
for (const run of runs) {
  const old = base.suites[run.suite];
  console.log(`\n## ${run.suite}: latest ${run.machine.commit} (load ${run.machine.loadavg1}) vs baseline ${old?.machine.commit ?? "none"} (load ${old?.machine.loadavg1 ?? "-"})`);
  if (old === undefined) {
    console.log("  no baseline for this suite");
    continue;
  }
  if (old.machine.cpu !== run.machine.cpu || old.machine.node !== run.machine.node) {
    console.log(`  note: different machine or Node (${old.machine.cpu} ${old.machine.node} → ${run.machine.cpu} ${run.machine.node})`);
  }
  if (run.quick) console.log("  note: the latest run was --quick: ratios are rough");
  const byName = new Map<string, CaseResult>(old.results.map((r) => [r.name, r]));
  const rows: string[][] = [];
  for (const r of run.results) {
    const b = byName.get(r.name);
    if (b === undefined || b.opsPerSec === 0 || r.error !== undefined) {
      rows.push([r.name, r.error !== undefined ? "ERROR" : "new", "", "", ""]);
      continue;
    }
    const ratio = r.opsPerSec / b.opsPerSec;
    const margin = (r.rme + b.rme) / 100;
    const regression = ratio < 1 - threshold && 1 - ratio > margin;
    if (regression) flagged++;
    rows.push([
      r.name,
      `${formatSi(b.opsPerSec)}`,
      `${formatSi(r.opsPerSec)}`,
      `${ratio.toFixed(3)}×`,
      regression ? "REGRESSION" : ratio > 1 + threshold && ratio - 1 > margin ? "faster" : "",
    ]);
  }
  const head = ["case", "baseline", "latest", "ratio", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}
console.log(`\n${flagged} regression(s) beyond ${(threshold * 100).toFixed(0)}% and the margins of error`);
process.exitCode = flagged > 0 ? 1 : 0;
