/**
 * The `pktsim` command line: `pktsim run [-x] [--seed N] [--pcap DIR] FILE` runs a script;
 * `pktsim` alone reads commands from standard input (with a root prompt on a terminal).
 * This file is the only place that touches the real file system and terminal.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DEFAULT_SEED, SimulationLimitError } from "@pktsim/core";
import { DeviceCaptures } from "./capture";
import { Session, type Chunk } from "./session";

const USAGE = `Usage: pktsim run [-x] [--seed N] [--pcap DIR] FILE
       pktsim [--seed N] [--pcap DIR]          (commands from standard input)

  -x           print each command after "+ " before its output
  --seed N     seed every random choice (MACs, ids, timers); default ${DEFAULT_SEED}
  --pcap DIR   write what every device sent and received to DIR/NAMESPACE-DEVICE.pcap
`;

interface CliOptions {
  xtrace: boolean;
  seed: number;
  pcapDir: string | undefined;
  file: string | undefined;
  run: boolean;
}

function parseArgs(argv: string[]): CliOptions | string {
  const opts: CliOptions = { xtrace: false, seed: DEFAULT_SEED, pcapDir: undefined, file: undefined, run: false };
  const rest = [...argv];
  if (rest[0] === "run") {
    opts.run = true;
    rest.shift();
  }
  while (rest.length > 0) {
    const a = rest.shift()!;
    if (a === "-x") opts.xtrace = true;
    else if (a === "--seed" || a.startsWith("--seed=")) {
      const v = a.includes("=") ? a.slice(7) : rest.shift();
      if (v === undefined || !/^-?[0-9]+$/.test(v)) return `pktsim: --seed needs an integer\n`;
      opts.seed = Number(v);
    } else if (a === "--pcap" || a.startsWith("--pcap=")) {
      const v = a.includes("=") ? a.slice(7) : rest.shift();
      if (v === undefined) return "pktsim: --pcap needs a directory\n";
      opts.pcapDir = v;
    } else if (a === "-h" || a === "--help") return USAGE;
    else if (a.startsWith("-") && a !== "-") return `pktsim: unknown option ${a}\n${USAGE}`;
    else if (opts.file === undefined) opts.file = a;
    else return `pktsim: unexpected argument ${a}\n${USAGE}`;
  }
  if (opts.run && opts.file === undefined) return `pktsim: run needs a FILE\n${USAGE}`;
  return opts;
}

/** Commands such as `iptables-restore FILE` read real files when run from the CLI. */
function readRealFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function write(chunk: Chunk): void {
  (chunk.stream === "stdout" ? process.stdout : process.stderr).write(chunk.text);
}

function savePcaps(captures: DeviceCaptures, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of captures.files()) writeFileSync(join(dir, name), bytes);
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === "string") {
    const isHelp = parsed === USAGE;
    (isHelp ? process.stdout : process.stderr).write(parsed);
    return isHelp ? 0 : 2;
  }
  const session = new Session({ seed: parsed.seed, readFile: readRealFile });
  const captures = parsed.pcapDir !== undefined ? new DeviceCaptures(session.host.sim) : undefined;
  let status = 0;
  try {
    if (parsed.file !== undefined && parsed.file !== "-") {
      let source: string;
      try {
        source = readFileSync(parsed.file, "utf8");
      } catch (e) {
        process.stderr.write(`pktsim: ${parsed.file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "No such file or directory" : String(e)}\n`);
        return 127;
      }
      status = session.runScript(source, { xtrace: parsed.xtrace, onChunk: write }).status;
    } else {
      status = await interactive(session, parsed.xtrace);
    }
  } catch (e) {
    if (e instanceof SimulationLimitError) {
      process.stderr.write(`pktsim: ${e.message}\n`);
      status = 3;
    } else {
      throw e;
    }
  } finally {
    if (captures !== undefined && parsed.pcapDir !== undefined) savePcaps(captures, parsed.pcapDir);
  }
  return status;
}

async function interactive(session: Session, xtrace: boolean): Promise<number> {
  const tty = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: tty ? process.stdout : undefined, terminal: tty });
  const prompt = "root@pktsim:~# ";
  let status = 0;
  let pending = "";
  if (tty) rl.setPrompt(prompt);
  if (tty) rl.prompt();
  for await (const raw of rl) {
    const line = pending + raw;
    if (line.endsWith("\\")) {
      pending = line.slice(0, -1).replace(/[ \t]+$/, "") + " ";
      continue;
    }
    pending = "";
    const trimmed = line.trim();
    if (trimmed !== "" && !trimmed.startsWith("#")) {
      if (trimmed === "exit" || trimmed === "logout") break;
      if (xtrace) process.stdout.write(`+ ${trimmed}\n`);
      status = session.exec(trimmed, { onChunk: write }).status;
    }
    if (tty) rl.prompt();
  }
  rl.close();
  return status;
}
