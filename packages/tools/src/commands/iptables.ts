/**
 * iptables 1.8.9 (nf_tables): the command line (xshared.c do_parse: commands, table, list
 * flags, the rule-spec left to the netfilter parser) and its effects on the namespace's
 * ruleset, with iptables' messages and exit statuses.
 */
import { type Chain, type Netfilter, Rule, Ruleset, type Table, type TableName, XtablesError, parseRuleSpec } from "@pktsim/netfilter";
import type { CommandContext } from "../command";
import { type ListFormat, chainSpecLine, echoRule, listChain, listRule, specLine } from "./iptables-format";

const PROG = "iptables";
const VERSION = "v1.8.9 (nf_tables)";

type Cmd = "A" | "C" | "D" | "I" | "R" | "L" | "S" | "F" | "Z" | "N" | "X" | "P" | "E" | "h" | "V";

const LONG_COMMANDS: Record<string, Cmd> = {
  "--append": "A",
  "--check": "C",
  "--delete": "D",
  "--insert": "I",
  "--replace": "R",
  "--list": "L",
  "--list-rules": "S",
  "--flush": "F",
  "--zero": "Z",
  "--new-chain": "N",
  "--new": "N",
  "--delete-chain": "X",
  "--policy": "P",
  "--rename-chain": "E",
  "--help": "h",
  "--version": "V",
};

/** Options of the rule-spec that take one argument (their argument never is a command). */
const RULE_SHORT_WITH_ARG = new Set(["s", "d", "i", "o", "p", "j", "g", "m"]);

interface Parsed {
  cmd: Cmd | undefined;
  zeroToo: boolean;
  chain: string | undefined;
  num: number | undefined;
  extra: string | undefined;
  table: string;
  f: ListFormat;
  ruleArgs: string[];
  verboseCount: number;
}

function fail(message: string): never {
  throw new XtablesError("parameter", message);
}

/** parse_rulenumber: xtables_strtoui(text, base 0) within 1..INT_MAX. */
function ruleNumber(text: string): number {
  const m = /^[ \t\n\v\f\r]*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  const d = m?.[1];
  const v = d === undefined ? NaN : /^0[xX]/.test(d) ? parseInt(d.slice(2), 16) : d.length > 1 && d.startsWith("0") ? parseInt(d, 8) : Number(d);
  if (!(v >= 1 && v <= 0x7fffffff)) fail(`Invalid rule number \`${text}'`);
  return v;
}

