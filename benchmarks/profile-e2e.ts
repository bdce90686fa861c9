/**
 * A plain loop over one end-to-end path, for profiling and quick A/B checks outside benchmark.js:
 *
 *   TSX_TSCONFIG_PATH=benchmarks/tsconfig.json node --cpu-prof --import tsx benchmarks/profile-e2e.ts [bridge|router] [none|tables|rules]
 *
 * prints the delivered packets per second; --cpu-prof writes a .cpuprofile to open in Chrome
 * DevTools (the figures in benchmarks/README.md's profile notes come from it).
 */
import { buildUdpPath, type Topology } from "./lib/scenarios";

const topology = (process.argv[2] ?? "bridge") as Topology;
const filtering = process.argv[3] ?? "none";
const path = buildUdpPath({ topology, tables: filtering !== "none", rules: filtering === "rules" ? 100 : 0 });
const t0 = process.hrtime.bigint();
const before = path.delivered;
for (let i = 0; i < 6000; i++) {
  for (let j = 0; j < 64; j++) path.send();
  path.run(1_000_000);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`${topology} ${filtering}: ${((path.delivered - before) / seconds / 1e3).toFixed(0)}k packets/s`);
