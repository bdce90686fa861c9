/**
 * What a cluster is made of, as data: nodes on an underlay network, pods on each node wired by
 * one of two CNI plugins — `bridge` (a `cni0` bridge per node, a veth per pod) or `calico`
 * (routed: a `cali…` veth per pod with proxy ARP answering for 169.254.1.1, a /32 route per
 * pod) — per-node pod CIDRs from a cluster CIDR, routes between nodes (host-gw / Calico's BGP
 * routes), and Services (ClusterIP + endpoints) implemented by kube-proxy's iptables rules.
 * Everything is derived deterministically.
 */
import { formatIpv4, parseIpv4, prefixMask } from "@pktsim/core";

export interface ServiceSpec {
  /** Service name (namespace/name in kube-proxy's comments). */
  readonly name: string;
  /** Kubernetes namespace (default "default"). */
  readonly namespace?: string;
  /** The Service port. */
  readonly port: number;
  /** The pods' port (targetPort, default = port). */
  readonly targetPort?: number;
  readonly protocol?: "udp" | "tcp";
  /** Endpoints as pod names ("node1/pod2"). */
  readonly endpoints: readonly string[];
  /** Fixed ClusterIP; otherwise allocated in order from the service CIDR (.1 is kubernetes). */
  readonly clusterIP?: string;
}

export interface NodeSpec {
  readonly name: string;
  /** How many pods (named pod1..podN), or their names. */
  readonly pods: number | readonly string[];
  /** Override the pod CIDR (the default is the node's /24 of the cluster CIDR). */
  readonly podCidr?: string;
}

/** The CNI plugin that wires pods to their node. */
export type CniPlugin = "bridge" | "calico";

export interface ClusterSpec {
  readonly nodes: readonly NodeSpec[];
  /** Default "bridge". */
  readonly cni?: CniPlugin;
  readonly services?: readonly ServiceSpec[];
  /** Default 10.244.0.0/16: node i (1-based) gets 10.244.i.0/24. */
  readonly clusterCidr?: string;
  /** Default 10.96.0.0/12. */
  readonly serviceCidr?: string;
  /** The underlay: default 192.168.100.0/24, node i gets .(10+i). */
  readonly nodeNetwork?: string;
}

export interface PodInfo {
  /** "node1/pod2". */
  readonly id: string;
  readonly node: string;
  readonly name: string;
  /** The namespace name (`node1-pod2`). */
  readonly netns: string;
  readonly ip: string;
  /** The host-side veth (in the node namespace): `veth…` (bridge) or `cali…` (calico). */
  readonly hostVeth: string;
}

export interface NodeInfo {
  readonly name: string;
  /** The namespace name (the node's name). */
  readonly netns: string;
  readonly ip: string;
  readonly podCidr: string;
  /** The pods' default gateway: cni0's address (bridge) or Calico's 169.254.1.1. */
  readonly gateway: string;
  /** The underlay bridge port in the root namespace. */
  readonly underlayPort: string;
  readonly pods: readonly PodInfo[];
}

export interface ServiceInfo {
  readonly name: string;
  readonly namespace: string;
  readonly clusterIP: string;
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: "udp" | "tcp";
  readonly endpoints: readonly PodInfo[];
}

export interface ClusterLayout {
  readonly cni: CniPlugin;
  readonly nodes: readonly NodeInfo[];
  readonly services: readonly ServiceInfo[];
  readonly clusterCidr: string;
  readonly serviceCidr: string;
  readonly nodeNetwork: string;
  pod(id: string): PodInfo | undefined;
}

function cidr(text: string): { addr: number; len: number } {
  const [a, l] = text.split("/");
  const addr = parseIpv4(a ?? "");
  const len = Number(l);
  if (addr === undefined || !Number.isInteger(len) || len < 0 || len > 32) throw new RangeError(`invalid CIDR ${text}`);
  return { addr: (addr & prefixMask(len)) >>> 0, len };
}

/** The link-local next hop Calico gives every pod; the host's veth answers for it by proxy ARP. */
export const CALICO_GATEWAY = "169.254.1.1";

/** The MAC Calico sets on every host-side veth. */
export const CALICO_VETH_MAC = "ee:ee:ee:ee:ee:ee";

/** A short stable hex hash, as the CNI plugin's random veth names but deterministic. */
export function shortHash(text: string, digits = 8): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0").slice(0, digits);
}

/** Lays out addresses, names and endpoints; throws RangeError on an impossible spec. */
export function layout(spec: ClusterSpec): ClusterLayout {
  const clusterCidr = spec.clusterCidr ?? "10.244.0.0/16";
  const serviceCidr = spec.serviceCidr ?? "10.96.0.0/12";
  const nodeNetwork = spec.nodeNetwork ?? "192.168.100.0/24";
  const cni = spec.cni ?? "bridge";
  if (cni !== "bridge" && cni !== "calico") throw new RangeError(`unknown CNI plugin ${String(cni)}`);
  const cluster = cidr(clusterCidr);
  const underlay = cidr(nodeNetwork);
  if (cluster.len > 24) throw new RangeError("the cluster CIDR must be /24 or wider");
  const names = new Set<string>();
  const nodes: NodeInfo[] = spec.nodes.map((n, i) => {
    if (names.has(n.name)) throw new RangeError(`duplicate node ${n.name}`);
    names.add(n.name);
    const podNet = n.podCidr !== undefined ? cidr(n.podCidr) : { addr: (cluster.addr + (i + 1) * 256) >>> 0, len: 24 };
    const podNames = typeof n.pods === "number" ? Array.from({ length: n.pods }, (_, k) => `pod${k + 1}`) : [...n.pods];
    if (podNames.length > (1 << (32 - podNet.len)) - 3) throw new RangeError(`too many pods for ${formatIpv4(podNet.addr)}/${podNet.len}`);
    const pods = podNames.map((p, k): PodInfo => {
      const id = `${n.name}/${p}`;
      return {
        id,
        node: n.name,
        name: p,
        netns: `${n.name}-${p}`,
        ip: formatIpv4((podNet.addr + k + 2) >>> 0),
        // Calico names host veths cali + 11 hex digits of a hash of the workload.
        hostVeth: cni === "calico" ? `cali${shortHash(id, 8)}${shortHash(`${id}/`, 3)}` : `veth${shortHash(id)}`,
      };
    });
    return {
      name: n.name,
      netns: n.name,
      ip: formatIpv4((underlay.addr + 10 + i + 1) >>> 0),
      podCidr: `${formatIpv4(podNet.addr)}/${podNet.len}`,
      gateway: cni === "calico" ? CALICO_GATEWAY : formatIpv4((podNet.addr + 1) >>> 0),
      underlayPort: `u-${shortHash(n.name, 6)}`,
      pods,
    };
  });
  const byId = new Map(nodes.flatMap((n) => n.pods.map((p) => [p.id, p] as const)));
  const svcBase = cidr(serviceCidr).addr;
  const services: ServiceInfo[] = (spec.services ?? []).map((s, i) => ({
    name: s.name,
    namespace: s.namespace ?? "default",
    clusterIP: s.clusterIP ?? formatIpv4((svcBase + 10 + i) >>> 0),
    port: s.port,
    targetPort: s.targetPort ?? s.port,
    protocol: s.protocol ?? "udp",
    endpoints: s.endpoints.map((e) => {
      const pod = byId.get(e);
      if (pod === undefined) throw new RangeError(`service ${s.name}: no pod ${e}`);
      return pod;
    }),
  }));
  return { cni, nodes, services, clusterCidr, serviceCidr, nodeNetwork, pod: (id) => byId.get(id) };
}
