/**
 * kube-proxy's iptables mode, as its proxier writes it (kubernetes pkg/proxy/iptables/proxier.go):
 * the iptables-restore input for one node — KUBE-SERVICES dispatching each ClusterIP:port to a
 * KUBE-SVC chain, which picks an endpoint with `-m statistic --mode random` probabilities
 * 1/n, 1/(n-1), … and jumps to a KUBE-SEP chain that DNATs; KUBE-MARK-MASQ marks what must be
 * masqueraded (traffic from outside the cluster CIDR, and a pod reaching itself through its
 * Service) and KUBE-POSTROUTING masquerades the marked packets. Chain names carry kube-proxy's
 * hash: the first 16 characters of base32(sha256(service port name + protocol [+ endpoint])).
 */
import { createHash } from "node:crypto";
import type { ClusterLayout, ServiceInfo } from "./spec";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Go's base32.StdEncoding of a digest, first 16 characters. */
function base32Prefix(digest: Uint8Array, chars: number): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= chars) break;
  }
  return out;
}

function portProtoHash(servicePortName: string, protocol: string): string {
  return base32Prefix(createHash("sha256").update(servicePortName + protocol).digest(), 16);
}

/** servicePortChainName: KUBE-SVC-<hash>. */
export function serviceChain(svc: ServiceInfo): string {
  return `KUBE-SVC-${portProtoHash(servicePortName(svc), svc.protocol)}`;
}

/** servicePortEndpointChainName: KUBE-SEP-<hash>. */
export function endpointChain(svc: ServiceInfo, endpoint: string): string {
  return `KUBE-SEP-${base32Prefix(createHash("sha256").update(servicePortName(svc) + svc.protocol + endpoint).digest(), 16)}`;
}

function servicePortName(svc: ServiceInfo): string {
  return `${svc.namespace}/${svc.name}:p${svc.port}`;
}

/** One table's part of kube-proxy's ruleset: the chains it creates and the rules it appends. */
export interface KubeProxyTable {
  readonly table: "filter" | "nat";
  readonly chains: readonly string[];
  readonly rules: readonly string[];
}

/** The ruleset kube-proxy programs on a node (the same on every node: Services are cluster-wide). */
export function kubeProxyTables(layout: ClusterLayout): KubeProxyTable[] {
  const natChains = ["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"];
  const natRules: string[] = [
    "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
    "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000",
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
    "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000",
  ];
  const sepRules: string[] = [];
  for (const svc of layout.services) {
    const svcChain = serviceChain(svc);
    const name = servicePortName(svc);
    const proto = svc.protocol;
    if (svc.endpoints.length === 0) continue;
    natChains.push(svcChain);
    natRules.push(
      `-A KUBE-SERVICES -m comment --comment "${name} cluster IP" -m ${proto} -p ${proto} -d ${svc.clusterIP}/32 --dport ${svc.port} -j ${svcChain}`,
      `-A ${svcChain} -m comment --comment "${name} cluster IP" -m ${proto} -p ${proto} -d ${svc.clusterIP}/32 --dport ${svc.port} ! -s ${layout.clusterCidr} -j KUBE-MARK-MASQ`,
    );
    const n = svc.endpoints.length;
    svc.endpoints.forEach((ep, i) => {
      const target = `${ep.ip}:${svc.targetPort}`;
      const sep = endpointChain(svc, target);
      natChains.push(sep);
      const pick = i < n - 1 ? ` -m statistic --mode random --probability ${(1 / (n - i)).toFixed(10)}` : "";
      natRules.push(`-A ${svcChain} -m comment --comment "${name} -> ${target}"${pick} -j ${sep}`);
      sepRules.push(
        `-A ${sep} -m comment --comment ${name} -s ${ep.ip}/32 -j KUBE-MARK-MASQ`,
        `-A ${sep} -m comment --comment ${name} -m ${proto} -p ${proto} -j DNAT --to-destination ${target}`,
      );
    });
  }
  natRules.push(...sepRules);
  natRules.push('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  const filterRules = [
    "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP",
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  ];
  for (const svc of layout.services) {
    if (svc.endpoints.length > 0) continue;
    const proto = svc.protocol;
    // A Service without endpoints is rejected in the filter table.
    filterRules.push(
      `-A KUBE-SERVICES -m comment --comment "${servicePortName(svc)} has no endpoints" -m ${proto} -p ${proto} -d ${svc.clusterIP}/32 --dport ${svc.port} -j REJECT --reject-with icmp-port-unreachable`,
    );
  }
  return [
    { table: "filter", chains: ["KUBE-FORWARD", "KUBE-SERVICES"], rules: filterRules },
    { table: "nat", chains: natChains, rules: natRules },
  ];
}

/** The same ruleset as kube-proxy hands it to iptables-restore. */
export function kubeProxyRules(layout: ClusterLayout): string {
  const out: string[] = [];
  for (const t of kubeProxyTables(layout)) {
    out.push(`*${t.table}`, ...t.chains.map((c) => `:${c} - [0:0]`), ...t.rules, "COMMIT");
  }
  return `${out.join("\n")}\n`;
}

/** The same ruleset as iptables commands, then the jumps from the built-in chains. */
export function kubeProxyCommands(layout: ClusterLayout): string[] {
  const out: string[] = [];
  for (const t of kubeProxyTables(layout)) {
    for (const c of t.chains) out.push(`iptables -t ${t.table} -N ${c}`);
    for (const r of t.rules) out.push(`iptables -t ${t.table} ${r}`);
  }
  return [...out, ...kubeProxyJumps()];
}

/** The jumps kube-proxy keeps in the built-in chains (it ensures them with `iptables -C/-I`). */
export function kubeProxyJumps(): string[] {
  return [
    'iptables -t filter -I FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    'iptables -t filter -I OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    'iptables -t nat -I PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    'iptables -t nat -I OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    'iptables -t nat -I POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
  ];
}
