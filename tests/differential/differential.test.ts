// The differential suite: every case script runs in pktsim and its transcript must equal the
// kernel's after normalizeTranscript (random MACs, EUI-64 addresses and measured times only).
// The kernel side is the recorded transcript in kernel/; with DIFF_LIVE=1 (CI, as root) each case
// also runs on this machine's kernel through kernel-run.sh and pktsim must equal that run too.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Session } from "pktsim";
import { describe, expect, it } from "vitest";
import { normalizeTranscript } from "./normalize";

const dir = fileURLToPath(new URL(".", import.meta.url));
const cases = readdirSync(`${dir}cases`)
  .filter((f) => f.endsWith(".sh"))
  .map((f) => f.slice(0, -3))
  .sort();

/**
 * Files a case reads (iptables-restore FILE) live in data/; cases name them by the absolute path
 * they had where they were recorded (kernel-run.sh runs in /), found here from any checkout.
 */
function readCaseFile(path: string): string | undefined {
  const m = /\/tests\/differential\/data\/(.+)$/.exec(path);
  if (m === null) return undefined;
  try {
    return readFileSync(`${dir}data/${m[1]}`, "utf8");
  } catch {
    return undefined;
  }
}

function pktsim(name: string): string {
  const session = new Session({ seed: 1, readFile: readCaseFile });
  return session.runScript(readFileSync(`${dir}cases/${name}.sh`, "utf8"), { xtrace: true }).output;
}

describe("pktsim prints what the kernel printed (recorded transcripts)", () => {
  for (const name of cases) {
    it(name, () => {
      const kernel = normalizeTranscript(readFileSync(`${dir}kernel/${name}.txt`, "utf8"));
      expect(normalizeTranscript(pktsim(name))).toBe(kernel);
    });
  }
});

/** The commands of a case with the status each exited with (kernel-rc/, recorded with SHOW_RC=1). */
function kernelStatuses(name: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let cmd: string | undefined;
  for (const line of readFileSync(`${dir}kernel-rc/${name}.txt`, "utf8").split("\n")) {
    if (line.startsWith("+ ")) cmd = line.slice(2);
    const m = /^rc=(\d+)$/.exec(line);
    if (m !== null && cmd !== undefined) {
      out.push([cmd, Number(m[1])]);
      cmd = undefined;
    }
  }
  return out;
}

describe("every command exits with the kernel's status (recorded)", () => {
  for (const name of cases) {
    it(name, () => {
      const session = new Session({ seed: 1, readFile: readCaseFile });
      const kernel = kernelStatuses(name);
      expect(kernel.map(([cmd]) => [cmd, session.exec(cmd).status])).toEqual(kernel);
    });
  }
});

describe.skipIf(process.env.DIFF_LIVE !== "1")("pktsim prints what this machine's kernel prints (live)", () => {
  for (const name of cases) {
    it(name, { timeout: 120_000 }, (ctx) => {
      const run = spawnSync(`${dir}kernel-run.sh`, ["-x", `${dir}cases/${name}.sh`], { encoding: "utf8" });
      if (run.status === 77 || run.status === 78) ctx.skip(`kernel side unavailable: ${run.stderr.trim()}`);
      expect(normalizeTranscript(pktsim(name))).toBe(normalizeTranscript(run.stdout));
    });
  }
});
