import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readPcap } from "@pktsim/core";
import { describe, expect, it } from "vitest";
import { DeviceCaptures, Session } from "../src/index";

const example = readFileSync(fileURLToPath(new URL("../../../examples/veth-pair.sh", import.meta.url)), "utf8");

function runExample(seed: number): { output: string; pcaps: Map<string, Uint8Array> } {
  const session = new Session({ seed });
  const captures = new DeviceCaptures(session.host.sim);
  const { output } = session.runScript(example, { xtrace: true });
  return { output, pcaps: captures.files() };
}

describe("the veth example's captures", () => {
  it("the same seed gives byte-identical output and pcaps; another seed changes the random values", () => {
    const a = runExample(7);
    const b = runExample(7);
    expect(b.output).toBe(a.output);
    expect([...b.pcaps.keys()]).toEqual(["ns1-veth0.pcap", "ns2-veth1.pcap"]);
    for (const [name, bytes] of a.pcaps) expect(b.pcaps.get(name)).toEqual(bytes);
    const c = runExample(8);
    expect(c.output).not.toBe(a.output);
    expect(c.pcaps.get("ns1-veth0.pcap")).not.toEqual(a.pcaps.get("ns1-veth0.pcap"));
  });

  it("ns1-veth0 holds the ARP exchange, three echo requests and three replies", () => {
    const { records } = readPcap(runExample(1).pcaps.get("ns1-veth0.pcap")!);
    const kinds = records.map((r) => {
      const d = r.data;
      const ethertype = (d[12]! << 8) | d[13]!;
      if (ethertype === 0x0806) return d[21] === 1 ? "arp-request" : "arp-reply";
      return d[34] === 8 ? "echo-request" : d[34] === 0 ? "echo-reply" : "other";
    });
    expect(kinds).toEqual(["arp-request", "arp-reply", "echo-request", "echo-reply", "echo-request", "echo-reply", "echo-request", "echo-reply"]);
    expect(records.map((r) => r.data.length)).toEqual([42, 42, 98, 98, 98, 98, 98, 98]);
    // One second between requests in virtual time (the first waited for ARP: 20 µs, two veth hops).
    expect(records[6]!.time - records[4]!.time).toBe(1e9);
    expect(records[4]!.time - records[2]!.time).toBe(1e9 - 20_000);
  });

  const tshark = spawnSync("tshark", ["--version"], { encoding: "utf8" });
  it.skipIf(tshark.status !== 0)("tshark decodes it as ARP and ICMP echo with good checksums and nothing malformed", () => {
    const dir = mkdtempSync(join(tmpdir(), "pktsim-pcap-"));
    const file = join(dir, "ns1-veth0.pcap");
    writeFileSync(file, runExample(1).pcaps.get("ns1-veth0.pcap")!);
    const fields = spawnSync(
      "tshark",
      ["-r", file, "-o", "ip.check_checksum:TRUE", "-T", "fields", "-e", "_ws.col.Protocol", "-e", "arp.opcode", "-e", "icmp.type", "-e", "ip.checksum.status", "-e", "icmp.checksum.status", "-e", "_ws.expert.message"],
      { encoding: "utf8" },
    );
    expect(fields.status).toBe(0);
    const rows = fields.stdout.trim().split("\n").map((l) => l.split("\t"));
    expect(rows.map((r) => [r[0], r[1] || r[2]])).toEqual([
      ["ARP", "1"],
      ["ARP", "2"],
      ["ICMP", "8"],
      ["ICMP", "0"],
      ["ICMP", "8"],
      ["ICMP", "0"],
      ["ICMP", "8"],
      ["ICMP", "0"],
    ]);
    for (const r of rows.slice(2)) {
      expect(r[3]).toBe("1"); // checksum status: 0 bad, 1 good, 2 unverified
      expect(r[4]).toBe("1");
    }
    const malformed = spawnSync("tshark", ["-r", file, "-Y", "_ws.malformed || _ws.expert.severity >= warning"], { encoding: "utf8" });
    expect(malformed.stdout.trim()).toBe("");
  });
});