/** do_parse, reduced to what decides the command and collects the rule-spec in order. */
function parse(argv: readonly string[]): Parsed {
  const p: Parsed = {
    cmd: undefined,
    zeroToo: false,
    chain: undefined,
    num: undefined,
    extra: undefined,
    table: "filter",
    f: { numeric: false, verbose: false, exact: false, lineNumbers: false },
    ruleArgs: [],
    verboseCount: 0,
  };
  let i = 1;
  const next = (): string | undefined => argv[i];
  const optional = (): string | undefined => {
    const a = next();
    if (a !== undefined && !a.startsWith("-") && !a.startsWith("!")) {
      i++;
      return a;
    }
    return undefined;
  };
  const setCmd = (c: Cmd, letter: string): void => {
    if (p.cmd !== undefined) {
      if ((p.cmd === "L" && c === "Z") || (p.cmd === "Z" && c === "L")) {
        p.zeroToo = true;
        p.cmd = "L";
        return;
      }
      fail(`Cannot use -${letter} with -${p.cmd}\n`);
    }
    p.cmd = c;
  };
  const takeCommand = (c: Cmd, name: string): void => {
    setCmd(c, c);
    const required = (): string => {
      const a = argv[i];
      if (a === undefined) fail(`option "${name}" requires an argument`);
      i++;
      return a;
    };
    switch (c) {
      case "A":
      case "C":
      case "N":
        p.chain = required();
        break;
      case "D":
      case "I": {
        p.chain = required();
        // xs_has_arg: any next word not starting with - or ! is the rule number.
        const n = optional();
        if (n !== undefined) p.num = ruleNumber(n);
        break;
      }
      case "R": {
        p.chain = required();
        const n = optional();
        if (n === undefined) fail("-R requires a rule number");
        p.num = ruleNumber(n);
        break;
      }
      case "L":
      case "S":
      case "Z": {
        const chainName = optional();
        if (chainName !== undefined) {
          p.chain = chainName;
          const n = optional();
          if (n !== undefined) p.num = ruleNumber(n);
        }
        break;
      }
      case "F":
      case "X":
        p.chain = optional();
        break;
      case "P":
        p.chain = required();
        p.extra = optional();
        if (p.extra === undefined) fail("-P requires a chain and a policy");
        break;
      case "E":
        p.chain = required();
        p.extra = optional();
        if (p.extra === undefined) fail("-E requires old-chain-name and new-chain-name");
        break;
      default:
        break;
    }
  };
  while (i < argv.length) {
    const a = argv[i++]!;
    const long = LONG_COMMANDS[a];
    if (long !== undefined) {
      takeCommand(long, a);
      continue;
    }
    switch (a) {
      case "--table": {
        const t = argv[i++];
        if (t === undefined) fail('option "--table" requires an argument');
        p.table = t;
        continue;
      }
      case "--numeric":
        p.f.numeric = true;
        continue;
      case "--verbose":
        p.f.verbose = true;
        p.verboseCount++;
        continue;
      case "--exact":
        p.f.exact = true;
        continue;
      case "--line-numbers":
        p.f.lineNumbers = true;
        continue;
      case "--wait":
      case "-w":
        if (argv[i] !== undefined && /^[0-9]+$/.test(argv[i]!)) i++;
        continue;
      default:
        break;
    }
    if (a.startsWith("-") && !a.startsWith("--") && a.length > 1) {
      // A bundle of short options: flags and commands; a rule option takes the rest.
      let j = 1;
      let consumed = false;
      while (j < a.length) {
        const c = a[j]!;
        if ("ACDIRLSFZNXPEhV".includes(c)) {
          if (j + 1 < a.length) {
            // "-Lfoo": the rest is the argument (getopt).
            const rest = a.slice(j + 1);
            argv = [...argv.slice(0, i), rest, ...argv.slice(i)];
          }
          takeCommand(c as Cmd, `-${c}`);
          consumed = true;
          break;
        }
        if (c === "t") {
          const t = j + 1 < a.length ? a.slice(j + 1) : argv[i++];
          if (t === undefined) fail('option "-t" requires an argument');
          p.table = t;
          consumed = true;
          break;
        }
        if (c === "n") p.f.numeric = true;
        else if (c === "v") {
          p.f.verbose = true;
          p.verboseCount++;
        } else if (c === "x") p.f.exact = true;
        else if (c === "4") {
          /* IPv4: the only family modelled */
        } else if (c === "w" || c === "W") {
          if (j + 1 === a.length && argv[i] !== undefined && /^[0-9]+$/.test(argv[i]!)) i++;
          consumed = true;
          break;
        } else {
          // Not a command or flag: the whole word belongs to the rule-spec.
          if (j === 1) {
            p.ruleArgs.push(a);
            if (RULE_SHORT_WITH_ARG.has(c) && a.length === 2 && argv[i] !== undefined) p.ruleArgs.push(argv[i++]!);
            consumed = true;
            break;
          }
          fail(`unknown option "-${c}"`);
        }
        j++;
      }
      void consumed;
      continue;
    }
    p.ruleArgs.push(a);
  }
  return p;
}

function format(err: XtablesError): string {
  switch (err.kind) {
    case "parameter":
      return `${PROG} ${VERSION}: ${err.message}\nTry \`${PROG} -h' or '${PROG} --help' for more information.\n`;
    case "bare":
      return `${err.message}\nTry \`${PROG} -h' or '${PROG} --help' for more information.\n`;
    case "other":
      return `${PROG}: ${err.message}\n`;
    case "kernel":
      return `${PROG} ${VERSION}: ${err.message}\n`;
    default:
      return `${PROG} ${VERSION}: ${err.message}\n`;
  }
}

