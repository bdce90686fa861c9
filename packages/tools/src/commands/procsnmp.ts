/**
 * /proc/net/snmp, /proc/net/netstat and /proc/net/sockstat of a namespace, as net/ipv4/proc.c
 * prints them on Linux 6.18 (snmp_seq_show_ipstats, icmp_put, icmpmsg_put, netstat_seq_show,
 * sockstat_seq_show), from the stack's MIB counters and sockets.
 *
 * The Icmp per-type fields are read out of the ICMP message counters in the kernel, so the
 * IcmpMsg lines follow from the model's per-type Icmp counters (types 0, 3, 8, 11).
 *
 * sockstat's orphan, alloc and mem fields are machine-wide in the kernel (every namespace, and
 * every process of the host): the model counts the sockets of its own namespaces and no memory.
 */
import { MPTCP_EXT_NAMES, type Namespace, TCP_EXT_NAMES, TcpState } from "@pktsim/stack";
import { rawSockets, tcpSockets, udpSockets } from "./procnet";

/** One "Title: names" / "Title: values" pair of lines. */
function pair(title: string, fields: ReadonlyArray<readonly [string, number]>): string {
  return `${title}: ${fields.map(([n]) => n).join(" ")}\n${title}: ${fields.map(([, v]) => String(v)).join(" ")}\n`;
}

/** The ICMP message types the model counts, with their In/Out counters. */
function icmpMsgCounts(ns: Namespace): Array<[string, number]> {
  const m = ns.mib.icmp;
  const inTypes: Array<[number, number]> = [
    [0, m.InEchoReps],
    [3, m.InDestUnreachs],
    [4, m.InSrcQuenchs],
    [5, m.InRedirects],
    [8, m.InEchos],
    [11, m.InTimeExcds],
    [12, m.InParmProbs],
    [13, m.InTimestamps],
    [14, m.InTimestampReps],
    [17, m.InAddrMasks],
    [18, m.InAddrMaskReps],
  ];
  const outTypes: Array<[number, number]> = [
    [0, m.OutEchoReps],
    [3, m.OutDestUnreachs],
    [4, m.OutSrcQuenchs],
    [5, m.OutRedirects],
    [8, m.OutEchos],
    [11, m.OutTimeExcds],
    [12, m.OutParmProbs],
    [13, m.OutTimestamps],
    [14, m.OutTimestampReps],
    [17, m.OutAddrMasks],
    [18, m.OutAddrMaskReps],
  ];
  // icmpmsg_put: every non-zero counter, In types first, then Out types.
  return [
    ...inTypes.filter(([, v]) => v !== 0).map(([t, v]): [string, number] => [`InType${t}`, v]),
    ...outTypes.filter(([, v]) => v !== 0).map(([t, v]): [string, number] => [`OutType${t}`, v]),
  ];
}

