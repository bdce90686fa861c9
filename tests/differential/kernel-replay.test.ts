// Opt-in check that the recorded kernel transcripts are reproducible: re-runs every case on this
// machine's kernel and compares the normalised transcript with the recorded one. It needs root
// and takes about a minute, so it runs only with KERNEL_REPLAY=1 (KERNEL_REPLAY_CASES=a,b to pick
// cases, KERNEL_REPLAY_TIMES=N to repeat each run N times):
//   KERNEL_REPLAY=1 npx vitest run tests/differential/kernel-replay.test.ts
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { normalizeTranscript } from "./normalize";

const dir = fileURLToPath(new URL(".", import.meta.url));
const EX_SKIP = new Set([77, 78]); // kernel-run.sh: not root / unshare unavailable

const picked = process.env.KERNEL_REPLAY_CASES?.split(",").filter((c) => c !== "");
const cases = readdirSync(`${dir}cases`)
  .filter((f) => f.endsWith(".sh"))
  .map((f) => f.slice(0, -3))
  .filter((c) => picked === undefined || picked.includes(c))
  .sort();
const times = Number(process.env.KERNEL_REPLAY_TIMES ?? "1");

describe.skipIf(process.env.KERNEL_REPLAY !== "1")("kernel transcripts are reproducible", () => {
  for (const name of cases) {
    it(name, { timeout: 120_000 * times }, (ctx) => {
      const recorded = normalizeTranscript(readFileSync(`${dir}kernel/${name}.txt`, "utf8"));
      for (let i = 0; i < times; i++) {
        const run = spawnSync(`${dir}kernel-run.sh`, ["-x", `${dir}cases/${name}.sh`], { encoding: "utf8" });
        if (run.status !== null && EX_SKIP.has(run.status)) ctx.skip(run.stderr.trim());
        expect(normalizeTranscript(run.stdout)).toBe(recorded);
      }
    });
  }
});
