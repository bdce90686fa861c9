/**
 * The text of a LOG line (net/netfilter/nf_log_syslog.c: nf_log_ip_packet, dump_ipv4_packet,
 * nf_log_dump_tcp_header/udp_header, dump_ipv4_mac_header) and of the packet line of an
 * nftables trace (xtables-monitor --trace).
 */
import { type DeviceRef, type Packet, formatIpv4 } from "@pktsim/core";
import { LogFlags } from "./ext/targets";
import { IPPROTO } from "./names";

const ICMP_REQUIRED_LEN: Readonly<Record<number, number>> = { 0: 8, 3: 36, 4: 36, 5: 36, 8: 8, 11: 36, 12: 36, 13: 20, 14: 20, 15: 8, 16: 8, 17: 12, 18: 12 };

function rd16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
function rd32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}
const h2 = (v: number): string => v.toString(16).padStart(2, "0");
const H2 = (v: number): string => v.toString(16).toUpperCase().padStart(2, "0");

/** dump_ipv4_packet for the header at `iph` (0 = outer packet, else a quoted one). */
function dumpIpv4(pkt: Packet, iph: number, end: number, flags: number, outer: boolean): string {
  const b = pkt.buf;
  if (end - iph < 20) return `TRUNCATED `;
  const ihl = (b[iph]! & 0x0f) * 4;
  const tos = b[iph + 1]!;
  const frag = rd16(b, iph + 6);
  let s = `SRC=${formatIpv4(rd32(b, iph + 12))} DST=${formatIpv4(rd32(b, iph + 16))} `;
  s += `LEN=${rd16(b, iph + 2)} TOS=0x${H2(tos & 0x1e)} PREC=0x${H2(tos & 0xe0)} TTL=${b[iph + 8]!} ID=${rd16(b, iph + 4)} `;
  if (frag & 0x8000) s += "CE ";
  if (frag & 0x4000) s += "DF ";
  if (frag & 0x2000) s += "MF ";
  if (frag & 0x1fff) s += `FRAG:${frag & 0x1fff} `;
  const fragOff = frag & 0x1fff;
  const l4 = iph + ihl;
  const avail = end - l4;
  const proto = b[iph + 9]!;
  switch (proto) {
    case IPPROTO.TCP: {
      s += "PROTO=TCP ";
      if (fragOff !== 0) break;
      if (avail < 20) return `${s}INCOMPLETE [${avail} bytes] `;
      s += `SPT=${rd16(b, l4)} DPT=${rd16(b, l4 + 2)} `;
      if (flags & LogFlags.TCPSEQ) s += `SEQ=${rd32(b, l4 + 4)} ACK=${rd32(b, l4 + 8)} `;
      s += `WINDOW=${rd16(b, l4 + 14)} `;
      s += `RES=0x${h2((b[l4 + 12]! & 0x0f) << 2)} `;
      const f = b[l4 + 13]!;
      const names: Array<[number, string]> = [[0x80, "CWR"], [0x40, "ECE"], [0x20, "URG"], [0x10, "ACK"], [0x08, "PSH"], [0x04, "RST"], [0x02, "SYN"], [0x01, "FIN"]];
      for (const [bit, name] of names) if (f & bit) s += `${name} `;
      s += `URGP=${rd16(b, l4 + 18)} `;
      break;
    }
    case IPPROTO.UDP:
    case IPPROTO.UDPLITE:
      s += proto === IPPROTO.UDP ? "PROTO=UDP " : "PROTO=UDPLITE ";
      if (fragOff !== 0) break;
      if (avail < 8) return `${s}INCOMPLETE [${avail} bytes] `;
      s += `SPT=${rd16(b, l4)} DPT=${rd16(b, l4 + 2)} LEN=${rd16(b, l4 + 4)} `;
      break;
    case IPPROTO.ICMP: {
      s += "PROTO=ICMP ";
      if (fragOff !== 0) break;
      if (avail < 4) {
        s += `INCOMPLETE [${avail} bytes] `;
        break;
      }
      const type = b[l4]!;
      s += `TYPE=${type} CODE=${b[l4 + 1]!} `;
      const req = ICMP_REQUIRED_LEN[type];
      if (req !== undefined && avail < req) {
        s += `INCOMPLETE [${avail} bytes] `;
        break;
      }
      switch (type) {
        case 0:
        case 8:
          s += `ID=${rd16(b, l4 + 4)} SEQ=${rd16(b, l4 + 6)} `;
          break;
        case 12:
          s += `PARAMETER=${b[l4 + 4]!} `;
          break;
        case 5:
          s += `GATEWAY=${formatIpv4(rd32(b, l4 + 4))} `;
          break;
        case 3:
        case 4:
        case 11:
          if (outer) s += `[${dumpIpv4(pkt, l4 + 8, end, flags, false)}] `;
          if (type === 3 && b[l4 + 1] === 4) s += `MTU=${rd16(b, l4 + 6)} `;
          break;
        default:
          break;
      }
      break;
    }
    default:
      s += `PROTO=${proto} `;
  }
  if (outer && pkt.mark !== 0) s += `MARK=0x${pkt.mark.toString(16)} `;
  return s;
}

