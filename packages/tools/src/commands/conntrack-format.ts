/**
 * conntrack's output formats: libnetfilter_conntrack 1.0.9's default text
 * (snprintf_default.c __snprintf_conntrack_default) with the `extended` and `id` flags, its XML
 * (snprintf_xml.c __snprintf_conntrack_xml) and conntrack-tools' own `-o save`
 * (conntrack.c ct_save_snprintf).
 */
import { formatIpv4 } from "@pktsim/core";
import { IPS } from "@pktsim/netfilter";
import { AF_INET, AF_INET6, type CtAddr, type CtObj, type CtTuple, isDnat, isSnat } from "./conntrack-obj";
import { PROTO_HANDLERS, SCTP_STATES, TCP_STATES, hasPortsPrint } from "./conntrack-proto";

/** proto2str of libnetfilter_conntrack (not /etc/protocols): other numbers are "unknown". */
export function ctProtoName(proto: number): string {
  return ({ 6: "tcp", 17: "udp", 136: "udplite", 1: "icmp", 58: "icmpv6", 132: "sctp", 47: "gre", 33: "dccp" } as Record<number, string>)[proto] ?? "unknown";
}
function l3Name(l3: number): string {
  return l3 === AF_INET ? "ipv4" : l3 === AF_INET6 ? "ipv6" : "unknown";
}
function addr(a: CtAddr | undefined): string {
  if (a === undefined) return "0.0.0.0";
  return typeof a === "number" ? formatIpv4(a) : a;
}

export type MsgType = "new" | "update" | "destroy" | undefined;

export interface FormatFlags {
  /** NFCT_OF_SHOW_LAYER3 (-o extended). */
  readonly layer3?: boolean;
  /** NFCT_OF_ID (-o id). */
  readonly id?: boolean;
}

function tupleText(t: CtTuple, icmpFrom: CtTuple): string {
  let s = `src=${addr(t.src)} dst=${addr(t.dst)} `;
  const p = t.l4 ?? 0;
  if (hasPortsPrint(p)) s += `sport=${t.sport ?? 0} dport=${t.dport ?? 0} `;
  else if (p === 47) s += `srckey=0x${(t.sport ?? 0).toString(16)} dstkey=0x${(t.dport ?? 0).toString(16)} `;
  else if (p === 1 || p === 58) s += `type=${icmpFrom.type ?? 0} code=${icmpFrom.code ?? 0} id=${icmpFrom.id ?? 0} `;
  return s;
}

/** __snprintf_conntrack_default, without the final blank. */
export function formatDefault(ct: CtObj, flags: FormatFlags, type: MsgType = undefined): string {
  let s = "";
  if (type !== undefined) s += `${`[${type.toUpperCase()}]`.padStart(9, " ")} `;
  if (flags.layer3 && ct.orig.l3 !== undefined) s += `${l3Name(ct.orig.l3).padEnd(8, " ")} ${ct.orig.l3} `;
  if (ct.orig.l4 !== undefined) s += `${ctProtoName(ct.orig.l4).padEnd(8, " ")} ${ct.orig.l4} `;
  if (ct.timeout !== undefined) s += `${ct.timeout} `;
  if (ct.tcpState !== undefined) s += `${TCP_STATES[ct.tcpState] ?? "NONE"} `;
  if (ct.sctpState !== undefined) s += `${SCTP_STATES[ct.sctpState] ?? "NONE"} `;
  s += tupleText(ct.orig, ct.orig);
  if (ct.orig.zone !== undefined) s += `zone-orig=${ct.orig.zone} `;
  if (ct.status !== undefined && !(ct.status & IPS.SEEN_REPLY)) s += "[UNREPLIED] ";
  s += tupleText(ct.repl, ct.repl);
  if (ct.repl.zone !== undefined) s += `zone-reply=${ct.repl.zone} `;
  if (ct.status !== undefined) {
    if (ct.status & 0x8000) s += "[HW_OFFLOAD] ";
    else if (ct.status & 0x4000) s += "[OFFLOAD] ";
    else if (ct.status & IPS.ASSURED) s += "[ASSURED] ";
  }
  if (ct.mark !== undefined) s += `mark=${ct.mark >>> 0} `;
  if (ct.secmark !== undefined) s += `secmark=${ct.secmark >>> 0} `;
  if (ct.zone !== undefined) s += `zone=${ct.zone} `;
  if (ct.use !== undefined) s += `use=${ct.use} `;
  if (flags.id && ct.id !== undefined) s += `id=${ct.id} `;
  return s.slice(0, -1);
}