/** Options that only listing takes. */
function checkOptions(p: Parsed): void {
  const cmd = p.cmd!;
  const listing = cmd === "L";
  if (!listing) {
    if (p.f.exact) fail("Illegal option `-x' with this command");
    if (p.f.lineNumbers) fail("Illegal option `--line-numbers' with this command");
    if (p.f.numeric && cmd !== "S") fail("Illegal option `-n' with this command");
  }
  const takesRule = cmd === "A" || cmd === "C" || cmd === "D" || cmd === "I" || cmd === "R";
  if (!takesRule && p.ruleArgs.length > 0) {
    const first = p.ruleArgs[0]!;
    if (first.startsWith("-")) fail(`Illegal option \`${first}' with this command`);
    throw new XtablesError("bare", `Bad argument \`${first}'`);
  }
  if (cmd === "D" && p.num !== undefined && p.ruleArgs.length > 0) throw new XtablesError("bare", `Bad argument \`${p.ruleArgs[0]}'`);
}

export function iptables(ctx: CommandContext): number {
  try {
    return run(ctx);
  } catch (e) {
    if (e instanceof XtablesError) {
      ctx.err(format(e));
      return e.status;
    }
    throw e;
  }
}

function run(ctx: CommandContext): number {
  const p = parse(ctx.argv);
  if (p.cmd === "V") {
    ctx.out(`${PROG} ${VERSION}\n`);
    return 0;
  }
  if (p.cmd === "h") {
    ctx.out(`${PROG} ${VERSION}\n\nUsage: ${PROG} -[ACD] chain rule-specification [options]\n`);
    return 0;
  }
  if (p.cmd === undefined) fail("no command specified");
  const table = Ruleset.checkTable(p.table);
  checkOptions(p);
  const nf = ctx.ns.netfilter;
  const rs = nf.ruleset;
  const chainExists = (name: string): boolean => rs.view(table).chains.has(name);
  const echo = (rules: readonly Rule[]): void => {
    for (const r of rules) ctx.out(`${echoRule(r)}\n`);
  };
  /** The rule-spec, one rule per address of -s/-d lists (xtables_ipparse_multiple). */
  const rulesOf = (): Rule[] => {
    const { rules } = parseRuleSpec(p.ruleArgs, table, chainExists);
    if (p.cmd === "R" && rules.length !== 1) fail("Replacement rule does not specify a unique address");
    for (const w of rules[0]!.warnings) ctx.out(`${w}\n`);
    // -v: each rule as -A/-I handle it (print_rule4 with FMT_PRINT_RULE); -C/-D echo a rule once found.
    if (p.f.verbose && (p.cmd === "A" || p.cmd === "I" || p.cmd === "R")) echo(rules);
    return rules;
  };
  /** -F/-Z/-X -v: "Flushing chain `X'" per chain, as nft_rule_flush_cb and friends print it. */
  const say = (verb: string, names: readonly string[]): void => {
    if (p.f.verbose) for (const n of names) ctx.out(`${verb} chain \`${n}'\n`);
  };
  const view = rs.view(table);
  const sayZeroing = (): void => {
    // Without a chain only the chains that exist in the kernel (verified: not an unused FORWARD).
    if (p.chain === undefined) say("Zeroing", view.orderedChains().filter((c) => !c.builtin || c.handle !== 0).map((c) => c.name));
    else if (view.chains.has(p.chain) && p.num === undefined) say("Zeroing", [p.chain]);
  };
  switch (p.cmd) {
    case "A":
      // add_entry: source-major, then destination; one batch (all or nothing).
      rs.appendAll(table, p.chain!, rulesOf());
      return 0;
    case "I":
      // Each at the same position, so the last address ends up first (verified).
      rs.insertAll(table, p.chain!, p.num ?? 1, rulesOf());
      return 0;
    case "R":
      rs.replace(table, p.chain!, p.num!, rulesOf()[0]!);
      return 0;
    case "D":
      if (p.num !== undefined) rs.deleteNum(table, p.chain!, p.num);
      else {
        const rules = rulesOf();
        if (p.f.verbose) {
          // Each rule is echoed as nft_rule_delete finds it, up to the first missing one (verified).
          const left = (rs.get(table)?.chains.get(p.chain!)?.rules ?? []).map((r) => r.spec());
          for (const r of rules) {
            const i = left.indexOf(r.spec());
            if (i < 0) break;
            left.splice(i, 1);
            echo([r]);
          }
        }
        rs.deleteSpec(table, p.chain!, rules);
      }
      return 0;
    case "C":
      for (const r of rulesOf()) {
        rs.checkSpec(table, p.chain!, [r]);
        if (p.f.verbose) echo([r]);
      }
      return 0;
    case "N":
      rs.newChain(table, p.chain!);
      return 0;
    case "X":
      if (p.chain !== undefined) {
        if (view.chains.get(p.chain)?.builtin === false) say("Deleting", [p.chain]);
      } else say("Deleting", view.userChains().map((c) => c.name));
      rs.deleteChain(table, p.chain);
      return 0;
    case "F":
      // Without a chain every built-in chain is named, created or not (verified, also for an absent nat table).
      if (p.chain === undefined) say("Flushing", view.orderedChains().map((c) => c.name));
      else if (view.chains.has(p.chain)) say("Flushing", [p.chain]);
      rs.flush(table, p.chain, p.f.verbose);
      return 0;
    case "Z":
      sayZeroing();
      rs.zero(table, p.chain, p.num);
      return 0;
    case "P":
      rs.setPolicy(table, p.chain!, p.extra!);
      return 0;
    case "E":
      rs.renameChain(table, p.chain!, p.extra!);
      return 0;
    case "L":
      list(ctx, nf, table, p);
      if (p.zeroToo) {
        sayZeroing();
        rs.zero(table, p.chain);
      }
      return 0;
    case "S":
      listRules(ctx, rs.view(table), table, p);
      return 0;
    default:
      return 0;
  }
}