/** The MAC part LOG prints for a received packet: MAC=… (or MACSRC/MACDST/MACPROTO with macdecode). */
function macPart(pkt: Packet, flags: number): string {
  const b = pkt.buf;
  if (pkt.macOffset < 0 || pkt.macOffset === pkt.networkOffset) return "MAC= ";
  const m = pkt.macOffset;
  if (flags & LogFlags.MACDECODE) {
    const mac = (o: number): string => [0, 1, 2, 3, 4, 5].map((i) => h2(b[o + i]!)).join(":");
    return `MACSRC=${mac(m + 6)} MACDST=${mac(m)} MACPROTO=${rd16(b, m + 12).toString(16).padStart(4, "0")} `;
  }
  const bytes: string[] = [];
  for (let i = 0; i < 14; i++) bytes.push(h2(b[m + i]!));
  return `MAC=${bytes.join(":")} `;
}

/** nf_log_ip_packet's line (without the syslog level): PREFIX IN= OUT= [PHYSIN=] MAC= SRC=… */
export function formatLogLine(pkt: Packet, prefix: string, flags: number, inDev: DeviceRef | null, outDev: DeviceRef | null): string {
  let s = `${prefix}IN=${inDev?.name ?? ""} OUT=${outDev?.name ?? ""} `;
  if (pkt.physInDev !== null && inDev !== null) s += `PHYSIN=${pkt.physInDev.name} `;
  if (inDev !== null) s += macPart(pkt, flags);
  s += dumpIpv4(pkt, pkt.networkOffset, Math.min(pkt.tail, pkt.networkOffset + rd16(pkt.buf, pkt.networkOffset + 2)), flags, true);
  return s;
}

/** The "PACKET:" line of an nftables trace as xtables-monitor prints it. */
export function formatTracePacket(pkt: Packet, family: number, id: number, inDev: DeviceRef | null, outDev: DeviceRef | null): string {
  const b = pkt.buf;
  const iph = pkt.networkOffset;
  let s = `PACKET: ${family} ${id.toString(16).padStart(8, "0")} `;
  if (inDev !== null) s += `IN=${inDev.name} `;
  if (outDev !== null) s += `OUT=${outDev.name} `;
  if (inDev !== null && pkt.macOffset >= 0 && pkt.macOffset !== iph) {
    // xtables-monitor prints MACs with %x per byte, unpadded.
    const mac = (o: number): string => [0, 1, 2, 3, 4, 5].map((i) => b[o + i]!.toString(16)).join(":");
    s += `MACSRC=${mac(pkt.macOffset + 6)} MACDST=${mac(pkt.macOffset)} MACPROTO=${rd16(b, pkt.macOffset + 12).toString(16).padStart(4, "0")} `;
  }
  const frag = rd16(b, iph + 6);
  s += `SRC=${formatIpv4(rd32(b, iph + 12))} DST=${formatIpv4(rd32(b, iph + 16))} LEN=${rd16(b, iph + 2)} TOS=0x${b[iph + 1]!.toString(16).toUpperCase()} TTL=${b[iph + 8]!} ID=${rd16(b, iph + 4)} `;
  if (frag & 0x4000) s += "DF ";
  if (frag & 0x2000) s += "MF ";
  const l4 = iph + (b[iph]! & 0x0f) * 4;
  const proto = b[iph + 9]!;
  if ((frag & 0x1fff) === 0 && (proto === IPPROTO.TCP || proto === IPPROTO.UDP) && pkt.tail - l4 >= 4) {
    s += `SPORT=${rd16(b, l4)} DPORT=${rd16(b, l4 + 2)} `;
    if (proto === IPPROTO.TCP && pkt.tail - l4 >= 14) {
      const f = b[l4 + 13]!;
      const names: Array<[number, string]> = [[0x02, "SYN"], [0x10, "ACK"], [0x01, "FIN"], [0x04, "RST"], [0x08, "PSH"], [0x20, "URG"]];
      for (const [bit, name] of names) if (f & bit) s += `${name} `;
    }
  }
  return s;
}
