/**
 * The netfilter instance of one namespace: its iptables ruleset and conntrack table, and the
 * hook entry the IPv4 stack calls at its five NF_HOOK points. At each hook the registered
 * functions run in priority order (nf_hook_slow): the tables by their priorities, conntrack
 * at -200 (PRE_ROUTING, LOCAL_OUT) and its confirmation last (LOCAL_IN, POST_ROUTING), NAT
 * inside the nat table's slots (nf_nat_inet_fn: the chains only for a connection's first
 * packet, the translation for every packet). Tables run their chains as ipt_do_table does.
 *
 * The stack provides what netfilter needs of it through NfEnv (routing, addresses, sending
 * REJECT replies, the kernel log). Traces: every verdict is reported as a step on the
 * simulation's observers; packets marked by TRACE also feed `traceLog` in the format of
 * `xtables-monitor --trace`.
 */
import { type DeviceRef, DropReason, IpSummed, type Packet, type Rng, type Simulation } from "@pktsim/core";
import { type Conn, ConntrackTable, CtInfo, IPS, ICMP_ERROR_TYPES } from "./conntrack";
import { NfInetHook, NfIpPriority, type TableName, Verdict } from "./hooks";
import { formatLogLine, formatTracePacket } from "./log";
import { type Manip, natIcmpReplyTranslation, natInitialized, natNullBinding, natPacket, natSetupInfo } from "./nat";
import { IPPROTO } from "./names";
import { type Chain, Ruleset, type Table } from "./ruleset";
import { type Rule, ipPacketMatch, saveRuleBody } from "./rule";
import { type NatRange, NatRangeFlags, type TargetServices, type XtRuntime } from "./ext/types";
import { XtPacket } from "./xtpacket";

/** What the stack provides to netfilter. */
export interface NfEnv {
  /** The namespace's name for traces ("" for the initial namespace). */
  readonly name: string;
  /** inet_dev_addr_type: the RTN_* type of `addr` (within `dev`'s table when given). */
  addrType(addr: number, dev: DeviceRef | null): number;
  /** MASQUERADE: inet_select_addr(out, nexthop of the packet's route, RT_SCOPE_UNIVERSE); 0 if none. */
  masqueradeSource(out: DeviceRef, pkt: Packet): number;
  /** REDIRECT: the first (primary) address of `dev`, 0 if none. */
  primaryAddr(dev: DeviceRef): number;
  /** ip_route_me_harder after OUTPUT changed the packet; false when there is no route. */
  rerouteLocalOut(pkt: Packet): boolean;
  /** skb_dst_drop after DNAT in PRE_ROUTING: route again. */
  dropRoute(pkt: Packet): void;
  /** nf_send_unreach. */
  sendUnreach(pkt: Packet, code: number, hook: number): void;
  /** nf_send_reset. */
  sendReset(pkt: Packet, hook: number): void;
  /** printk at `level`. */
  klog(level: number, text: string): void;
}

const REJECT_CODES: Readonly<Record<string, number>> = {
  "icmp-net-unreachable": 0,
  "icmp-host-unreachable": 1,
  "icmp-proto-unreachable": 2,
  "icmp-port-unreachable": 3,
  "icmp-net-prohibited": 9,
  "icmp-host-prohibited": 10,
  "icmp-admin-prohibited": 13,
};

type HookOp =
  | { kind: "table"; table: TableName; priority: number; t: Table; chain: Chain | null }
  | { kind: "nat"; manip: Manip; priority: number }
  | { kind: "ct_in"; priority: number }
  | { kind: "ct_confirm"; priority: number };

const HOOK_NAMES = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"];
const VERDICT_NAMES: Readonly<Record<number, string>> = { 0: "DROP", 1: "ACCEPT", 2: "STOLEN", 3: "QUEUE" };