function findChain(t: Table, table: TableName, name: string, forList: boolean): Chain {
  const c = t.chains.get(name);
  if (c === undefined) {
    if (forList) throw new XtablesError("prefixed", `chain \`${name}' in table \`${table}' is incompatible, use 'nft' tool.`);
    throw new XtablesError("other", "No chain/target/match by that name.");
  }
  return c;
}

function list(ctx: CommandContext, nf: Netfilter, table: TableName, p: Parsed): void {
  const t = nf.ruleset.view(table);
  if (p.chain !== undefined) {
    const c = findChain(t, table, p.chain, true);
    if (p.num !== undefined) {
      const r = c.rules[p.num - 1];
      if (r !== undefined) ctx.out(`${listRule(r, p.num, p.f)}\n`);
      return;
    }
    ctx.out(listChain(t, c, p.f));
    return;
  }
  ctx.out(t.orderedChains().map((c) => listChain(t, c, p.f)).join("\n"));
}

function listRules(ctx: CommandContext, t: Table, table: TableName, p: Parsed): void {
  const verbose = p.f.verbose;
  if (p.chain !== undefined) {
    const c = findChain(t, table, p.chain, true);
    if (p.num !== undefined) {
      const r = c.rules[p.num - 1];
      if (r !== undefined) ctx.out(`${specLine(c.name, r, verbose)}\n`);
      return;
    }
    let s = `${chainSpecLine(c, verbose)}\n`;
    for (const r of c.rules) s += `${specLine(c.name, r, verbose)}\n`;
    ctx.out(s);
    return;
  }
  const chains = t.orderedChains();
  let s = "";
  for (const c of chains) s += `${chainSpecLine(c, verbose)}\n`;
  for (const c of chains) for (const r of c.rules) s += `${specLine(c.name, r, verbose)}\n`;
  ctx.out(s);
}
