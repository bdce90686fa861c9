/**
 * Services checked with real packets: every pod sends to every Service's ClusterIP:port
 * from several source ports (each a new conntrack entry, so kube-proxy's statistic rules
 * choose anew), and the endpoints record what arrives. A Service conforms when every probe
 * lands on one of its endpoints, which sees the client's own pod address (kube-proxy only
 * masquerades traffic from outside the cluster CIDR and a pod reaching itself).
 */
import { formatIpv4, parseIpv4 } from "@pktsim/core";
import { KernelError, UdpSocket, strerror } from "@pktsim/stack";
import type { Cluster } from "./cluster";
import type { PodInfo, ServiceInfo } from "./spec";

export interface ServiceProbeResult {
  readonly service: ServiceInfo;
  /** Probes that reached each endpoint (by pod id). */
  readonly hits: ReadonlyMap<string, number>;
  readonly sent: number;
  readonly lost: number;
  /** Probes whose endpoint saw a source other than the client's pod address (hairpin excepted). */
  readonly natted: number;
  readonly problems: readonly string[];
}

export interface ServiceReport {
  readonly results: readonly ServiceProbeResult[];
  readonly ok: boolean;
  format(): string;
}

const TIMEOUT_NS = 2e9;

/** Probes every Service from every pod, `perClient` times each. */
export function checkServices(cluster: Cluster, perClient = 4): ServiceReport {
  const host = cluster.session.host;
  const sim = host.sim;
  const pods = cluster.layout.nodes.flatMap((n) => n.pods);
  const results: ServiceProbeResult[] = [];
  let probeSeq = 0;
  for (const svc of cluster.layout.services) {
    if (svc.protocol !== "udp") continue;
    const arrivals = new Map<number, { pod: PodInfo; source: string }>();
    const listeners = svc.endpoints.map((ep) => {
      const sock = new UdpSocket(host.netns(ep.netns)!);
      sock.bind(0, svc.targetPort);
      sock.onReadable = () => {
        for (let d = sock.recv(); d !== undefined; d = sock.recv()) {
          if (d.data.length === 4) arrivals.set(new DataView(d.data.buffer, d.data.byteOffset, 4).getUint32(0), { pod: ep, source: formatIpv4(d.from.addr) });
        }
      };
      return sock;
    });
    const hits = new Map<string, number>(svc.endpoints.map((e) => [e.id, 0]));
    const problems: string[] = [];
    let sent = 0;
    let lost = 0;
    let natted = 0;
    try {
      for (const client of pods) {
        for (let i = 0; i < perClient; i++) {
          const id = ++probeSeq;
          const sock = new UdpSocket(host.netns(client.netns)!);
          sent++;
          try {
            sock.connect(parseIpv4(svc.clusterIP)!, svc.port);
            const data = new Uint8Array(4);
            new DataView(data.buffer).setUint32(0, id);
            sock.send(data);
            const deadline = sim.now + TIMEOUT_NS;
            sim.scheduler.runUntilIdle(() => arrivals.has(id) || sim.now >= deadline);
          } catch (e) {
            if (!(e instanceof KernelError)) throw e;
            problems.push(`${client.id} → ${svc.clusterIP}:${svc.port}: ${strerror(e.errno)}`);
          } finally {
            sock.close();
          }
          const got = arrivals.get(id);
          if (got === undefined) {
            lost++;
            if (problems.length < 10) problems.push(`${client.id} → ${svc.clusterIP}:${svc.port}: no endpoint received it`);
            continue;
          }
          hits.set(got.pod.id, (hits.get(got.pod.id) ?? 0) + 1);
          const hairpin = got.pod.id === client.id;
          if (!hairpin && got.source !== client.ip) {
            natted++;
            if (problems.length < 10) problems.push(`${got.pod.id} saw ${client.id} as ${got.source}, not ${client.ip}`);
          }
        }
      }
    } finally {
      for (const l of listeners) l.close();
    }
    results.push({ service: svc, hits, sent, lost, natted, problems });
  }
  return {
    results,
    ok: results.every((r) => r.lost === 0 && r.natted === 0),
    format(): string {
      const lines: string[] = [];
      for (const r of results) {
        const s = r.service;
        lines.push(`service ${s.namespace}/${s.name} ${s.clusterIP}:${s.port}/${s.protocol}: ${r.sent} probes, ${r.lost} lost, ${r.natted} source-NATed`);
        for (const [pod, n] of r.hits) lines.push(`  → ${pod}: ${n} (${((100 * n) / Math.max(1, r.sent - r.lost)).toFixed(1)}%)`);
        for (const p of r.problems) lines.push(`  ! ${p}`);
      }
      return `${lines.join("\n")}\n`;
    },
  };
}
