/**
 * A kube-proxy (iptables mode) ruleset for N ClusterIP services, in the shape kube-proxy 1.28
 * writes it with iptables-restore (pkg/proxy/iptables/proxier.go; the node dump in
 * examples/kube-proxy.rules is a real one): per service a KUBE-SERVICES rule matching the
 * ClusterIP and port, a KUBE-SVC chain (masquerade off-cluster sources, then pick an endpoint
 * with -m statistic), and per endpoint a KUBE-SEP chain that DNATs. Chain names are
 * kube-proxy's: the first 16 characters of base32(sha256(service port name + protocol)).
 *
 * Every service is UDP port 80 with two endpoints, 10.0.2.1:9000 and 10.0.2.2:9000 (the
 * benchmark's receiving namespace); ClusterIPs are 10.96.0.0/12 in order; pods are 10.0.0.0/16.
 */
import { createHash } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** portProtoHash in proxier.go. */
function chainHash(name: string, protocol: string): string {
  return base32(createHash("sha256").update(name + protocol).digest()).slice(0, 16);
}

export const POD_CIDR = "10.0.0.0/16";
export const ENDPOINTS: readonly string[] = ["10.0.2.1", "10.0.2.2"];

export function clusterIp(i: number): string {
  const n = 0x0a600000 + 10 + i; // 10.96.0.10 onwards
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function kubeProxyRules(services: number): string {
  const natChains: string[] = [];
  const natRules: string[] = [];
  const svcRules: string[] = [];
  for (let i = 0; i < services; i++) {
    const name = `bench/svc-${i}:udp`;
    const ip = clusterIp(i);
    const svc = `KUBE-SVC-${chainHash(name, "udp")}`;
    natChains.push(`:${svc} - [0:0]`);
    svcRules.push(`-A KUBE-SERVICES -d ${ip}/32 -p udp -m comment --comment "${name} cluster IP" -m udp --dport 80 -j ${svc}`);
    natRules.push(
      `-A ${svc} ! -s ${POD_CIDR} -d ${ip}/32 -p udp -m comment --comment "${name} cluster IP" -m udp --dport 80 -j KUBE-MARK-MASQ`,
    );
    ENDPOINTS.forEach((ep, k) => {
      const sep = `KUBE-SEP-${chainHash(`${name}${ep}:9000`, "udp")}`;
      natChains.push(`:${sep} - [0:0]`);
      const left = ENDPOINTS.length - k;
      const pick = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(11)}` : "";
      natRules.push(`-A ${svc} -m comment --comment "${name} -> ${ep}:9000"${pick} -j ${sep}`);
      natRules.push(`-A ${sep} -s ${ep}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`);
      natRules.push(`-A ${sep} -p udp -m comment --comment "${name}" -m udp -j DNAT --to-destination ${ep}:9000`);
    });
  }
  return [
    "*mangle",
    ":PREROUTING ACCEPT [0:0]",
    ":INPUT ACCEPT [0:0]",
    ":FORWARD ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ":POSTROUTING ACCEPT [0:0]",
    ":KUBE-KUBELET-CANARY - [0:0]",
    ":KUBE-PROXY-CANARY - [0:0]",
    "COMMIT",
    "*filter",
    ":INPUT ACCEPT [0:0]",
    ":FORWARD ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ":KUBE-EXTERNAL-SERVICES - [0:0]",
    ":KUBE-FIREWALL - [0:0]",
    ":KUBE-FORWARD - [0:0]",
    ":KUBE-KUBELET-CANARY - [0:0]",
    ":KUBE-NODEPORTS - [0:0]",
    ":KUBE-PROXY-CANARY - [0:0]",
    ":KUBE-PROXY-FIREWALL - [0:0]",
    ":KUBE-SERVICES - [0:0]",
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    "-A INPUT -j KUBE-FIREWALL",
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    "-A OUTPUT -j KUBE-FIREWALL",
    '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP",
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    "COMMIT",
    "*nat",
    ":PREROUTING ACCEPT [0:0]",
    ":INPUT ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ":POSTROUTING ACCEPT [0:0]",
    ":KUBE-KUBELET-CANARY - [0:0]",
    ":KUBE-MARK-MASQ - [0:0]",
    ":KUBE-NODEPORTS - [0:0]",
    ":KUBE-POSTROUTING - [0:0]",
    ":KUBE-PROXY-CANARY - [0:0]",
    ":KUBE-SERVICES - [0:0]",
    ...natChains,
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
    "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
    "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0",
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ...natRules,
    ...svcRules,
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    "COMMIT",
    "",
  ].join("\n");
}
