/**
 * The script language of `pktsim run`: the subset of bash that a script of networking
 * commands uses, with exactly the semantics of tests/differential/kernel-run.sh so that one
 * script means the same on the kernel and in pktsim.
 *
 * - A physical line ending in `\` continues on the next: the backslash goes, blanks around
 *   the join go, the parts are joined by one space.
 * - Leading/trailing blanks of the logical line go; an empty line or one starting with `#`
 *   is skipped.
 * - A logical line is one simple command: words split on blanks; '…' quotes literally;
 *   "…" quotes with \" \\ \$ \` escapes; a backslash outside quotes escapes the next
 *   character. Nothing is expanded; unquoted shell syntax is an error.
 */

export interface ScriptLine {
  /** The logical line as written (what `-x` prints after "+ "). */
  readonly text: string;
  /** 1-based number of its first physical line. */
  readonly lineNo: number;
}

export class ShellSyntaxError extends Error {
  readonly lineNo: number;
  constructor(message: string, lineNo: number) {
    super(message);
    this.name = "ShellSyntaxError";
    this.lineNo = lineNo;
  }
}

const BLANK = /^[ \t]+|[ \t]+$/g;

/** Splits a script into logical lines. */
export function parseScript(source: string): ScriptLine[] {
  const physical = source.split("\n");
  if (physical.length > 0 && physical[physical.length - 1] === "") physical.pop();
  const lines: ScriptLine[] = [];
  let acc = "";
  let start = 0;
  let cont = false;
  for (let i = 0; i < physical.length; i++) {
    const phys = physical[i]!.replace(/\r$/, "");
    if (cont) {
      acc += " " + phys.replace(BLANK, "");
    } else {
      const trimmed = phys.replace(BLANK, "");
      if (trimmed === "" || trimmed.startsWith("#")) continue;
      acc = phys;
      start = i + 1;
    }
    if (acc.endsWith("\\")) {
      acc = acc.slice(0, -1).replace(/[ \t]+$/, "");
      cont = true;
      continue;
    }
    cont = false;
    const text = acc.replace(BLANK, "");
    if (text !== "") lines.push({ text, lineNo: start });
    acc = "";
  }
  if (cont) {
    const text = acc.replace(BLANK, "");
    if (text !== "") lines.push({ text, lineNo: start });
  }
  return lines;
}

/** Splits one logical line into words. Throws ShellSyntaxError on what kernel-run.sh rejects. */
export function tokenize(line: string, lineNo = 0): string[] {
  const words: string[] = [];
  let word = "";
  let have = false;
  let i = 0;
  const n = line.length;
  const fail = (message: string): never => {
    throw new ShellSyntaxError(message, lineNo);
  };
  while (i < n) {
    const c = line[i]!;
    switch (c) {
      case " ":
      case "\t":
        if (have) {
          words.push(word);
          word = "";
          have = false;
        }
        i++;
        break;
      case "'": {
        const end = line.indexOf("'", i + 1);
        if (end < 0) fail("unterminated single quote");
        word += line.slice(i + 1, end);
        i = end + 1;
        have = true;
        break;
      }
      case '"': {
        i++;
        let closed = false;
        while (i < n) {
          const d = line[i]!;
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === "\\" && i + 1 < n && '"\\$`'.includes(line[i + 1]!)) {
            word += line[i + 1];
            i += 2;
            continue;
          }
          if (d === "$" || d === "`") fail(`unsupported expansion '${d}' inside double quotes`);
          word += d;
          i++;
        }
        if (!closed) fail("unterminated double quote");
        have = true;
        break;
      }
      case "\\":
        if (i + 1 >= n) fail("trailing backslash");
        word += line[i + 1];
        have = true;
        i += 2;
        break;
      case "$":
      case "`":
      case "|":
      case "&":
      case ";":
      case "<":
      case ">":
      case "(":
      case ")":
      case "*":
      case "?":
      case "[":
      case "{":
        fail(`unsupported shell syntax '${c}'`);
        break;
      case "#":
      case "~":
        if (!have) fail(`unsupported shell syntax: word starting with '${c}'`);
        word += c;
        i++;
        break;
      default:
        word += c;
        have = true;
        i++;
    }
  }
  if (have) words.push(word);
  const first = line.split(/[ \t]/, 1)[0] ?? "";
  if (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) fail("unsupported shell syntax: variable assignment");
  return words;
}
