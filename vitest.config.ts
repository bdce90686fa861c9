import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests run against the sources; benchmarks and the CLI run against the built output.
export default defineConfig({
  resolve: {
    alias: {
      "@pktsim/core": src("core"),
      "@pktsim/devices": src("devices"),
      "@pktsim/routing": src("routing"),
      "@pktsim/netfilter": src("netfilter"),
      "@pktsim/stack": src("stack"),
      pktsim: src("tools"),
      "@pktsim/cluster": src("cluster"),
    },
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