export function procNetSnmpText(ns: Namespace): string {
  const ip = ns.mib.ip;
  const icmp = ns.mib.icmp;
  const tcp = ns.mib.tcp;
  const udp = ns.mib.udp;
  const conf = ns.ipv4conf;
  let out = pair("Ip", [
    ["Forwarding", ns.confAll.forwarding !== 0 ? 1 : 2],
    ["DefaultTTL", conf.ip_default_ttl],
    ["InReceives", ip.InReceives],
    ["InHdrErrors", ip.InHdrErrors],
    ["InAddrErrors", ip.InAddrErrors],
    ["ForwDatagrams", ip.ForwDatagrams],
    ["InUnknownProtos", ip.InUnknownProtos],
    ["InDiscards", ip.InDiscards],
    ["InDelivers", ip.InDelivers],
    ["OutRequests", ip.OutRequests],
    ["OutDiscards", ip.OutDiscards],
    ["OutNoRoutes", ip.OutNoRoutes],
    ["ReasmTimeout", ip.ReasmTimeout],
    ["ReasmReqds", ip.ReasmReqds],
    ["ReasmOKs", ip.ReasmOKs],
    ["ReasmFails", ip.ReasmFails],
    ["FragOKs", ip.FragOKs],
    ["FragFails", ip.FragFails],
    ["FragCreates", ip.FragCreates],
    ["OutTransmits", ip.OutTransmits],
  ]);
  out += pair("Icmp", [
    ["InMsgs", icmp.InMsgs],
    ["InErrors", icmp.InErrors],
    ["InCsumErrors", icmp.InCsumErrors],
    ["InDestUnreachs", icmp.InDestUnreachs],
    ["InTimeExcds", icmp.InTimeExcds],
    ["InParmProbs", icmp.InParmProbs],
    ["InSrcQuenchs", icmp.InSrcQuenchs],
    ["InRedirects", icmp.InRedirects],
    ["InEchos", icmp.InEchos],
    ["InEchoReps", icmp.InEchoReps],
    ["InTimestamps", icmp.InTimestamps],
    ["InTimestampReps", icmp.InTimestampReps],
    ["InAddrMasks", icmp.InAddrMasks],
    ["InAddrMaskReps", icmp.InAddrMaskReps],
    ["OutMsgs", icmp.OutMsgs],
    ["OutErrors", icmp.OutErrors],
    ["OutRateLimitGlobal", icmp.OutRateLimitGlobal],
    ["OutRateLimitHost", icmp.OutRateLimitHost],
    ["OutDestUnreachs", icmp.OutDestUnreachs],
    ["OutTimeExcds", icmp.OutTimeExcds],
    ["OutParmProbs", icmp.OutParmProbs],
    ["OutSrcQuenchs", icmp.OutSrcQuenchs],
    ["OutRedirects", icmp.OutRedirects],
    ["OutEchos", icmp.OutEchos],
    ["OutEchoReps", icmp.OutEchoReps],
    ["OutTimestamps", icmp.OutTimestamps],
    ["OutTimestampReps", icmp.OutTimestampReps],
    ["OutAddrMasks", icmp.OutAddrMasks],
    ["OutAddrMaskReps", icmp.OutAddrMaskReps],
  ]);
  // icmpmsg_put: PERLINE (16) counters per pair of lines, nothing when all are zero.
  const msgs = icmpMsgCounts(ns);
  for (let i = 0; i < msgs.length; i += 16) out += pair("IcmpMsg", msgs.slice(i, i + 16));
  out += pair("Tcp", [
    ["RtoAlgorithm", 1],
    ["RtoMin", 200],
    ["RtoMax", 120000],
    ["MaxConn", -1],
    ["ActiveOpens", tcp.ActiveOpens],
    ["PassiveOpens", tcp.PassiveOpens],
    ["AttemptFails", tcp.AttemptFails],
    ["EstabResets", tcp.EstabResets],
    ["CurrEstab", tcp.CurrEstab],
    ["InSegs", tcp.InSegs],
    ["OutSegs", tcp.OutSegs],
    ["RetransSegs", tcp.RetransSegs],
    ["InErrs", tcp.InErrs],
    ["OutRsts", tcp.OutRsts],
    ["InCsumErrors", tcp.InCsumErrors],
  ]);
  const udpFields = (u: { InDatagrams: number; NoPorts: number; InErrors: number; OutDatagrams: number; RcvbufErrors: number; SndbufErrors: number; InCsumErrors: number; IgnoredMulti: number; MemErrors: number }): Array<[string, number]> => [
    ["InDatagrams", u.InDatagrams],
    ["NoPorts", u.NoPorts],
    ["InErrors", u.InErrors],
    ["OutDatagrams", u.OutDatagrams],
    ["RcvbufErrors", u.RcvbufErrors],
    ["SndbufErrors", u.SndbufErrors],
    ["InCsumErrors", u.InCsumErrors],
    ["IgnoredMulti", u.IgnoredMulti],
    ["MemErrors", u.MemErrors],
  ];
  out += pair("Udp", udpFields(udp));
  out += pair("UdpLite", udpFields({ InDatagrams: 0, NoPorts: 0, InErrors: 0, OutDatagrams: 0, RcvbufErrors: 0, SndbufErrors: 0, InCsumErrors: 0, IgnoredMulti: 0, MemErrors: 0 }));
  return out;
}

