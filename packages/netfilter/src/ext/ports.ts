/** Port parsing and printing shared by tcp, udp, multiport and the NAT targets (xtables.c). */
import { paramError } from "../errors";
import { serviceName, servicePort } from "../services";

/** xtables_parse_port: a number 0–65535 or a service name of `proto`. */
export function parsePort(text: string, proto: string): number {
  if (/^[0-9]+$/.test(text)) {
    const v = Number(text);
    if (v <= 65535) return v;
  } else {
    const p = servicePort(text, proto);
    if (p !== undefined) return p;
  }
  throw paramError(`invalid port/service \`${text}' specified`);
}

/** parse_ports: PORT or [MIN]:[MAX]. */
export function parsePortRange(text: string, proto: string): [number, number] {
  const colon = text.indexOf(":");
  if (colon < 0) {
    const p = parsePort(text, proto);
    return [p, p];
  }
  const lo = colon > 0 ? parsePort(text.slice(0, colon), proto) : 0;
  const hi = colon + 1 < text.length ? parsePort(text.slice(colon + 1), proto) : 0xffff;
  if (lo > hi) throw paramError("invalid portrange (min > max)");
  return [lo, hi];
}

export function portText(port: number, numeric: boolean, proto: "tcp" | "udp"): string {
  if (numeric) return String(port);
  return serviceName(port, proto) ?? String(port);
}

/** print_ports of libxt_tcp/libxt_udp. */
export function printPorts(name: string, lo: number, hi: number, invert: boolean, numeric: boolean, proto: "tcp" | "udp"): string {
  if (lo === 0 && hi === 0xffff && !invert) return "";
  const inv = invert ? "!" : "";
  if (lo === hi) return ` ${name}:${inv}${portText(lo, numeric, proto)}`;
  return ` ${name}s:${inv}${portText(lo, numeric, proto)}:${portText(hi, numeric, proto)}`;
}

export function savePorts(option: string, lo: number, hi: number, invert: boolean): string {
  if (lo === 0 && hi === 0xffff) return "";
  return `${invert ? " !" : ""} ${option} ${lo === hi ? lo : `${lo}:${hi}`}`;
}
