/**
 * A shell session over a simulated machine: it runs command lines and scripts the way
 * `pktsim run` does, collecting stdout and stderr in the order they were written. This is
 * the TypeScript entry point for callers (`session.exec("ip link show")`).
 */
import { Host, type HostOptions, type Namespace } from "@pktsim/stack";
import { type Command, type CommandContext, Exit } from "./command";
import { parseScript, tokenize, ShellSyntaxError } from "./shell";
import { builtinCommands } from "./commands/registry";

/** Virtual time that passes before each command starts (see runArgv). */
export const COMMAND_GAP_NS = 100_000;

export interface Chunk {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved in the order they were written. */
  readonly output: string;
  readonly status: number;
}

export interface RunOptions {
  /** Print each logical line after "+ " before running it (`pktsim run -x`). */
  xtrace?: boolean;
  /** Standard input of the command (`exec` only): what iptables-restore reads, for example. */
  stdin?: string;
  /** Called with each chunk as it is produced (the CLI streams them). */
  onChunk?: (chunk: Chunk) => void;
}

export interface SessionOptions extends HostOptions {
  /** Run commands on an existing host. */
  host?: Host;
  /** How commands read files not written with `writeFile` (the CLI passes the real file system). */
  readFile?: (path: string) => string | undefined;
}

export class Session {
  readonly host: Host;
  private readonly commands: Map<string, Command>;
  /** Files written through the API, which commands read before anything else. */
  private readonly files = new Map<string, string>();
  private readonly fallbackRead: ((path: string) => string | undefined) | undefined;
  /** Where background processes write: the running exec/runScript's sink (null between calls). */
  private console: ((chunk: Chunk) => void) | null = null;
  /** What background processes wrote while no command ran; it comes out first next time. */
  private readonly pendingOutput: Chunk[] = [];

  constructor(options: SessionOptions = {}) {
    this.host = options.host ?? new Host(options);
    this.commands = new Map(builtinCommands());
    this.fallbackRead = options.readFile;
  }

  /** Makes a file visible to commands (e.g. rules for `iptables-restore FILE`). */
  writeFile(path: string, content: string): void {
    this.files.set(path, content);
  }

  private readFile(path: string): string | undefined {
    return this.files.get(path) ?? this.fallbackRead?.(path);
  }

  /** Adds or replaces a command. */
  define(name: string, command: Command): void {
    this.commands.set(name, command);
  }

  /** Runs one command line in the initial namespace. */
  exec(line: string, options: RunOptions = {}): ExecResult {
    const chunks: Chunk[] = [];
    const sink = (chunk: Chunk): void => {
      chunks.push(chunk);
      options.onChunk?.(chunk);
    };
    const restore = this.attachConsole(sink);
    let status: number;
    try {
      const argv = tokenize(line);
      status = argv.length === 0 ? 0 : this.runArgv(argv, this.host.init, sink, options.stdin ?? "");
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      sink({ stream: "stderr", text: `pktsim: syntax error: ${e.message}\n` });
      status = 2;
    } finally {
      restore();
    }
    return collect(chunks, status);
  }

  /** Runs a script: each logical line in turn, going on after failures, like bash. */
  runScript(source: string, options: RunOptions = {}): ExecResult {
    const chunks: Chunk[] = [];
    const sink = (chunk: Chunk): void => {
      chunks.push(chunk);
      options.onChunk?.(chunk);
    };
    const restore = this.attachConsole(sink);
    const lines = parseScript(source);
    // Reject syntax errors before anything runs, as kernel-run.sh does.
    const parsed: string[][] = [];
    for (const line of lines) {
      try {
        parsed.push(tokenize(line.text, line.lineNo));
      } catch (e) {
        if (!(e instanceof ShellSyntaxError)) throw e;
        sink({ stream: "stderr", text: `pktsim: line ${line.lineNo}: ${e.message}: ${line.text}\n` });
        restore();
        return collect(chunks, 2);
      }
    }
    let status = 0;
    try {
      lines.forEach((line, i) => {
        if (options.xtrace === true) sink({ stream: "stdout", text: `+ ${line.text}\n` });
        status = this.runArgv(parsed[i]!, this.host.init, sink);
      });
    } finally {
      restore();
    }
    return collect(chunks, status);
  }

  /** Makes `sink` the console background processes write to (first what they wrote meanwhile). */
  private attachConsole(sink: (chunk: Chunk) => void): () => void {
    const previous = this.console;
    this.console = sink;
    for (const chunk of this.pendingOutput.splice(0)) sink(chunk);
    return () => {
      this.console = previous;
    };
  }

  /** A background process's output goes to the current console, or waits for the next one. */
  private toConsole(chunk: Chunk): void {
    if (this.console !== null) this.console(chunk);
    else this.pendingOutput.push(chunk);
  }

  private runArgv(argv: readonly string[], ns: Namespace, sink: (chunk: Chunk) => void, stdin = "", detached = false): number {
    // Between two commands the kernel runs on: the fork and exec of the next one take a
    // millisecond or more, in which packets still in flight (a reply that arrives after ping
    // exited) are delivered and work deferred to "right after" (linkwatch) is done. 100 µs of
    // virtual time covers several hops (a veth hop is 10 µs) and stays well below any timer.
    this.host.sim.scheduler.runUntil(this.host.sim.now + COMMAND_GAP_NS);
    const name = argv[0]!;
    const command = this.commands.get(name) ?? this.commands.get(basename(name));
    if (command === undefined) {
      sink({ stream: "stderr", text: `${name}: command not found\n` });
      return 127;
    }
    const ctx: CommandContext = {
      host: this.host,
      ns,
      argv,
      out: detached ? (text) => this.toConsole({ stream: "stdout", text }) : (text) => sink({ stream: "stdout", text }),
      err: detached ? (text) => this.toConsole({ stream: "stderr", text }) : (text) => sink({ stream: "stderr", text }),
      run: (sub, subNs, opts) => this.runArgv(sub, subNs, sink, stdin, detached || opts?.detached === true),
      detached,
      stdin,
      readFile: (path) => this.readFile(path),
    };
    try {
      return command(ctx);
    } catch (e) {
      if (e instanceof Exit) return e.status;
      throw e;
    }
  }

  /** Is `name` a command this session knows (what `ip netns exec` checks before exec)? */
  has(name: string): boolean {
    return this.commands.has(name) || this.commands.has(basename(name));
  }
}

function basename(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? path : path.slice(slash + 1);
}

function collect(chunks: readonly Chunk[], status: number): ExecResult {
  let stdout = "";
  let stderr = "";
  let output = "";
  for (const c of chunks) {
    if (c.stream === "stdout") stdout += c.text;
    else stderr += c.text;
    output += c.text;
  }
  return { stdout, stderr, output, status };
}
