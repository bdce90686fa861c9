/**
 * iproute2's output layer (lib/json_print.c, lib/json_writer.c): every value is printed once
 * through one call that writes either the text form (PRINT_FP) or a JSON member (PRINT_JSON),
 * or whichever the run asks for (PRINT_ANY). Writing the show commands against this, as
 * iproute2 does, gives the plain, `-o`, `-br` and `-j` outputs from one code path, with the
 * same quirks: an object opened for an entry that is then filtered out stays as `{}`.
 */

/** A number written as given (jsonw_printf: the bridge timers' `0.00`). */
export class JsonRaw {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export type JsonValue = string | number | boolean | null | JsonRaw | JsonValue[] | { [key: string]: JsonValue };

/** jsonw_puts: only these characters are escaped. */
function quote(s: string): string {
  return `"${s.replace(/[\t\n\r\f\b\\"]/g, (c) => ({ "\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f", "\b": "\\b", "\\": "\\\\", '"': '\\"' })[c]!)}"`;
}

/**
 * json_writer (lib/json_writer.c): compact, or with -p its pretty layout — members on their own
 * lines indented four spaces per level, array elements on one line (`[ "UP","LOWER_UP" ]`),
 * `},{` between objects. Members are written in the order they were printed; undefined ones
 * (from callers building plain objects) are left out, as JSON.stringify would.
 */
export function writeJson(v: unknown, pretty = false): string {
  let out = "";
  let depth = 0;
  let sep = "";
  const eol = (): void => {
    if (pretty) out += `\n${"    ".repeat(depth)}`;
  };
  const eor = (): void => {
    out += sep;
    sep = ",";
  };
  const begin = (c: string): void => {
    eor();
    out += c;
    depth++;
    sep = "";
  };
  const end = (c: string): void => {
    depth--;
    if (sep !== "") eol();
    out += c;
    sep = ",";
  };
  const value = (x: unknown): void => {
    if (Array.isArray(x)) {
      begin("[");
      if (pretty) out += " ";
      for (const e of x) value(e);
      if (pretty && sep !== "") out += " ";
      sep = "";
      end("]");
    } else if (x instanceof JsonRaw) {
      eor();
      out += x.text;
    } else if (x !== null && typeof x === "object") {
      begin("{");
      for (const [k, m] of Object.entries(x)) {
        if (m === undefined) continue;
        eor();
        eol();
        sep = "";
        out += `${quote(k)}:${pretty ? " " : ""}`;
        value(m);
      }
      end("}");
    } else {
      eor();
      out += typeof x === "string" ? quote(x) : String(x);
    }
  };
  value(v);
  return out;
}

type Container = { kind: "object"; value: { [key: string]: JsonValue } } | { kind: "array"; value: JsonValue[] };

export class IpPrinter {
  /** `-j`: members are collected and written as one line of JSON at the end. */
  readonly json: boolean;
  /** `-o`: print_nl() writes `\` instead of a newline (ip's _SL_). */
  readonly oneline: boolean;
  /** `-p` with `-j`: json_writer's pretty layout. */
  readonly pretty: boolean;
  private text = "";
  private readonly stack: Container[] = [];
  private root: JsonValue[] | null = null;

  constructor(json: boolean, oneline: boolean, pretty = false) {
    this.json = json;
    this.oneline = oneline;
    this.pretty = pretty;
  }

  /** new_json_obj(): the top-level array a JSON dump is written into. */
  begin(): void {
    if (!this.json) return;
    this.root = [];
    this.stack.push({ kind: "array", value: this.root });
  }

  /** delete_json_obj() and everything printed so far, as the command's standard output. */
  finish(): string {
    if (this.json && this.root !== null) {
      const out = `${writeJson(this.root, this.pretty)}\n`;
      this.root = null;
      this.stack.length = 0;
      return out;
    }
    const out = this.text;
    this.text = "";
    return out;
  }

  /** PRINT_FP: text only. */
  fp(text: string): void {
    if (!this.json) this.text += text;
  }

  /** PRINT_JSON: a member (or, inside an array, an element) of the JSON output only. */
  jsonOnly(key: string | null, value: JsonValue): void {
    if (!this.json) return;
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return;
    if (top.kind === "array") top.value.push(value);
    else if (key !== null) top.value[key] = value;
  }

  /** PRINT_ANY: `text` in text mode, `key: value` in JSON. */
  any(key: string | null, text: string, value: JsonValue): void {
    if (this.json) this.jsonOnly(key, value);
    else this.text += text;
  }

  /** print_nl(): the line break inside one entry (`\` with -o), nothing in JSON. */
  nl(): void {
    if (!this.json) this.text += this.oneline ? "\\" : "\n";
  }

  /** _SL_ as a string, for text written with fprintf(fp, "...%s", _SL_). */
  get sl(): string {
    return this.oneline ? "\\" : "\n";
  }

  /** open_json_object(key): a nested object (an element when the parent is an array). */
  openObject(key: string | null): void {
    if (!this.json) return;
    const obj: { [key: string]: JsonValue } = {};
    this.jsonOnly(key, obj);
    this.stack.push({ kind: "object", value: obj });
  }

  closeObject(): void {
    if (this.json) this.stack.pop();
  }

  /** open_json_array(PRINT_ANY, key-or-text): `text` in text mode, an array in JSON. */
  openArray(key: string, text = ""): void {
    if (!this.json) {
      this.text += text;
      return;
    }
    const arr: JsonValue[] = [];
    this.jsonOnly(key, arr);
    this.stack.push({ kind: "array", value: arr });
  }

  closeArray(text = ""): void {
    if (this.json) this.stack.pop();
    else this.text += text;
  }
}
