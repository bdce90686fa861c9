// conntrack through the Session API: `-o save` lines replay into the same entries, -L's filters
// agree with a reference predicate over what was created, and the behaviours the kernel showed
// that the recorded cases cannot (per-CPU counters after creations, several entries per update).
import { Conn, ConntrackTable, IPS } from "@pktsim/netfilter";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Session } from "../src/index";

const MSG = "conntrack v1.4.7 (conntrack-tools): ";

/** The flow lines of a command's output (its messages on standard error dropped). */
function flows(output: string): string[] {
  return output.split("\n").filter((l) => l !== "" && !l.startsWith(MSG) && !l.startsWith("Try `"));
}

interface Spec {
  proto: "tcp" | "udp" | "icmp";
  src: number;
  sport: number;
  dport: number;
  timeout: number;
  mark: number;
  assured: boolean;
  zone: number;
}

const ip = (n: number): string => `10.1.${n >> 8}.${n & 255}`;

function createLine(s: Spec): string {
  const l4 =
    s.proto === "icmp" ? `--icmp-type 8 --icmp-code 0 --icmp-id ${s.sport}` : `--sport ${s.sport} --dport ${s.dport}${s.proto === "tcp" ? " --state ESTABLISHED" : ""}`;
  // -m before -u: the status value would overwrite the mark (conntrack.c reuses the template).
  return `conntrack -I -p ${s.proto} -s ${ip(s.src)} -d 10.2.0.1 ${l4} -t ${s.timeout}${s.assured ? " -u ASSURED" : ""} -m ${s.mark}${
    s.zone !== 0 ? ` -w ${s.zone}` : ""
  }`;
}

const spec: fc.Arbitrary<Spec> = fc.record({
  proto: fc.constantFrom("tcp" as const, "udp" as const, "icmp" as const),
  src: fc.integer({ min: 1, max: 600 }),
  sport: fc.integer({ min: 1, max: 65535 }),
  dport: fc.integer({ min: 1, max: 65535 }),
  timeout: fc.integer({ min: 2, max: 500_000 }),
  mark: fc.integer({ min: 0, max: 0xffff }),
  assured: fc.boolean(),
  zone: fc.constantFrom(0, 0, 3),
});

describe("conntrack -o save", () => {
  it("prints a line that -I turns back into the same entry (one second less left)", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const sess = new Session({ seed: 1 });
        expect(sess.exec(createLine(s)).status).toBe(0);
        const first = flows(sess.exec("conntrack -L -o save").output);
        expect(first).toHaveLength(1);
        const m = /^-A -t (\d+) (.*)$/.exec(first[0]!)!;
        expect(Number(m[1])).toBe(s.timeout - 1);
        expect(sess.exec("conntrack -F").status).toBe(0);
        // -I wants -m for the mark, which save leaves out; the rest is the save line as printed.
        expect(sess.exec(`conntrack -I -t ${m[1]} ${m[2]!.replace("-u UNSET", "")} -m ${s.mark}`).status).toBe(0);
        const again = flows(sess.exec("conntrack -L -o save").output);
        expect(again).toEqual([`-A -t ${s.timeout - 2} ${m[2]}`]);
        expect(flows(sess.exec("conntrack -L").output)[0]).toContain(` mark=${s.mark} `);
      }),
      { numRuns: 60 },
    );
  });
});

describe("conntrack -L filters", () => {
  type Filter = { arg: string; keep: (s: Spec) => boolean };
  const filter: fc.Arbitrary<Filter> = fc.oneof(
    fc.integer({ min: 1, max: 600 }).map((n) => ({ arg: `-s ${ip(n)}`, keep: (s: Spec) => s.src === n })),
    fc.integer({ min: 0, max: 2 }).map((k) => {
      const [net, bits] = [["10.1.0.0", 24], ["10.1.1.0", 24], ["10.1.0.0", 23]][k]! as [string, number];
      const base = Number(net.split(".")[2]) << 8;
      return { arg: `-s ${net}/${bits}`, keep: (s: Spec) => s.src >> (32 - bits) === base >> (32 - bits) };
    }),
    fc.constantFrom("tcp", "udp", "icmp").map((p) => ({ arg: `-p ${p}`, keep: (s: Spec) => s.proto === p })),
    fc.integer({ min: 1, max: 65535 }).map((port) => ({ arg: `-p udp --sport ${port}`, keep: (s: Spec) => s.proto === "udp" && s.sport === port })),
    fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([v, mk]) => ({
      arg: `-m ${v & mk}/${mk}`,
      keep: (s: Spec) => (s.mark & mk) === (v & mk),
    })),
    fc.constant({ arg: "-u ASSURED", keep: (s: Spec) => s.assured }),
    fc.constant({ arg: "-u UNREPLIED", keep: () => true }),
    fc.constant({ arg: "-w 3", keep: (s: Spec) => s.zone === 3 }),
  );

  it("list exactly the entries a reference predicate keeps", () => {
    fc.assert(
      fc.property(fc.uniqueArray(spec, { selector: (s) => `${s.proto} ${s.src} ${s.sport} ${s.dport}`, minLength: 1, maxLength: 8 }), filter, (specs, f) => {
        const sess = new Session({ seed: 1 });
        for (const s of specs) expect(sess.exec(createLine(s)).status).toBe(0);
        const all = flows(sess.exec("conntrack -L").output);
        expect(all).toHaveLength(specs.length);
        const r = sess.exec(`conntrack -L ${f.arg}`);
        expect(r.status).toBe(0);
        const expected = specs.filter(f.keep).map((s) => all[specs.indexOf(s)]!);
        expect(flows(r.output).sort()).toEqual(expected.sort());
        expect(r.output).toContain(`${MSG}${expected.length} flow entries have been shown.\n`);
      }),
      { numRuns: 80 },
    );
  });
});

