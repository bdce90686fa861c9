/**
 * getopt_long(3) as glibc 2.36 implements it, for the tools that parse their command line
 * with it (netstat, ss): short options clustered, `x:` taking the rest of the word or the next
 * one, long options by unique prefix, arguments permuted so that options may follow operands,
 * `--` ending the options, and glibc's messages on standard error.
 */

export interface LongOption {
  readonly name: string;
  /** 0 no argument, 1 required. */
  readonly hasArg: 0 | 1;
  /** What getopt_long returns for it. */
  readonly val: string;
}

export type GetoptResult =
  | { readonly kind: "opt"; readonly opt: string; readonly arg: string | undefined; readonly longName?: string }
  | { readonly kind: "error"; readonly message: string };

export interface Getopt {
  /** The options and errors in order (getopt_long's return values). */
  readonly results: readonly GetoptResult[];
  /** The operands, in order (after permutation). */
  readonly operands: readonly string[];
}

/** Parses `args` (without argv[0]); `prog` prefixes the messages. */
export function getoptLong(prog: string, args: readonly string[], optstring: string, longopts: readonly LongOption[]): Getopt {
  const results: GetoptResult[] = [];
  const operands: string[] = [];
  const takesArg = (c: string): boolean => {
    const i = optstring.indexOf(c);
    return i >= 0 && optstring[i + 1] === ":";
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const inline = eq < 0 ? undefined : a.slice(eq + 1);
      const exact = longopts.find((o) => o.name === name);
      let opt = exact;
      if (opt === undefined) {
        const matches = longopts.filter((o) => o.name.startsWith(name));
        const distinct = matches.filter((o, k) => matches.findIndex((m) => m.val === o.val && m.hasArg === o.hasArg) === k);
        if (matches.length > 0 && distinct.length > 1) {
          results.push({
            kind: "error",
            message: `${prog}: option '--${name}' is ambiguous; possibilities:${matches.map((m) => ` '--${m.name}'`).join("")}\n`,
          });
          continue;
        }
        opt = matches[0];
      }
      if (opt === undefined) {
        results.push({ kind: "error", message: `${prog}: unrecognized option '--${name}'\n` });
        continue;
      }
      if (opt.hasArg === 0) {
        if (inline !== undefined) {
          results.push({ kind: "error", message: `${prog}: option '--${opt.name}' doesn't allow an argument\n` });
          continue;
        }
        results.push({ kind: "opt", opt: opt.val, arg: undefined, longName: opt.name });
        continue;
      }
      let arg = inline;
      if (arg === undefined) {
        if (i + 1 >= args.length) {
          results.push({ kind: "error", message: `${prog}: option '--${opt.name}' requires an argument\n` });
          continue;
        }
        arg = args[++i]!;
      }
      results.push({ kind: "opt", opt: opt.val, arg, longName: opt.name });
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const c = a[k]!;
        if (c === ":" || !optstring.includes(c)) {
          results.push({ kind: "error", message: `${prog}: invalid option -- '${c}'\n` });
          continue;
        }
        if (!takesArg(c)) {
          results.push({ kind: "opt", opt: c, arg: undefined });
          continue;
        }
        let arg: string | undefined = a.slice(k + 1);
        if (arg === "") {
          if (i + 1 >= args.length) {
            results.push({ kind: "error", message: `${prog}: option requires an argument -- '${c}'\n` });
            break;
          }
          arg = args[++i]!;
        }
        results.push({ kind: "opt", opt: c, arg });
        break;
      }
      continue;
    }
    operands.push(a);
  }
  return { results, operands };
}
