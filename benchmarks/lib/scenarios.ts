/**
 * The end-to-end paths of the benchmarks, built with the same commands a user types (through
 * the pktsim Session, as `pktsim run` runs a script), then driven through the public API: a
 * UDP socket in namespace `a` sends 18-byte datagrams to a socket bound in namespace `b`.
 *
 *   bridge:  a:va ─veth─ va-br ┐ br0 (init namespace) ┌ vb-br ─veth─ b:vb      10.0.0.1 → 10.0.0.2
 *   router:  a:va ─veth─ r:ra  (ip_forward=1)  r:rb ─veth─ b:vb                 10.0.1.1 → 10.0.2.1
 *
 * Filtering: none (no table exists, hooks skipped); empty (raw, mangle, nat and filter tables
 * with no rules in every namespace on the path: each hook runs every table, conntrack tracks
 * the flow, the bridge passes IPv4 to iptables as br_netfilter does); rules (as empty, plus
 * `rules` non-matching filter rules in b's INPUT chain, each evaluated for every datagram).
 */
import { Session } from "pktsim";
import { QueueKind, parseIpv4, type Simulation } from "@pktsim/core";
import { type Namespace, UdpSocket } from "@pktsim/stack";

export type Topology = "bridge" | "router";

export interface PathOptions {
  readonly topology: Topology;
  /** Load empty raw/mangle/nat/filter tables in every namespace on the path. */
  readonly tables: boolean;
  /** Non-matching filter rules appended to b's INPUT chain. */
  readonly rules: number;
  readonly seed?: number;
  /** More command lines after the path is built (lines with stdin: [line, stdin]). */
  readonly setup?: ReadonlyArray<string | readonly [string, string]>;
  /** Where the datagrams go (default: b's address, port 9000). */
  readonly target?: { readonly addr: string; readonly port: number };
  /** Sending sockets used in turn (each its own source port, so its own flow); default 1. */
  readonly senders?: number;
}

export interface UdpPath {
  readonly session: Session;
  readonly sim: Simulation;
  /** Sends one 18-byte datagram from a to b (from the next sending socket). */
  send(): void;
  /** Runs the simulation for `ns` of virtual time. */
  run(ns: number): void;
  /** Datagrams read by the receiving socket so far. */
  readonly delivered: number;
  /** Frames that crossed a veth link so far (transmitted by a veth end). */
  hops(): number;
}

const BRIDGE = `ip netns add a
ip netns add b
ip link add br0 type bridge
ip link add va type veth peer name va-br
ip link add vb type veth peer name vb-br
ip link set va netns a
ip link set vb netns b
ip link set va-br master br0
ip link set vb-br master br0
ip link set br0 up
ip link set va-br up
ip link set vb-br up
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set lo up
ip -n b link set lo up
ip -n a link set va up
ip -n b link set vb up`;

const ROUTER = `ip netns add a
ip netns add r
ip netns add b
ip link add va type veth peer name ra
ip link add vb type veth peer name rb
ip link set va netns a
ip link set ra netns r
ip link set vb netns b
ip link set rb netns r
ip -n a addr add 10.0.1.1/24 dev va
ip -n r addr add 10.0.1.254/24 dev ra
ip -n r addr add 10.0.2.254/24 dev rb
ip -n b addr add 10.0.2.1/24 dev vb
ip -n a link set lo up
ip -n r link set lo up
ip -n b link set lo up
ip -n a link set va up
ip -n r link set ra up
ip -n r link set rb up
ip -n b link set vb up
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
ip netns exec r sysctl -w net.ipv4.ip_forward=1`;

/** Every table iptables-nft can hold for IPv4, with its base chains and no rules. */
export function emptyTables(filterRules: readonly string[] = []): string {
  return [
    "*raw",
    ":PREROUTING ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    "COMMIT",
    "*mangle",
    ":PREROUTING ACCEPT [0:0]",
    ":INPUT ACCEPT [0:0]",
    ":FORWARD ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ":POSTROUTING ACCEPT [0:0]",
    "COMMIT",
    "*nat",
    ":PREROUTING ACCEPT [0:0]",
    ":INPUT ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ":POSTROUTING ACCEPT [0:0]",
    "COMMIT",
    "*filter",
    ":INPUT ACCEPT [0:0]",
    ":FORWARD ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ...filterRules,
    "COMMIT",
    "",
  ].join("\n");
}

/** `n` filter rules that no datagram of the benchmark matches, all different. */
export function nonMatchingRules(n: number): string[] {
  const rules: string[] = [];
  for (let i = 0; i < n; i++) {
    rules.push(`-A INPUT -s 10.${100 + (i >> 8)}.${i & 255}.1/32 -p udp -m udp --dport ${10000 + i} -j DROP`);
  }
  return rules;
}

function exec(session: Session, line: string, stdin?: string): void {
  const r = session.exec(line, stdin === undefined ? {} : { stdin });
  if (r.status !== 0) throw new Error(`${line}: exit ${r.status}: ${r.output}`);
}

export function buildUdpPath(options: PathOptions): UdpPath {
  // The ladder queue: the fastest event queue (the default is heap-js, the design's reference).
  const session = new Session({ seed: options.seed ?? 1, maxEvents: Number.MAX_SAFE_INTEGER, queue: QueueKind.Ladder });
  const script = options.topology === "bridge" ? BRIDGE : ROUTER;
  for (const line of script.split("\n")) exec(session, line);
  const host = session.host;
  const a = host.netns("a")!;
  const b = host.netns("b")!;
  const onPath: Namespace[] = options.topology === "bridge" ? [host.init, a, b] : [a, host.netns("r")!, b];
  if (options.tables || options.rules > 0) {
    for (const ns of onPath) {
      const rules = ns === b ? nonMatchingRules(options.rules) : [];
      const prefix = ns === host.init ? "" : `ip netns exec ${ns.name} `;
      exec(session, `${prefix}iptables-restore`, emptyTables(rules));
    }
  }
  for (const line of options.setup ?? []) {
    if (typeof line === "string") exec(session, line);
    else exec(session, line[0], line[1]);
  }
  const dst = parseIpv4(options.target?.addr ?? (options.topology === "bridge" ? "10.0.0.2" : "10.0.2.1"))!;
  const txs: UdpSocket[] = [];
  for (let i = 0; i < (options.senders ?? 1); i++) txs.push(new UdpSocket(a));
  let turn = 0;
  const rx = new UdpSocket(b);
  rx.bind(0, 9000);
  let delivered = 0;
  rx.onReadable = () => {
    while (rx.recv() !== undefined) delivered++;
  };
  const payload = new Uint8Array(18);
  const to = { addr: dst, port: options.target?.port ?? 9000 };
  const sim = host.sim;
  const veths = onPath.flatMap((ns) => ns.devices().filter((d) => d.kind === "veth"));
  const path: UdpPath = {
    session,
    sim,
    send: () => {
      txs[turn]!.send(payload, to);
      turn = turn + 1 === txs.length ? 0 : turn + 1;
    },
    run: (ns) => sim.scheduler.runFor(ns),
    get delivered() {
      return delivered;
    },
    hops: () => veths.reduce((sum, d) => sum + d.stats.txPackets, 0),
  };
  // Resolve ARP (and, through the router, both neighbours) before anything is measured.
  for (let i = 0; i < txs.length; i++) path.send();
  path.run(1_000_000_000);
  if (delivered !== txs.length) throw new Error(`${options.topology}: the first datagrams were not delivered`);
  return path;
}