export function procNetNetstatText(ns: Namespace): string {
  const ip = ns.mib.ip;
  let out = pair(
    "TcpExt",
    TCP_EXT_NAMES.map((n): [string, number] => [n, ns.mib.tcpExt.get(n) ?? 0]),
  );
  out += pair("IpExt", [
    ["InNoRoutes", ip.InNoRoutes],
    ["InTruncatedPkts", ip.InTruncatedPkts],
    ["InMcastPkts", ip.InMcastPkts],
    ["OutMcastPkts", ip.OutMcastPkts],
    ["InBcastPkts", ip.InBcastPkts],
    ["OutBcastPkts", ip.OutBcastPkts],
    ["InOctets", ip.InOctets],
    ["OutOctets", ip.OutOctets],
    ["InMcastOctets", ip.InMcastOctets],
    ["OutMcastOctets", ip.OutMcastOctets],
    ["InBcastOctets", ip.InBcastOctets],
    ["OutBcastOctets", ip.OutBcastOctets],
    ["InCsumErrors", ip.InCsumErrors],
    ["InNoECTPkts", ip.InNoECTPkts],
    ["InECT1Pkts", ip.InECT1Pkts],
    ["InECT0Pkts", ip.InECT0Pkts],
    ["InCEPkts", ip.InCEPkts],
    ["ReasmOverlaps", ip.ReasmOverlaps],
  ]);
  out += pair("MPTcpExt", MPTCP_EXT_NAMES.map((n): [string, number] => [n, 0]));
  return out;
}

/** What /proc/net/sockstat counts (and ss -s reads). */
export interface SockStat {
  /** sock_inuse_get: the namespace's sockets (full sockets, not TIME-WAIT or request socks). */
  readonly used: number;
  readonly tcpInuse: number;
  readonly tcpOrphan: number;
  readonly tcpTw: number;
  readonly tcpAlloc: number;
  readonly udpInuse: number;
  readonly rawInuse: number;
}

function tcpFullSockets(ns: Namespace): { hashed: number; full: number; orphan: number; tw: number } {
  let hashed = 0;
  let full = 0;
  let orphan = 0;
  let tw = 0;
  for (const e of tcpSockets(ns)) {
    if (e.kind === "tw") tw++;
    else if (e.kind === "full") {
      hashed++;
      full++;
      if (e.inode === 0 && e.state !== TcpState.LISTEN) orphan++;
    }
  }
  return { hashed, full, orphan, tw };
}

/** sockstat_seq_show's numbers; `extra` sockets belong to the reading process (ss's netlink sockets). */
export function sockStat(ns: Namespace, extra = 0): SockStat {
  const t = tcpFullSockets(ns);
  let alloc = 0;
  let orphans = 0;
  for (const other of ns.host.allNamespaces()) {
    const o = tcpFullSockets(other);
    alloc += o.full;
    orphans += o.orphan;
  }
  const udp = udpSockets(ns).length;
  const raw = rawSockets(ns).length;
  return { used: t.full + udp + raw + extra, tcpInuse: t.hashed, tcpOrphan: orphans, tcpTw: t.tw, tcpAlloc: alloc, udpInuse: udp, rawInuse: raw };
}

export function procNetSockstatText(ns: Namespace): string {
  const s = sockStat(ns);
  return (
    `sockets: used ${s.used}\n` +
    `TCP: inuse ${s.tcpInuse} orphan ${s.tcpOrphan} tw ${s.tcpTw} alloc ${s.tcpAlloc} mem 0\n` +
    `UDP: inuse ${s.udpInuse} mem 0\n` +
    "UDPLITE: inuse 0\n" +
    `RAW: inuse ${s.rawInuse}\n` +
    "FRAG: inuse 0 memory 0\n"
  );
}
