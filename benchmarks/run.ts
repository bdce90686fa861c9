/**
 * Runs benchmark suites, each in its own Node process, against the built packages.
 *
 *   npx pnpm@12.4.2 bench [SUITE...] [--quick] [--filter TEXT] [--max-time S]
 *
 * (the root `bench` script builds first). SUITE is one of the names below; none means all.
 * Each suite prints its table and writes benchmarks/results/latest-<suite>.json.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const SUITES: readonly string[] = ["scheduler", "lpm", "fdb", "e2e", "kube-proxy"];

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const names: string[] = [];
const passed: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "--filter" || a === "--max-time") passed.push(a, args[++i] ?? "");
  else if (a.startsWith("--")) passed.push(a);
  else names.push(a);
}
for (const n of names) {
  if (!SUITES.includes(n)) {
    console.error(`unknown suite ${n}; suites: ${SUITES.join(", ")}`);
    process.exit(2);
  }
}
let failed = false;
for (const name of names.length > 0 ? names : SUITES) {
  const file = join(here, "suites", `${name}.ts`);
  if (!existsSync(file)) {
    console.log(`\n## ${name}: not written yet`);
    continue;
  }
  const r = spawnSync(process.execPath, [...process.execArgv, file, ...passed], { stdio: "inherit" });
  if (r.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