export class Netfilter implements TargetServices {
  readonly ruleset: Ruleset = new Ruleset();
  readonly conntrack: ConntrackTable = new ConntrackTable();
  readonly sim: Simulation;
  readonly env: NfEnv;
  /** Lines of `xtables-monitor --trace` since the last read. */
  readonly traceLog: string[] = [];
  private rngInstance: Rng | null = null;
  private readonly xp = new XtPacket();
  private readonly traced = new WeakMap<Packet, number>();
  /** Some packet was TRACEd: only then is `traced` consulted per table traversal. */
  private anyTraced = false;
  private opsGeneration = -1;
  private ops: HookOp[][] = [];
  private conntrackOn = false;
  /** The hook and devices of the traversal in progress (targets act on them). */
  private curHook = 0;
  private runtime: XtRuntime;

  constructor(sim: Simulation, env: NfEnv) {
    this.sim = sim;
    this.env = env;
    const self = this;
    this.runtime = {
      get now() {
        return self.sim.now;
      },
      get rng() {
        return self.rng;
      },
      hotdrop: false,
      table: "filter",
      addrType: (addr, dev) => env.addrType(addr, dev),
      ct: (pkt) => self.ctOf(pkt),
      untracked: (pkt) => pkt.ct === null && pkt.ctInfo === CtInfo.UNTRACKED,
    };
  }

  /** Forked from the simulation's generator on first use, so that an unused netfilter draws nothing. */
  private get rng(): Rng {
    this.rngInstance ??= this.sim.rng.fork();
    return this.rngInstance;
  }

  /** Something is registered: the stack calls `hook` only then. */
  get active(): boolean {
    return this.ruleset.tables.size > 0;
  }

  /** Is connection tracking on (some rule needs it)? */
  get conntrackEnabled(): boolean {
    this.refreshOps();
    return this.conntrackOn;
  }

  private ctOf(pkt: Packet): Conn | null {
    const ct = pkt.ct as Conn | null;
    return ct !== null && typeof ct === "object" && (ct as Conn).owner === this.conntrack ? ct : null;
  }

  // ---- the hook entry ---------------------------------------------------------------------

  private refreshOps(): void {
    if (this.opsGeneration === this.ruleset.generation) return;
    this.opsGeneration = this.ruleset.generation;
    this.conntrackOn = this.ruleset.needsConntrack();
    const nat = this.ruleset.get("nat");
    const natOn = this.conntrackOn && nat !== undefined && nat.builtins().some((c) => c.handle !== 0);
    this.ops = [0, 1, 2, 3, 4].map((hook) => {
      const ops: HookOp[] = [];
      for (const t of this.ruleset.tables.values()) {
        if (t.name === "nat") continue;
        const chain = t.builtins().find((c) => c.hook === hook);
        if (chain !== undefined && chain.handle !== 0) {
          // The base chain runTable runs, found once per ruleset generation (a user chain may
          // share the name in another table's sense: check the hook).
          const base = t.chains.get(HOOK_NAMES[hook]!);
          const usable = base !== undefined && base.hook === hook && base.handle !== 0 ? base : null;
          ops.push({ kind: "table", table: t.name, priority: chain.priority, t, chain: usable });
        }
      }
      if (this.conntrackOn) {
        if (hook === NfInetHook.PRE_ROUTING || hook === NfInetHook.LOCAL_OUT) ops.push({ kind: "ct_in", priority: NfIpPriority.CONNTRACK });
        if (hook === NfInetHook.LOCAL_IN || hook === NfInetHook.POST_ROUTING) ops.push({ kind: "ct_confirm", priority: NfIpPriority.CONNTRACK_CONFIRM });
      }
      if (natOn && hook !== NfInetHook.FORWARD) {
        const dst = hook === NfInetHook.PRE_ROUTING || hook === NfInetHook.LOCAL_OUT;
        ops.push({ kind: "nat", manip: dst ? "dst" : "src", priority: dst ? NfIpPriority.NAT_DST : NfIpPriority.NAT_SRC });
      }
      return ops.sort((a, b) => a.priority - b.priority);
    });
  }

