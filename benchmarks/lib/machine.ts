/** The header of every run: what machine, which Node, which commit, how busy the machine was. */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, release, totalmem, type as osType, arch } from "node:os";

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly v8: string;
  readonly os: string;
  readonly commit: string;
  readonly date: string;
  /** 1-minute load average when the run started: other work on a 2-core machine skews figures. */
  readonly loadavg1: number;
}

export function machineInfo(): MachineInfo {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", "packages", "benchmarks"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    if (dirty.trim() !== "") commit += "+dirty";
  } catch {
    // not a checkout: keep "unknown"
  }
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? "unknown",
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    os: `${osType()} ${release()} ${arch()}`,
    commit,
    date: new Date().toISOString(),
    loadavg1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function formatHeader(m: MachineInfo): string {
  return [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}`,
    `node ${m.node} (V8 ${m.v8}); commit ${m.commit}; ${m.date}; load average ${m.loadavg1}`,
  ].join("\n");
}
