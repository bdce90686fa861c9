/**
 * The commands that build a cluster, as an administrator (or the CNI plugin and kube-proxy)
 * would type them: a pktsim script. Running it in a Session builds the cluster; printing it
 * reproduces the cluster anywhere (`pktsim run`).
 */
import { formatIpv4, parseIpv4 } from "@pktsim/core";
import { CALICO_VETH_MAC, type ClusterLayout, type NodeInfo } from "./spec";
import { kubeProxyCommands } from "./kubeproxy";

/** The underlay switch in the root namespace. */
export const UNDERLAY_BRIDGE = "underlay0";

function nodeCommands(node: NodeInfo, all: readonly NodeInfo[], cni: ClusterLayout["cni"], router: string): string[] {
  const n = node.netns;
  const prefix = node.podCidr.split("/")[1]!;
  const out = [
    `# node ${node.name}: ${node.ip} on the underlay, pods in ${node.podCidr}`,
    `ip netns add ${n}`,
    `ip link add ${node.underlayPort} type veth peer name eth0 netns ${n}`,
    `ip link set ${node.underlayPort} master ${UNDERLAY_BRIDGE}`,
    `ip link set ${node.underlayPort} up`,
    `ip -n ${n} link set lo up`,
    `ip -n ${n} addr add ${node.ip}/24 dev eth0`,
    `ip -n ${n} link set eth0 up`,
    `ip netns exec ${n} sysctl -q -w net.ipv4.ip_forward=1`,
  ];
  // Proxy ARP answers only for addresses the node routes out of another device: Calico relies on
  // the host's default route (here towards the underlay's .1) to answer for 169.254.1.1.
  if (cni === "calico") out.push(`ip -n ${n} route add default via ${router} dev eth0`, ...calicoPods(node));
  else out.push(`ip -n ${n} link add cni0 type bridge`, `ip -n ${n} addr add ${node.gateway}/${prefix} dev cni0`, `ip -n ${n} link set cni0 up`);
  for (const pod of cni === "calico" ? [] : node.pods) {
    out.push(
      `# pod ${pod.id}: ${pod.ip} (bridge CNI: veth to cni0, default route via the bridge)`,
      `ip netns add ${pod.netns}`,
      `ip -n ${n} link add ${pod.hostVeth} type veth peer name eth0 netns ${pod.netns}`,
      `ip -n ${n} link set ${pod.hostVeth} master cni0`,
      // kubelet's bridge CNI config sets hairpinMode so a pod can reach itself through its Service.
      `bridge -n ${n} link set dev ${pod.hostVeth} hairpin on`,
      `ip -n ${n} link set ${pod.hostVeth} up`,
      `ip -n ${pod.netns} link set lo up`,
      `ip -n ${pod.netns} addr add ${pod.ip}/${prefix} dev eth0`,
      `ip -n ${pod.netns} link set eth0 up`,
      `ip -n ${pod.netns} route add default via ${node.gateway}`,
    );
  }
  for (const peer of all) {
    if (peer === node) continue;
    out.push(`ip -n ${n} route add ${peer.podCidr} via ${peer.ip}`);
  }
  return out;
}

/** The whole build script. Services need iptables (kube-proxy) in every node namespace. */
export function clusterScript(layout: ClusterLayout): string[] {
  const lines = [
    "# the underlay network: a switch in the root namespace",
    `ip link add ${UNDERLAY_BRIDGE} type bridge`,
    `ip link set ${UNDERLAY_BRIDGE} up`,
  ];
  const router = underlayRouter(layout.nodeNetwork);
  for (const node of layout.nodes) lines.push(...nodeCommands(node, layout.nodes, layout.cni, router));
  if (layout.services.length > 0) {
    for (const node of layout.nodes) {
      lines.push(`# kube-proxy on ${node.name}`);
      for (const cmd of kubeProxyCommands(layout)) lines.push(`ip netns exec ${node.netns} ${cmd}`);
    }
  }
  return lines;
}

/**
 * Calico's wiring (its CNI plugin and Felix): the pod gets its address as a /32 and a
 * link-scope route to 169.254.1.1 as its default gateway; the host-side `cali…` veth has
 * Calico's MAC, proxy_arp on and proxy_delay 0, so it answers the pod's ARP for 169.254.1.1 at
 * once, and the host routes the pod's /32 to that veth.
 */
function calicoPods(node: NodeInfo): string[] {
  const n = node.netns;
  const out: string[] = [];
  for (const pod of node.pods) {
    out.push(
      `# pod ${pod.id}: ${pod.ip}/32 (Calico: routed veth, proxy ARP for ${node.gateway})`,
      `ip netns add ${pod.netns}`,
      `ip -n ${n} link add ${pod.hostVeth} type veth peer name eth0 netns ${pod.netns}`,
      `ip -n ${n} link set ${pod.hostVeth} address ${CALICO_VETH_MAC}`,
      `ip netns exec ${n} sysctl -q -w net.ipv4.conf.${pod.hostVeth}.proxy_arp=1 net.ipv4.neigh.${pod.hostVeth}.proxy_delay=0`,
      `ip -n ${n} link set ${pod.hostVeth} up`,
      `ip -n ${n} route add ${pod.ip} dev ${pod.hostVeth} scope link`,
      `ip -n ${pod.netns} link set lo up`,
      `ip -n ${pod.netns} addr add ${pod.ip}/32 dev eth0`,
      `ip -n ${pod.netns} link set eth0 up`,
      `ip -n ${pod.netns} route add ${node.gateway} dev eth0 scope link`,
      `ip -n ${pod.netns} route add default via ${node.gateway} dev eth0`,
    );
  }
  return out;
}

/** The underlay's first address, the nodes' default router in Calico mode (nothing answers there). */
function underlayRouter(nodeNetwork: string): string {
  const base = parseIpv4(nodeNetwork.split("/")[0]!)!;
  return formatIpv4((base + 1) >>> 0);
}
