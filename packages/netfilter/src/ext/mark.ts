/** -m mark and -m connmark (libxt_mark.c, libxt_connmark.c; xt_mark.c, xt_connmark.c). */
import { paramError } from "../errors";
import { hex, parseMarkMask } from "../names";
import type { XtPacket } from "../xtpacket";
import { type ArgCursor, type Match, type MatchExtension, type XtRuntime, opts } from "./types";

class MarkMatch implements Match {
  readonly name: "mark" | "connmark";
  mark = 0;
  mask = 0xffffffff;
  invert = false;
  private given = false;
  readonly needsConntrack: boolean;

  constructor(name: "mark" | "connmark") {
    this.name = name;
    this.needsConntrack = name === "connmark";
  }

  parse(option: string, args: ArgCursor, invert: boolean): void {
    if (option !== "mark") throw paramError(`unknown option "--${option}"`);
    const { value, mask } = parseMarkMask(args.need("--mark"), "--mark", this.name);
    this.mark = value;
    this.mask = mask;
    this.invert = invert;
    this.given = true;
  }

  finalCheck(): void {
    if (!this.given) throw paramError(`${this.name}: option "--mark" must be specified\n`);
  }

  private value(): string {
    return this.mask === 0xffffffff ? hex(this.mark) : `${hex(this.mark)}/${hex(this.mask)}`;
  }

  save(): string {
    return `${this.invert ? " !" : ""} --mark ${this.value()}`;
  }

  print(): string {
    if (this.name === "mark") return ` mark match ${this.invert ? "!" : ""}${this.invert ? " " : ""}${this.value()}`;
    return ` connmark match ${this.invert ? "!" : ""} ${this.value()}`;
  }

  matches(xp: XtPacket, rt: XtRuntime): boolean {
    let v: number;
    if (this.name === "mark") v = xp.pkt.mark;
    else {
      const ct = rt.ct(xp.pkt);
      if (ct === null) return false;
      v = ct.mark;
    }
    return (((v & this.mask) >>> 0) === this.mark) !== this.invert;
  }
}

export const markMatch: MatchExtension = { name: "mark", options: opts({ mark: true }), create: () => new MarkMatch("mark") };
export const connmarkMatch: MatchExtension = { name: "connmark", options: opts({ mark: true }), create: () => new MarkMatch("connmark") };