  /** br_netfilter: this frame's PRE_ROUTING already ran at bridge `br` (skb->nf_bridge, on the packet). */
  markBridged(pkt: Packet, br: DeviceRef): void {
    pkt.nfBridge = br;
    pkt.nfBridgeSabotageDone = false;
  }

  /** NF_HOOK: true to let the packet go on. */
  hook(hook: number, pkt: Packet, inDev: DeviceRef | null, outDev: DeviceRef | null): boolean {
    if (hook === NfInetHook.PRE_ROUTING && inDev !== null && pkt.nfBridge === inDev && !pkt.nfBridgeSabotageDone) {
      // ip_sabotage_in: a bridged frame going up does not see PRE_ROUTING twice.
      pkt.nfBridgeSabotageDone = true;
      return true;
    }
    this.refreshOps();
    const ops = this.ops[hook];
    if (ops === undefined || ops.length === 0) return true;
    const xp = this.xp.load(pkt, hook, inDev, outDev);
    this.curHook = hook;
    for (const op of ops) {
      let verdict: number;
      switch (op.kind) {
        case "ct_in":
          verdict = this.conntrackIn(xp);
          break;
        case "ct_confirm":
          verdict = this.confirm(xp);
          break;
        case "nat":
          verdict = this.natFn(xp, op.manip);
          break;
        default:
          verdict = this.runTable(op.t, op.chain, xp);
      }
      if (verdict !== Verdict.ACCEPT) {
        if (verdict === Verdict.DROP) this.sim.reportDrop(pkt, "nf_hook_slow", DropReason.NETFILTER_DROP, inDev ?? outDev);
        return false;
      }
      // No reload here: whatever rewrites the packet (a target in doTable, NAT in afterNat,
      // mangle OUTPUT in runTable) reloads the headers itself; conntrack only reads them.
    }
    return true;
  }

  // ---- conntrack ----------------------------------------------------------------------------

  /** nf_conntrack_in. */
  private conntrackIn(xp: XtPacket): number {
    const pkt = xp.pkt;
    // "Previously seen (loopback or untracked)? Ignore."
    if (this.ctOf(pkt) !== null || (pkt.ct === null && pkt.ctInfo === CtInfo.UNTRACKED)) return Verdict.ACCEPT;
    const res = this.conntrack.in(xp, this.sim.now);
    pkt.ct = res.conn;
    pkt.ctInfo = res.conn === null ? 0 : res.ctinfo;
    if (this.sim.observed) {
      const state = res.conn === null ? "INVALID" : ["ESTABLISHED", "RELATED", "NEW", "ESTABLISHED(reply)", "RELATED(reply)"][res.ctinfo] ?? "?";
      this.step(pkt, "nf_conntrack_in", state);
    }
    return Verdict.ACCEPT;
  }

  /** nf_confirm → __nf_conntrack_confirm. */
  private confirm(xp: XtPacket): number {
    const ct = this.ctOf(xp.pkt);
    if (ct === null || ct.confirmed) return Verdict.ACCEPT;
    // "We refuse to set up related connections for unconfirmed conns" (REJECT's replies).
    if (xp.pkt.ctInfo >= CtInfo.ESTABLISHED_REPLY) return Verdict.ACCEPT;
    if (!this.conntrack.confirm(ct, this.sim.now)) return Verdict.DROP;
    return Verdict.ACCEPT;
  }

  // ---- NAT ----------------------------------------------------------------------------------

