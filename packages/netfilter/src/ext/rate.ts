/**
 * -m statistic (libxt_statistic.c, xt_statistic.c: random with the simulation's seeded RNG,
 * nth with a shared counter) and -m limit (libxt_limit.c, xt_limit.c: the kernel's token
 * bucket in jiffies with HZ=1000).
 */
import { paramError } from "../errors";
import type { XtPacket } from "../xtpacket";
import { type ArgCursor, type Match, type MatchExtension, type XtRuntime, opts } from "./types";

class StatisticMatch implements Match {
  readonly name = "statistic";
  mode: "random" | "nth" | undefined;
  invert = false;
  /** Probability as the kernel keeps it: a 31-bit fraction. */
  probability = 0;
  every = 0;
  packet = 0;
  private haveProbability = false;
  private haveEvery = false;
  private havePacket = false;
  /** The shared nth counter (info->master->count). */
  count = 0;
  readonly needsConntrack = false;

  parse(option: string, args: ArgCursor, invert: boolean): void {
    const arg = args.need(`--${option}`);
    switch (option) {
      case "mode":
        if (arg !== "random" && arg !== "nth") throw paramError(`Bad mode "${arg}"`);
        this.mode = arg;
        return;
      case "probability": {
        const p = Number(arg);
        if (arg.trim() === "" || !Number.isFinite(p) || p < 0 || p > 1) throw paramError('statistic: bad value for option "--probability", or out of range (0-1).\n');
        this.probability = Math.round(0x80000000 * p);
        this.haveProbability = true;
        if (invert) this.invert = true;
        return;
      }
      case "every": {
        if (!/^[0-9]+$/.test(arg) || Number(arg) < 1 || Number(arg) > 0xffffffff) throw paramError('statistic: bad value for option "--every", or out of range (1-4294967295).\n');
        this.every = Number(arg) - 1;
        this.haveEvery = true;
        if (invert) this.invert = true;
        return;
      }
      case "packet":
        if (!/^[0-9]+$/.test(arg)) throw paramError('statistic: bad value for option "--packet", or out of range (0-4294967295).\n');
        this.packet = Number(arg);
        this.havePacket = true;
        return;
      default:
        throw paramError(`unknown option "--${option}"`);
    }
  }

  finalCheck(): void {
    if (this.mode === undefined) throw paramError('statistic: option "--mode" must be specified\n');
    if (this.mode === "random" && !this.haveProbability) throw paramError('statistic: option "--mode random" requires "--probability".\n');
    if (this.haveEvery && !this.havePacket) throw paramError('statistic: option "--every" also requires "--packet".\n');
    if (this.mode === "nth" && !this.haveEvery) throw paramError('statistic: option "--mode nth" requires "--every".\n');
    if (this.mode === "random" && (this.haveEvery || this.havePacket)) throw paramError('statistic: options "--every" and "--packet" can only be used with "--mode nth"\n');
    if (this.mode === "nth" && this.haveProbability) throw paramError('statistic: option "--probability" can only be used with "--mode random"\n');
    if (this.mode === "nth" && this.packet > this.every) throw paramError("the --packet p must be 0 <= p <= n-1");
    // The kernel starts the shared counter at every - packet: packet 0 is the first to match.
    this.count = this.every - this.packet;
  }

  private probabilityText(): string {
    return (this.probability / 0x80000000).toFixed(11);
  }

  save(): string {
    if (this.mode === "random") return ` --mode random${this.invert ? " !" : ""} --probability ${this.probabilityText()}`;
    return ` --mode nth${this.invert ? " !" : ""} --every ${this.every + 1} --packet ${this.packet}`;
  }

  print(): string {
    if (this.mode === "random") return ` statistic mode random${this.invert ? " !" : ""} probability ${this.probabilityText()}`;
    return ` statistic mode nth ${this.invert ? "! " : ""}every ${this.every + 1}${this.packet !== 0 ? ` packet ${this.packet}` : ""}`;
  }

  /** statistic_mt. */
  matches(_xp: XtPacket, rt: XtRuntime): boolean {
    if (this.mode === "random") return ((rt.rng.uint32() & 0x7fffffff) < this.probability) !== this.invert;
    this.count = this.count === this.every ? 0 : this.count + 1;
    return (this.count === 0) !== this.invert;
  }
}