describe("conntrack commands", () => {
  it("counts ctnetlink insertions on cpu=0 (a clash is not an insertion); cpu=1 stays zero", () => {
    const s = new Session({ seed: 1 });
    const line = "conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 30";
    expect(s.exec(line).status).toBe(0);
    expect(s.exec(line)).toMatchObject({ status: 1, output: `${MSG}Operation failed: Such conntrack exists, try -U to update\n` });
    expect(s.exec("conntrack -S").output).toBe(
      "cpu=0   \tfound=0 invalid=0 insert=1 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 \n" +
        "cpu=1   \tfound=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 \n",
    );
  });

  it("-U changes every match but prints only the first (the get's ACK is read by the next request)", () => {
    const s = new Session({ seed: 1 });
    for (const p of [1, 2, 3]) s.exec(`conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport ${p} --dport 9 -t 30`);
    const r = s.exec("conntrack -U -f ipv4 -p udp -m 0x10/0xf0");
    expect(r.status).toBe(0);
    expect(flows(r.output)).toEqual(["udp      17 29 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=9 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=9 dport=1 mark=16 use=2"]);
    expect(r.output).toContain(`${MSG}3 flow entries have been updated.\n`);
    expect(flows(s.exec("conntrack -L -m 16").output)).toHaveLength(3);
    // Without a family the kernel refuses the request (and the get that follows it).
    expect(s.exec("conntrack -U -p udp -m 1")).toMatchObject({
      status: 1,
      output: `Operation failed: Operation not supported\n${MSG}Operation failed: Operation not supported\n`,
    });
  });

  it("-E is refused after its options are checked: it would wait for events forever", () => {
    const s = new Session({ seed: 1 });
    expect(s.exec("conntrack -E -p tcp --state BOGUS")).toMatchObject({ status: 2, output: `${MSG}unknown TCP state \`BOGUS'\nTry \`conntrack -h' or 'conntrack --help' for more information.\n` });
    const r = s.exec("conntrack -E -o xml");
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/^conntrack v1\.4\.7 \(conntrack-tools\): Operation failed: -E .*pktsim does not run it\n$/);
  });

  it("-R reads the batch from standard input with -", () => {
    const s = new Session({ seed: 1 });
    const r = s.exec("conntrack -R -", { stdin: "-I -p tcp -s 3.3.3.3 -d 4.4.4.4 --sport 7 --dport 8 --state SYN_SENT -t 60\n-L\n" });
    expect(r).toMatchObject({ status: 2, output: `${MSG}Cannot use command \`-L' with --load-file\nTry \`conntrack -h' or 'conntrack --help' for more information.\n` });
    expect(s.exec("conntrack -C").output).toBe("0\n");
  });
});

describe("connection tracking entries", () => {
  it("a FIXED_TIMEOUT entry keeps its expiry when packets refresh it (nf_ct_refresh_acct)", () => {
    const table = new ConntrackTable();
    const t = { src: 1, dst: 2, proto: 17, sport: 3, dport: 4 };
    const c: Conn = table.alloc(t, { src: 2, dst: 1, proto: 17, sport: 4, dport: 3 });
    c.timeout = 50e9;
    c.status |= IPS.FIXED_TIMEOUT;
    expect(table.hashCheckInsert(c, 1e9)).toBe(true);
    c.refresh(10e9, 120e9);
    expect(c.expiresIn(10e9)).toBe(41e9);
    c.status &= ~IPS.FIXED_TIMEOUT;
    c.refresh(10e9, 120e9);
    expect(c.expiresIn(10e9)).toBe(120e9);
    // The same tuple again, in the same zone: EEXIST, not counted; in another zone it is a new entry.
    const d = table.alloc(t, { src: 2, dst: 1, proto: 17, sport: 4, dport: 3 });
    expect(table.hashCheckInsert(d, 1e9)).toBe(false);
    expect(table.stats.insert).toBe(1);
    d.zone = 3;
    expect(table.hashCheckInsert(d, 1e9)).toBe(true);
    expect(table.stats.insert).toBe(2);
  });
});