  /** nf_nat_inet_fn + the nf_nat_ipv4_{in,out,local_fn} wrappers. */
  private natFn(xp: XtPacket, manip: Manip): number {
    const pkt = xp.pkt;
    const ct = this.ctOf(pkt);
    if (ct === null) return Verdict.ACCEPT;
    const hook = xp.hook;
    const ctinfo = pkt.ctInfo;
    const oldDst = xp.dst;
    const b = pkt.buf;
    const end = Math.min(pkt.tail, xp.nh + xp.totalLen);
    if ((ctinfo === CtInfo.RELATED || ctinfo === CtInfo.RELATED_REPLY) && xp.proto === IPPROTO.ICMP && ICMP_ERROR_TYPES.has(xp.icmpType)) {
      if (natIcmpReplyTranslation(b, xp.nh, end, ct, ctinfo, manip)) this.step(pkt, "nf_nat_icmp_reply_translation", manip);
      return this.afterNat(xp, oldDst);
    }
    if (ctinfo === CtInfo.NEW && !natInitialized(ct, manip)) {
      const table = this.ruleset.get("nat");
      const chain = table?.chains.get(HOOK_NAMES[hook]!);
      if (table !== undefined && chain !== undefined && chain.handle !== 0) {
        const v = this.doTable(table, chain, xp);
        if (v !== Verdict.ACCEPT) return v;
      }
      if (!natInitialized(ct, manip)) natNullBinding(this.conntrack, ct, manip, this.rng, this.sim.now);
    }
    const before = this.sim.observed ? `${xp.src}:${xp.sport}>${xp.dst}:${xp.dport}` : "";
    if (natPacket(b, xp.nh, end, ct, ctinfo, manip, xp.pkt.ipSummed === IpSummed.PARTIAL) && this.sim.observed) {
      xp.reload();
      this.step(pkt, "nf_nat_packet", `${manip === "src" ? "SNAT" : "DNAT"} ${before} -> ${xp.src}:${xp.sport}>${xp.dst}:${xp.dport}`);
    }
    return this.afterNat(xp, oldDst);
  }

  private afterNat(xp: XtPacket, oldDst: number): number {
    xp.reload();
    if (xp.dst !== oldDst) {
      if (xp.hook === NfInetHook.PRE_ROUTING) this.env.dropRoute(xp.pkt);
      else if (xp.hook === NfInetHook.LOCAL_OUT && !this.env.rerouteLocalOut(xp.pkt)) return Verdict.DROP;
    }
    return Verdict.ACCEPT;
  }

  natSetup(xp: XtPacket, range: NatRange, manip: Manip): number {
    const ct = this.ctOf(xp.pkt);
    if (ct === null) return Verdict.DROP;
    natSetupInfo(this.conntrack, ct, range, manip, this.rng, this.sim.now);
    return Verdict.ACCEPT;
  }

  /** nf_nat_masquerade_ipv4. */
  masquerade(xp: XtPacket, range: NatRange): number {
    const ct = this.ctOf(xp.pkt);
    if (ct === null || xp.outDev === null) return Verdict.DROP;
    const src = this.env.masqueradeSource(xp.outDev, xp.pkt);
    if (src === 0) {
      this.env.klog(6, `${xp.outDev.name} ate my IP address`);
      return Verdict.DROP;
    }
    natSetupInfo(this.conntrack, ct, { ...range, flags: range.flags | NatRangeFlags.MAP_IPS, minAddr: src, maxAddr: src }, "src", this.rng, this.sim.now);
    return Verdict.ACCEPT;
  }

  /** nf_nat_redirect_ipv4: to 127.0.0.1 for local traffic, else to the input device's first address. */
  redirect(xp: XtPacket, range: NatRange): number {
    const ct = this.ctOf(xp.pkt);
    if (ct === null) return Verdict.DROP;
    let dst: number;
    if (xp.hook === NfInetHook.LOCAL_OUT) dst = 0x7f000001;
    else {
      dst = xp.inDev === null ? 0 : this.env.primaryAddr(xp.inDev);
      if (dst === 0) return Verdict.DROP;
    }
    natSetupInfo(this.conntrack, ct, { ...range, flags: range.flags | NatRangeFlags.MAP_IPS, minAddr: dst, maxAddr: dst }, "dst", this.rng, this.sim.now);
    return Verdict.ACCEPT;
  }

