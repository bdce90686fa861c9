/**
 * The benchmark harness: benchmark.js measures each case; every case runs in a fresh Node
 * process (its own heap, its own JIT feedback: implementations compared in one process would
 * share megamorphic call sites and each other's garbage), and the suite prints one table and
 * writes results/latest-<suite>.json.
 *
 * A suite file is runnable alone:  tsx --tsconfig benchmarks/tsconfig.json benchmarks/suites/lpm.ts
 *   --filter TEXT    only the cases whose name contains TEXT (repeatable)
 *   --quick          short measurements (a smoke run; the figures are not worth keeping)
 *   --max-time S     benchmark.js maxTime per case in seconds (default 3)
 *   --case NAME      run one case in this process and print its result (used by the parent)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Benchmark from "benchmark";
import { formatHeader, machineInfo, type MachineInfo } from "./machine";

export interface Metric {
  readonly value: number;
  readonly unit: string;
}

export interface Prepared {
  /** One call performs `opsPerCall` operations of the case. */
  readonly fn: () => void;
  /** Figures measured while preparing (build time, memory per prefix, …). */
  readonly metrics?: Record<string, Metric>;
  /** Figures computed after the measurement (e.g. frame hops per delivered packet). */
  readonly after?: () => Record<string, Metric>;
}

export interface CaseDef {
  readonly name: string;
  /** What one operation is: "hold ops", "lookups", "packets", … */
  readonly unit: string;
  readonly opsPerCall: number;
  readonly prepare: () => Prepared;
  /** Also report the mean wall time of one call under this metric name (e.g. "restore time"). */
  readonly timePerCall?: string;
}

export interface SuiteDef {
  readonly name: string;
  readonly title: string;
  readonly cases: readonly CaseDef[];
  /** Lines printed under the table (what is measured, what is left out and why). */
  readonly notes?: readonly string[];
}

export interface CaseResult {
  readonly name: string;
  readonly unit: string;
  /** Operations per second: benchmark.js calls per second × opsPerCall. */
  readonly opsPerSec: number;
  /** Relative margin of error, percent (benchmark.js, 95 % confidence). */
  readonly rme: number;
  readonly samples: number;
  readonly opsPerCall: number;
  readonly metrics: Record<string, Metric>;
  readonly error?: string;
}

export interface SuiteResult {
  readonly suite: string;
  readonly title: string;
  readonly machine: MachineInfo;
  readonly quick: boolean;
  readonly results: readonly CaseResult[];
}

const RESULT_TAG = "@@RESULT ";
export const RESULTS_DIR: string = join(dirname(fileURLToPath(import.meta.url)), "..", "results");

/** Keeps results alive so that the JIT cannot drop the work that produced them. */
export let sink = 0;
export function consume(x: number): void {
  sink = (sink + x) | 0;
}

/** Heap plus ArrayBuffer bytes after a full collection (needs --expose-gc, which the parent passes). */
export function usedBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Wall-clock milliseconds of `f` (for one-off figures such as build time). */
export function timeMs<T>(f: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t0) / 1e6];
}

interface Options {
  quick: boolean;
  maxTime: number;
  filters: string[];
  only: string | undefined;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { quick: false, maxTime: 3, filters: [], only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") o.quick = true;
    else if (a === "--max-time") o.maxTime = Number(argv[++i]);
    else if (a === "--filter") o.filters.push(argv[++i] ?? "");
    else if (a === "--case") o.only = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.quick) o.maxTime = Math.min(o.maxTime, 0.25);
  return o;
}

function measure(c: CaseDef, opts: Options): CaseResult {
  const prepared = c.prepare();
  const bench = new Benchmark(c.name, prepared.fn, {
    maxTime: opts.maxTime,
    minSamples: opts.quick ? 2 : 10,
    initCount: 1,
  });
  bench.run();
  const error = (bench as { error?: unknown }).error;
  const metrics: Record<string, Metric> = { ...(prepared.metrics ?? {}), ...(prepared.after?.() ?? {}) };
  if (c.timePerCall !== undefined) metrics[c.timePerCall] = { value: 1000 / bench.hz, unit: "ms" };
  return {
    name: c.name,
    unit: c.unit,
    opsPerSec: bench.hz * c.opsPerCall,
    rme: bench.stats.rme,
    samples: bench.stats.sample.length,
    opsPerCall: c.opsPerCall,
    metrics,
    ...(error === undefined ? {} : { error: String(error) }),
  };
}

