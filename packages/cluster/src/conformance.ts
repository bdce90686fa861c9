/**
 * The Kubernetes network model, checked with real packets:
 *  1. every pod reaches every other pod without NAT,
 *  2. every node reaches every pod (and back) without NAT,
 *  3. the address a pod sees for itself is the address others see.
 * For each ordered pair of endpoints (pods and nodes) the sender connects a UDP socket to the
 * receiver's address and sends a probe; every endpoint listens. A pair conforms when the probe
 * arrives at the receiver it was meant for, from the address the sender sees for itself
 * (getsockname), addressed to the receiver's own address, and when the sender's own view of
 * its address is its interface address. Every violation comes with what the packets did: the
 * drops and hook verdicts the simulation reported while the probe was in flight.
 */
import { formatIpv4, parseIpv4, type DeviceRef } from "@pktsim/core";
import { KernelError, type Namespace, strerror, type UdpSocket, UdpSocket as UdpSocketClass } from "@pktsim/stack";
import type { Cluster } from "./cluster";

export const PROBE_PORT = 31337;
const PROBE_TIMEOUT_NS = 5e9;

export interface Endpoint {
  readonly kind: "pod" | "node";
  /** "node1/pod2" or "node1". */
  readonly id: string;
  readonly netns: string;
  /** Its own (interface) address. */
  readonly ip: string;
  /** How others address it when that is not its own address (a published port, a Service). */
  readonly reachAs?: { readonly ip: string; readonly port: number };
}

export type ViolationKind = "unreachable" | "wrong-receiver" | "source-nat" | "destination-nat" | "self-address";

export interface Violation {
  /** Which requirement (1: pod↔pod, 2: node↔pod, 3: own address). */
  readonly requirement: 1 | 2 | 3;
  readonly kind: ViolationKind;
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** The source the sender's socket chose (what it sees for itself). */
  readonly senderView: string | undefined;
  /** The source the receiver saw, when something arrived. */
  readonly observedSource: string | undefined;
  /** The destination address the packet had on arrival. */
  readonly observedDestination: string | undefined;
  /** Who got it, when not the intended receiver. */
  readonly receivedBy: string | undefined;
  /** An errno the sender's socket reported, if any. */
  readonly error: string | undefined;
  /** The way the probe went: drops and hook verdicts reported while it was in flight. */
  readonly trace: readonly string[];
  readonly message: string;
}

export interface ConformanceReport {
  readonly endpoints: readonly Endpoint[];
  readonly probes: number;
  readonly violations: readonly Violation[];
  readonly ok: boolean;
  /** A readable summary (one line per violation with its trace). */
  format(): string;
}

export interface CheckOptions {
  /** Only these endpoints (ids); default every pod and node. */
  readonly only?: readonly string[];
  /** Include node → node pairs (not one of the three requirements; default false). */
  readonly nodeToNode?: boolean;
}

interface Arrival {
  readonly receiver: Endpoint;
  readonly source: string;
  readonly destination: string;
}

/** All pods and nodes of a cluster as endpoints. */
export function clusterEndpoints(cluster: Cluster): Endpoint[] {
  const out: Endpoint[] = [];
  for (const node of cluster.layout.nodes) {
    out.push({ kind: "node", id: node.name, netns: node.netns, ip: node.ip });
    for (const pod of node.pods) out.push({ kind: "pod", id: pod.id, netns: pod.netns, ip: pod.ip });
  }
  return out;
}

/** Checks the three requirements over every ordered pair of endpoints. */
export function checkConformance(cluster: Cluster, options: CheckOptions = {}): ConformanceReport {
  const all = clusterEndpoints(cluster);
  const endpoints = options.only === undefined ? all : all.filter((e) => options.only!.includes(e.id));
  return checkEndpoints(cluster.session.host, endpoints, options);
}

/** The checker over any set of endpoints of a host (clusters, or a Docker-style setup). */
export function checkEndpoints(
  host: Cluster["session"]["host"],
  endpoints: readonly Endpoint[],
  options: { readonly nodeToNode?: boolean } = {},
): ConformanceReport {
  const sim = host.sim;
  const arrivals = new Map<number, Arrival[]>();
  const listeners: UdpSocket[] = [];
  for (const ep of endpoints) {
    const ns = netnsOf(host, ep);
    const sock = new UdpSocketClass(ns);
    sock.bind(0, PROBE_PORT);
    sock.onReadable = () => {
      for (let d = sock.recv(); d !== undefined; d = sock.recv()) {
        const id = probeId(d.data);
        if (id === undefined) continue;
        const list = arrivals.get(id) ?? [];
        list.push({ receiver: ep, source: formatIpv4(d.from.addr), destination: formatIpv4(d.to) });
        arrivals.set(id, list);
      }
    };
    listeners.push(sock);
  }
  const trace: string[] = [];
  const stop = sim.observe({
    drop: (_pkt, where, reason, dev) => trace.push(`${stamp(sim.now)} drop in ${where}${devName(dev)}: ${reason}`),
    step: (_pkt, where, detail) => trace.push(`${stamp(sim.now)} ${where}: ${detail}`),
  });
  const violations: Violation[] = [];
  let probes = 0;
  try {
    for (const from of endpoints) {
      for (const to of endpoints) {
        if (from === to) continue;
        if (from.kind === "node" && to.kind === "node" && options.nodeToNode !== true) continue;
        const requirement: 1 | 2 = from.kind === "pod" && to.kind === "pod" ? 1 : 2;
        const id = ++probes;
        trace.length = 0;
        const v = probe(host, from, to, id, requirement, arrivals, trace);
        if (v !== undefined) violations.push(v);
      }
    }
  } finally {
    stop();
    for (const l of listeners) l.close();
  }
  return report(endpoints, probes, violations);
}