  /**
   * nf_ct_attach: a packet the kernel makes in answer to `skb` (an ICMP error, REJECT's reset)
   * belongs to `skb`'s connection, seen from the other direction (RELATED).
   */
  attach(nskb: Packet, skb: Packet): void {
    const ct = this.ctOf(skb);
    if (ct === null) return;
    nskb.ct = ct;
    nskb.ctInfo = skb.ctInfo < CtInfo.ESTABLISHED_REPLY ? CtInfo.RELATED_REPLY : CtInfo.RELATED;
  }

  // ---- other target services ----------------------------------------------------------------

  reject(xp: XtPacket, kind: string): void {
    if (kind === "tcp-reset") this.env.sendReset(xp.pkt, xp.hook);
    else this.env.sendUnreach(xp.pkt, REJECT_CODES[kind] ?? 3, xp.hook);
  }

  log(xp: XtPacket, level: number, prefix: string, flags: number): void {
    this.env.klog(level, formatLogLine(xp.pkt, prefix, flags, xp.inDev, xp.outDev));
  }

  notrack(pkt: Packet): void {
    pkt.ct = null;
    pkt.ctInfo = CtInfo.UNTRACKED;
  }

  trace(pkt: Packet): void {
    this.anyTraced = true;
    if (!this.traced.has(pkt)) this.traced.set(pkt, this.rng.uint32());
  }

  // ---- tables ---------------------------------------------------------------------------------

  private runTable(table: Table, chain: Chain | null, xp: XtPacket): number {
    if (chain === null) return Verdict.ACCEPT;
    const name = table.name;
    const pkt = xp.pkt;
    const mangleOut = name === "mangle" && xp.hook === NfInetHook.LOCAL_OUT;
    const before = mangleOut ? [pkt.mark, xp.src, xp.dst, xp.tos] : undefined;
    const v = this.doTable(table, chain, xp);
    if (v === Verdict.ACCEPT && before !== undefined) {
      xp.reload();
      // ipt_mangle_out: a changed mark, address or TOS needs a new route.
      if (before[0] !== pkt.mark || before[1] !== xp.src || before[2] !== xp.dst || before[3] !== xp.tos) {
        if (!this.env.rerouteLocalOut(pkt)) return Verdict.DROP;
      }
    }
    return v;
  }

