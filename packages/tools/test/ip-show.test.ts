/**
 * The pieces of `ip addr/link show` that the differential cases exercise only through whole
 * transcripts: fnmatch for `label`, json_writer's escaping, and the counters -s -s and -d read.
 */
import { describe, expect, it } from "vitest";
import { fnmatch } from "../src/commands/ip/ipaddress";
import { IpPrinter, JsonRaw, writeJson } from "../src/commands/ip/json-print";
import { Session } from "../src/index";

describe("fnmatch (ip addr show label PATTERN)", () => {
  it.each([
    ["va*", "va", true],
    ["va*", "va:1", true],
    ["va*", "xva", false],
    ["va:?", "va:1", true],
    ["va:?", "va:10", false],
    ["va:[0-4]", "va:3", true],
    ["va:[!0-4]", "va:3", false],
    ["va:[^0-4]", "va:7", true],
    ["a.b", "a.b", true],
    ["a.b", "axb", false],
    ["\\*", "*", true],
    ["\\*", "x", false],
    ["[", "[", true],
  ])("%s ~ %s is %s", (pattern, name, expected) => {
    expect(fnmatch(pattern, name)).toBe(expected);
  });
});

describe("IpPrinter", () => {
  it("escapes only what jsonw_puts escapes and writes raw numbers as given", () => {
    expect(writeJson({ a: 'q"\\\t/é', t: new JsonRaw("0.00"), n: null, b: false, l: [1, "x"] })).toBe(
      '{"a":"q\\"\\\\\\t/é","t":0.00,"n":null,"b":false,"l":[1,"x"]}',
    );
  });

  it("keeps an object opened for an entry that prints nothing, as iproute2 does", () => {
    const p = new IpPrinter(true, false);
    p.begin();
    p.openObject(null);
    p.closeObject();
    p.openObject(null);
    p.any("ifname", "lo: ", "lo");
    p.closeObject();
    expect(p.finish()).toBe('[{},{"ifname":"lo"}]\n');
  });

  it("prints `\\` for print_nl with -o and the text otherwise", () => {
    const p = new IpPrinter(false, true);
    p.any("ifindex", "1: ", 1);
    p.nl();
    p.fp("    link\n");
    expect(p.finish()).toBe("1: \\    link\n");
  });
});

describe("counters and details ip reads", () => {
  it("counts carrier changes as the kernel does (a new veth already has one)", () => {
    const s = new Session({ seed: 1 });
    s.exec("ip link add va type veth peer name vb");
    const transns = (): string => s.exec("ip -s -s -j link show va").output.match(/"carrier_changes":(\d+)/)![1]!;
    expect(transns()).toBe("1");
    s.exec("ip link set va up");
    expect(transns()).toBe("1");
    s.exec("ip link set vb up");
    expect(transns()).toBe("2");
    s.exec("ip link set vb down");
    expect(transns()).toBe("3");
  });

  it("shows a bridge port's forward-delay timer running down in virtual time", () => {
    const s = new Session({ seed: 1 });
    for (const c of ["ip link add br0 type bridge", "ip link add va type veth peer name vb", "ip link set va master br0"]) s.exec(c);
    for (const c of ["ip link set br0 up", "ip link set vb up", "ip link set va up"]) s.exec(c);
    const timer = (): string => s.exec("ip -d link show va").output.match(/forward_delay_timer +(\S+)/)![1]!;
    // Each command starts 100 µs after the previous one ended (COMMAND_GAP_NS): 15 s less a
    // few hundred µs shows as 14.99, as the kernel shows it right after the port came up.
    expect(timer()).toBe("14.99");
    s.exec("sleep 4");
    expect(timer()).toBe("10.99");
    s.exec("sleep 20");
    expect(timer()).toBe("0.00");
  });
});
