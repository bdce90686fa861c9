/**
 * The commands that build a cluster, as an administrator (or the CNI plugin and kube-proxy)
 * would type them: a pktsim script. Running it in a Session builds the cluster; printing it
 * reproduces the cluster anywhere (`pktsim run`).
 */
import type { ClusterLayout, NodeInfo } from "./spec";
import { kubeProxyCommands } from "./kubeproxy";

/** The underlay switch in the root namespace. */
export const UNDERLAY_BRIDGE = "underlay0";

function nodeCommands(node: NodeInfo, all: readonly NodeInfo[]): string[] {
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
    `ip -n ${n} link add cni0 type bridge`,
    `ip -n ${n} addr add ${node.gateway}/${prefix} dev cni0`,
    `ip -n ${n} link set cni0 up`,
  ];
  for (const pod of node.pods) {
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
  for (const node of layout.nodes) lines.push(...nodeCommands(node, layout.nodes));
  if (layout.services.length > 0) {
    for (const node of layout.nodes) {
      lines.push(`# kube-proxy on ${node.name}`);
      for (const cmd of kubeProxyCommands(layout)) lines.push(`ip netns exec ${node.netns} ${cmd}`);
    }
  }
  return lines;
}