function xmlTuple(t: CtTuple, dir: "original" | "reply"): string {
  const l3 = t.l3 ?? 0;
  const l4 = t.l4 ?? 0;
  let s = `<meta direction="${dir}"><layer3 protonum="${l3}" protoname="${l3Name(l3)}">`;
  s += `<src>${l3 === AF_INET || l3 === AF_INET6 ? addr(t.src) : ""}</src><dst>${l3 === AF_INET || l3 === AF_INET6 ? addr(t.dst) : ""}</dst></layer3>`;
  s += `<layer4 protonum="${l4}" protoname="${ctProtoName(l4)}">`;
  if (hasPortsPrint(l4)) s += `<sport>${t.sport ?? 0}</sport><dport>${t.dport ?? 0}</dport>`;
  else if (l4 === 47) s += `<srckey>0x${(t.sport ?? 0).toString(16)}</srckey><dstkey>0x${(t.dport ?? 0).toString(16)}</dstkey>`;
  s += "</layer4>";
  if (t.zone !== undefined) s += `<zone>${t.zone}</zone>`;
  return `${s}</meta>`;
}

/** __snprintf_conntrack_xml: one `<flow>` element on one line. */
export function formatXml(ct: CtObj, type: MsgType = undefined): string {
  let s = type === undefined ? "<flow>" : `<flow type="${type}">`;
  s += xmlTuple(ct.orig, "original") + xmlTuple(ct.repl, "reply");
  const independent =
    ct.tcpState !== undefined || ct.sctpState !== undefined || ct.dccpState !== undefined || ct.timeout !== undefined || ct.mark !== undefined ||
    ct.secmark !== undefined || ct.zone !== undefined || ct.use !== undefined || ct.status !== undefined || ct.id !== undefined;
  if (independent) s += '<meta direction="independent">';
  if (ct.tcpState !== undefined) s += `<state>${TCP_STATES[ct.tcpState] ?? "NONE"}</state>`;
  // snprintf_xml.c indexes the TCP state names with the SCTP state.
  if (ct.sctpState !== undefined) s += `<state>${TCP_STATES[ct.sctpState] ?? "NONE"}</state>`;
  if (ct.timeout !== undefined) s += `<timeout>${ct.timeout}</timeout>`;
  if (ct.mark !== undefined) s += `<mark>${ct.mark >>> 0}</mark>`;
  if (ct.secmark !== undefined) s += `<secmark>${ct.secmark >>> 0}</secmark>`;
  if (ct.zone !== undefined) s += `<zone>${ct.zone}</zone>`;
  if (ct.use !== undefined) s += `<use>${ct.use}</use>`;
  if (ct.id !== undefined) s += `<id>${ct.id}</id>`;
  if (ct.status !== undefined && ct.status & IPS.ASSURED) s += "<assured/>";
  if (ct.status !== undefined && !(ct.status & IPS.SEEN_REPLY)) s += "<unreplied/>";
  if (independent) s += "</meta>";
  return `${s}</flow>`;
}

export const XML_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n<conntrack>\n';

/** The status names `-o save` prints, by bit (conntrack_status_map). */
const STATUS_SAVE: readonly (string | undefined)[] = ["EXPECTED", "SEEN_REPLY", "ASSURED", undefined, undefined, undefined, undefined, undefined, undefined, undefined, "FIXED_TIMEOUT"];

/** ct_save_snprintf: the entry as a command line (`-A`, `-U` or `-D` first). */
export function formatSave(ct: CtObj, prefix: "-A" | "-U" | "-D" | ""): string {
  const parts: string[] = [];
  if (prefix !== "") parts.push(prefix);
  if (ct.timeout !== undefined) parts.push(`-t ${ct.timeout}`);
  if (ct.status !== undefined) {
    const names = STATUS_SAVE.filter((n, i) => n !== undefined && (ct.status! & (1 << i)) !== 0);
    parts.push(`-u ${names.length > 0 ? names.join(",") : "UNSET"}`);
  }
  if (ct.secmark !== undefined) parts.push(`-c ${ct.secmark >>> 0}`);
  if (ct.zone !== undefined) parts.push(`-w ${ct.zone}`);
  if (ct.orig.zone !== undefined) parts.push(`--orig-zone ${ct.orig.zone}`);
  if (ct.repl.zone !== undefined) parts.push(`--reply-zone ${ct.repl.zone}`);
  const l3 = ct.orig.l3 ?? ct.repl.l3 ?? 0;
  if (l3 !== AF_INET && l3 !== AF_INET6) return `WARNING: unsupported l3proto ${l3}, skipping.`;
  if (ct.orig.src !== undefined) parts.push(`-s ${addr(ct.orig.src)}`);
  if (ct.orig.dst !== undefined) parts.push(`-d ${addr(ct.orig.dst)}`);
  if (ct.repl.src !== undefined) parts.push(`${isDnat(ct) ? "-g" : "-r"} ${addr(ct.repl.src)}`);
  if (ct.repl.dst !== undefined) parts.push(`${isSnat(ct) ? "-n" : "-q"} ${addr(ct.repl.dst)}`);
  const l4 = ct.orig.l4 ?? 0;
  const h = PROTO_HANDLERS.find((p) => p.protonum === l4);
  if (h === undefined) parts.push(`-p ${l4}`);
  else {
    parts.push(`-p ${h.name}`);
    for (const o of h.save) {
      const v = o.get(ct);
      if (v === undefined) continue;
      parts.push(`${o.name} ${o.names === undefined ? v : (o.names[v] ?? "")}`);
    }
  }
  return parts.join(" ");
}