function runChild(script: string, c: CaseDef, opts: Options): CaseResult {
  const args = [...process.execArgv, "--expose-gc", "--max-old-space-size=12288", script, "--case", c.name];
  args.push("--max-time", String(opts.maxTime));
  if (opts.quick) args.push("--quick");
  const child = spawnSync(process.execPath, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 2 ** 20,
  });
  const line = child.stdout.split("\n").find((l) => l.startsWith(RESULT_TAG));
  if (line === undefined) {
    const why = child.error?.message ?? `exit ${child.status ?? child.signal}`;
    return { name: c.name, unit: c.unit, opsPerSec: 0, rme: 0, samples: 0, opsPerCall: c.opsPerCall, metrics: {}, error: why };
  }
  return JSON.parse(line.slice(RESULT_TAG.length)) as CaseResult;
}

export function formatSi(x: number): string {
  if (x === 0) return "0";
  const units: ReadonlyArray<readonly [number, string]> = [
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [scale, suffix] of units) if (Math.abs(x) >= scale) return `${(x / scale).toPrecision(4)}${suffix}`;
  return x.toPrecision(4);
}

/** Milliseconds past a second read as seconds; whole numbers stay whole. */
export function formatMetric(m: Metric): string {
  if (m.unit === "ms" && m.value >= 1000) return `${(m.value / 1000).toFixed(2)} s`;
  if (Number.isInteger(m.value) && Math.abs(m.value) < 1e5) return `${m.value} ${m.unit}`.trim();
  return `${formatSi(m.value)} ${m.unit}`.trim();
}

export function formatTable(results: readonly CaseResult[]): string {
  const metricNames = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))];
  const head = ["case", "ops/sec", "±rme", "samples", ...metricNames];
  const rows = results.map((r) => [
    r.name,
    r.error !== undefined ? `ERROR: ${r.error}` : `${formatSi(r.opsPerSec)} ${r.unit}/s`,
    r.error !== undefined ? "" : `±${r.rme.toFixed(2)}%`,
    String(r.samples),
    ...metricNames.map((m) => {
      const v = r.metrics[m];
      return v === undefined ? "" : formatMetric(v);
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The entry point of a suite file. `scriptUrl` is the suite's import.meta.url. */
export function runSuite(suite: SuiteDef, scriptUrl: string, argv: readonly string[] = process.argv.slice(2)): void {
  const opts = parseArgs(argv);
  if (opts.only !== undefined) {
    const c = suite.cases.find((x) => x.name === opts.only);
    if (c === undefined) throw new Error(`no case named ${opts.only} in ${suite.name}`);
    process.stdout.write(`${RESULT_TAG}${JSON.stringify(measure(c, opts))}\n`);
    return;
  }
  const machine = machineInfo();
  const script = fileURLToPath(scriptUrl);
  const cases = suite.cases.filter((c) => opts.filters.length === 0 || opts.filters.some((f) => c.name.includes(f)));
  console.log(`\n## ${suite.title}${opts.quick ? " (quick run: figures not comparable)" : ""}`);
  console.log(formatHeader(machine));
  const results: CaseResult[] = [];
  for (const c of cases) {
    const r = runChild(script, c, opts);
    results.push(r);
    const status = r.error !== undefined ? `ERROR ${r.error}` : `${formatSi(r.opsPerSec)} ${r.unit}/s ±${r.rme.toFixed(2)}% (${r.samples} samples)`;
    console.error(`  ${c.name}: ${status}`);
  }
  console.log(formatTable(results));
  for (const note of suite.notes ?? []) console.log(`  note: ${note}`);
  const out: SuiteResult = { suite: suite.name, title: suite.title, machine, quick: opts.quick, results };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `latest-${suite.name}.json`);
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`  written: ${file}`);
  if (results.some((r) => r.error !== undefined)) process.exitCode = 1;
}