export const statisticMatch: MatchExtension = {
  name: "statistic",
  options: opts({ mode: true, probability: true, every: true, packet: true }),
  create: () => new StatisticMatch(),
};

const XT_LIMIT_SCALE = 10000;
const HZ = 1000;
/** CREDITS_PER_JIFFY = POW2_BELOW32(0xFFFFFFFF / (HZ*60*60*24)) = 32 at HZ 1000. */
const CREDITS_PER_JIFFY = 32;
const RATES: ReadonlyArray<readonly [string, number]> = [
  ["day", XT_LIMIT_SCALE * 24 * 60 * 60], ["hour", XT_LIMIT_SCALE * 60 * 60], ["min", XT_LIMIT_SCALE * 60], ["sec", XT_LIMIT_SCALE],
];

/** user2credits. */
function user2credits(user: number): number {
  if (user > Math.floor(0xffffffff / (HZ * CREDITS_PER_JIFFY))) return Math.floor(user / XT_LIMIT_SCALE) * HZ * CREDITS_PER_JIFFY;
  return Math.floor((user * HZ * CREDITS_PER_JIFFY) / XT_LIMIT_SCALE);
}

class LimitMatch implements Match {
  readonly name = "limit";
  /** Period between packets in 1/10000 s. */
  avg = Math.floor((XT_LIMIT_SCALE * 3600) / 3);
  burst = 5;
  private credit = -1;
  private creditCap = 0;
  private cost = 0;
  private prev = 0;
  readonly needsConntrack = false;

  parse(option: string, args: ArgCursor, invert: boolean): void {
    if (invert) throw paramError("limit does not support invert");
    const arg = args.need(`--${option}`);
    if (option === "limit") {
      const m = /^([0-9]+)(?:\/(.*))?$/.exec(arg);
      let mult = XT_LIMIT_SCALE;
      const r = m === null ? 0 : Number(m[1]);
      if (m !== null && m[2] !== undefined) {
        const unit = m[2].toLowerCase();
        const is = (word: string): boolean => unit.length > 0 && word.startsWith(unit);
        if (is("second")) mult = XT_LIMIT_SCALE;
        else if (is("minute")) mult = XT_LIMIT_SCALE * 60;
        else if (is("hour")) mult = XT_LIMIT_SCALE * 3600;
        else if (is("day")) mult = XT_LIMIT_SCALE * 86400;
        else mult = 0;
      }
      if (m === null || r === 0 || mult === 0) throw paramError(`bad rate "${arg}"'`);
      if (r > mult) throw paramError(`Rate too fast "${arg}"\n`);
      this.avg = Math.floor(mult / r);
    } else if (option === "limit-burst") {
      if (!/^[0-9]+$/.test(arg) || Number(arg) > 10000) throw paramError('limit: bad value for option "--limit-burst", or out of range (0-10000).\n');
      this.burst = Number(arg);
    } else throw paramError(`unknown option "--${option}"`);
  }

  finalCheck(): void {}

  private rateText(): string {
    let i = 1;
    for (; i < RATES.length; i++) {
      const mult = RATES[i]![1];
      if (this.avg > mult || Math.floor(mult / this.avg) < mult % this.avg) break;
    }
    const [name, mult] = RATES[i - 1]!;
    return `${Math.floor(mult / this.avg)}/${name}`;
  }

  save(): string {
    return ` --limit ${this.rateText()}${this.burst !== 5 ? ` --limit-burst ${this.burst}` : ""}`;
  }

  print(): string {
    return ` limit: avg ${this.rateText()} burst ${this.burst}`;
  }

  /** limit_mt. */
  matches(_xp: XtPacket, rt: XtRuntime): boolean {
    const jiffies = Math.floor(rt.now / (1e9 / HZ));
    if (this.credit < 0) {
      this.creditCap = user2credits(this.avg * this.burst);
      this.credit = this.creditCap;
      this.cost = user2credits(this.avg);
      this.prev = jiffies;
    }
    this.credit += (jiffies - this.prev) * CREDITS_PER_JIFFY;
    this.prev = jiffies;
    if (this.credit > this.creditCap) this.credit = this.creditCap;
    if (this.credit >= this.cost) {
      this.credit -= this.cost;
      return true;
    }
    return false;
  }
}

export const limitMatch: MatchExtension = {
  name: "limit",
  options: opts({ limit: true, "limit-burst": true }),
  create: () => new LimitMatch(),
};