  /** ipt_do_table: runs `base` and the chains it jumps to; returns the verdict. */
  doTable(table: Table, base: Chain, xp: XtPacket): number {
    const rt = this.runtime;
    (rt as { table: TableName }).table = table.name;
    const pkt = xp.pkt;
    let traceId = this.anyTraced ? this.traced.get(pkt) : undefined;
    const observed = this.sim.observed;
    if (traceId !== undefined) this.traceLog.push(formatTracePacket(pkt, 2, traceId, xp.inDev, xp.outDev));
    let stack: Array<{ chain: Chain; index: number }> | null = null;
    let chain = base;
    let index = 0;
    for (;;) {
      if (index >= chain.rules.length) {
        const top = stack?.pop();
        if (top !== undefined) {
          chain = top.chain;
          index = top.index;
          continue;
        }
        return this.policy(table, base, xp, traceId);
      }
      const rule = chain.rules[index++]!;
      if (!ipPacketMatch(rule.ip, xp)) continue;
      let matched = true;
      rt.hotdrop = false;
      for (const m of rule.evalMatches) {
        if (!m.matches(xp, rt)) {
          matched = false;
          break;
        }
      }
      if (!matched) {
        if (rt.hotdrop) {
          if (observed) this.step(pkt, "ipt_do_table", `${table.name}:${chain.name}:rule:${index}:hotdrop`);
          return Verdict.DROP;
        }
        continue;
      }
      rule.pcnt++;
      rule.bcnt += xp.len;
      const a = rule.action;
      let verdict: number;
      let note: string;
      switch (a.kind) {
        case "none":
          verdict = Verdict.CONTINUE;
          note = "CONTINUE";
          break;
        case "accept":
          verdict = Verdict.ACCEPT;
          note = "ACCEPT";
          break;
        case "drop":
          verdict = Verdict.DROP;
          note = "DROP";
          break;
        case "queue":
          // No userspace queue listens: nf_queue drops.
          verdict = Verdict.DROP;
          note = "QUEUE";
          break;
        case "return":
          verdict = Verdict.RETURN;
          note = "0xfffffffb";
          break;
        case "jump":
        case "goto":
          verdict = Verdict.CONTINUE;
          note = `${a.kind === "jump" ? "JUMP" : "GOTO"}:${a.chain}`;
          break;
        default: {
          verdict = a.target.fire(xp, rt, this);
          note = verdict === Verdict.CONTINUE ? "CONTINUE" : VERDICT_NAMES[verdict] ?? String(verdict);
          if (traceId === undefined && this.traced.has(pkt)) {
            // TRACE turned tracing on: its own rule is the first event.
            traceId = this.traced.get(pkt)!;
            this.traceLog.push(formatTracePacket(pkt, 2, traceId, xp.inDev, xp.outDev));
          }
          xp.reload();
        }
      }
      if (traceId !== undefined) this.traceRule(traceId, table, chain, rule, note);
      if (observed) this.step(pkt, "ipt_do_table", `${table.name}:${chain.name}:rule:${index}:${note} ${saveRuleBody(rule).trim()}`);
      if (a.kind === "jump" || a.kind === "goto") {
        const next = table.chains.get(a.chain);
        if (next === undefined) return Verdict.DROP;
        if (a.kind === "jump") {
          stack ??= [];
          if (stack.length >= 64) return Verdict.DROP;
          stack.push({ chain, index });
        }
        chain = next;
        index = 0;
        continue;
      }
      if (verdict === Verdict.CONTINUE) continue;
      if (verdict === Verdict.RETURN) {
        const top = stack?.pop();
        if (top === undefined) return this.policy(table, base, xp, traceId);
        chain = top.chain;
        index = top.index;
        continue;
      }
      return verdict;
    }
  }

  /** The end of a built-in chain: its policy, counted when the chain keeps counters. */
  private policy(table: Table, base: Chain, xp: XtPacket, traceId: number | undefined): number {
    if (base.counters) {
      base.pcnt++;
      base.bcnt += xp.len;
    }
    if (traceId !== undefined) this.traceLog.push(` TRACE: 2 ${traceId.toString(16).padStart(8, "0")} ${table.name}:${base.name}:policy:${base.policy} `);
    if (this.sim.observed) this.step(xp.pkt, "ipt_do_table", `${table.name}:${base.name}:policy:${base.policy}`);
    return base.policy === "ACCEPT" ? Verdict.ACCEPT : Verdict.DROP;
  }

  private traceRule(id: number, table: Table, chain: Chain, rule: Rule, note: string): void {
    this.traceLog.push(` TRACE: 2 ${id.toString(16).padStart(8, "0")} ${table.name}:${chain.name}:rule:0x${rule.handle.toString(16)}:${note}  -4 -t ${table.name} -A ${chain.name}${saveRuleBody(rule)}`);
  }

  private step(pkt: Packet, where: string, detail: string): void {
    const ns = this.env.name === "" ? "" : `[${this.env.name}] `;
    this.sim.reportStep(pkt, where, `${ns}${HOOK_NAMES[this.curHook]} ${detail}`);
  }

  /** Conntrack entries as `conntrack -L` lists them (expired ones dropped). */
  connections(): Conn[] {
    return this.conntrack.entries(this.sim.now);
  }
}

export { IPS };
