/**
 * How large a cluster the conformance check handles: builds clusters of growing size and times
 * the build and the full pairwise check (every ordered pod/node pair probed with UDP).
 *
 *   npx -y pnpm@12.4.2 -r build && npx tsx benchmarks/scale/cluster-scale.ts [maxSeconds]
 *
 * Measured (2-core VM, Node 20, other work running): 40 nodes × 24 pods (1000 endpoints,
 * 997,440 probes) 34.7 s; 48 × 28 (1392 endpoints, 1.93 M probes) 105 s.
 */
import { Cluster, checkConformance } from "@pktsim/cluster";

const budget = Number(process.argv[2] ?? "60") * 1000;
const sizes: Array<[number, number]> = [
  [3, 4],
  [4, 8],
  [6, 8],
  [8, 8],
  [8, 12],
  [10, 12],
  [12, 12],
  [16, 12],
  [16, 16],
  [20, 16],
  [24, 20],
  [32, 20],
  [40, 24],
  [48, 28],
  [64, 30],
  [80, 32],
];
console.log("nodes pods/node endpoints probes build_s check_s total_s");
for (const [nodes, pods] of sizes) {
  const t0 = performance.now();
  const cluster = Cluster.build({ nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node${i + 1}`, pods })) });
  const t1 = performance.now();
  const report = checkConformance(cluster);
  const t2 = performance.now();
  const total = t2 - t0;
  console.log(
    `${nodes} ${pods} ${report.endpoints.length} ${report.probes} ${((t1 - t0) / 1000).toFixed(2)} ${((t2 - t1) / 1000).toFixed(2)} ${(total / 1000).toFixed(2)}${report.ok ? "" : " VIOLATIONS"}`,
  );
  if (total > budget) break;
}