function netnsOf(host: Cluster["session"]["host"], ep: Endpoint): Namespace {
  const ns = host.netns(ep.netns);
  if (ns === undefined) throw new RangeError(`no namespace ${ep.netns}`);
  return ns;
}

function probe(
  host: Cluster["session"]["host"],
  from: Endpoint,
  to: Endpoint,
  id: number,
  requirement: 1 | 2,
  arrivals: Map<number, Arrival[]>,
  trace: string[],
): Violation | undefined {
  const sim = host.sim;
  const sock = new UdpSocketClass(netnsOf(host, from));
  const base = { from, to, requirement } as const;
  let error: string | undefined;
  let senderView: string | undefined;
  try {
    sock.connect(parseIpv4(to.reachAs?.ip ?? to.ip)!, to.reachAs?.port ?? PROBE_PORT);
    senderView = formatIpv4(sock.localAddress.addr);
    sock.onError = (errno) => {
      error ??= strerror(errno);
    };
    sock.send(probePayload(id));
    const deadline = sim.now + PROBE_TIMEOUT_NS;
    sim.scheduler.runUntilIdle(() => arrivals.has(id) || error !== undefined || sim.now >= deadline);
    if (!arrivals.has(id) && error === undefined && sim.now < deadline) sim.scheduler.runUntil(deadline);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    error = strerror(e.errno);
  } finally {
    sock.close();
  }
  const got = arrivals.get(id) ?? [];
  const right = got.find((a) => a.receiver === to);
  const make = (kind: ViolationKind, req: 1 | 2 | 3, message: string, arrival?: Arrival): Violation => ({
    ...base,
    requirement: req,
    kind,
    senderView,
    observedSource: arrival?.source,
    observedDestination: arrival?.destination,
    receivedBy: arrival !== undefined && arrival.receiver !== to ? arrival.receiver.id : undefined,
    error,
    trace: [...trace],
    message,
  });
  // Requirement 3 is about pods; nodes are multi-homed and pick a source per route.
  if (from.kind === "pod" && senderView !== undefined && senderView !== from.ip) {
    return make("self-address", 3, `${from.id} sees itself as ${senderView}, not ${from.ip}`, right ?? got[0]);
  }
  if (right === undefined) {
    if (got.length > 0) return make("wrong-receiver", requirement, `probe for ${to.id} (${to.ip}) was received by ${got[0]!.receiver.id}`, got[0]);
    return make("unreachable", requirement, `${from.id} cannot reach ${to.id} (${to.reachAs?.ip ?? to.ip})${error !== undefined ? `: ${error}` : ""}`);
  }
  if (right.source !== senderView) {
    return make("source-nat", from.kind === "pod" && to.kind === "pod" ? 1 : requirement, `${to.id} saw ${from.id} as ${right.source}, but ${from.id} sent from ${senderView}`, right);
  }
  const used = to.reachAs?.ip ?? to.ip;
  if (right.destination !== used || right.destination !== to.ip) {
    return make("destination-nat", requirement, `${from.id} sent to ${used} but it arrived for ${right.destination}`, right);
  }
  return undefined;
}

const MAGIC = [0x70, 0x6b, 0x74, 0x73]; // "pkts"

function probePayload(id: number): Uint8Array {
  const out = new Uint8Array(8);
  out.set(MAGIC);
  new DataView(out.buffer).setUint32(4, id);
  return out;
}

function probeId(data: Uint8Array): number | undefined {
  if (data.length !== 8 || MAGIC.some((b, i) => data[i] !== b)) return undefined;
  return new DataView(data.buffer, data.byteOffset, 8).getUint32(4);
}

function stamp(ns: number): string {
  return `[${(ns / 1e9).toFixed(6)}]`;
}

function devName(dev: DeviceRef | null): string {
  return dev === null ? "" : ` (${dev.name})`;
}

function report(endpoints: readonly Endpoint[], probes: number, violations: readonly Violation[]): ConformanceReport {
  return {
    endpoints,
    probes,
    violations,
    ok: violations.length === 0,
    format(): string {
      const pods = endpoints.filter((e) => e.kind === "pod").length;
      const nodes = endpoints.length - pods;
      const lines = [`${probes} probes between ${pods} pods and ${nodes} nodes: ${violations.length === 0 ? "conforms to the Kubernetes network model" : `${violations.length} violations`}`];
      for (const req of [1, 2, 3] as const) {
        const n = violations.filter((v) => v.requirement === req).length;
        const text = req === 1 ? "pods reach all pods without NAT" : req === 2 ? "nodes and pods reach each other without NAT" : "a pod's own address is the address others see";
        lines.push(`  requirement ${req} (${text}): ${n === 0 ? "ok" : `${n} violations`}`);
      }
      for (const v of violations) {
        lines.push(`  VIOLATION [${v.requirement}] ${v.kind}: ${v.message}`);
        for (const t of v.trace.slice(0, 12)) lines.push(`      ${t}`);
      }
      return `${lines.join("\n")}\n`;
    },
  };
}
