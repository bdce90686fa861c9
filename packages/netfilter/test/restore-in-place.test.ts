// Property: iptables-restore, which edits its scratch tables in place and checks each rule's
// hooks through a callers index, accepts and refuses exactly what the same commands do through
// the copy-on-write API with Table.hookMask's full scan (the simple twin), and leaves the same
// table. The rulesets mix user chains, jumps and gotos with hook-restricted targets (DNAT only
// from PREROUTING/OUTPUT, SNAT/MASQUERADE only from POSTROUTING/INPUT), so where a chain is
// reachable from decides whether a rule loads.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RestoreError, Ruleset, XtablesError, parseRuleSpec, restoreRuleset, saveTable, splitRestoreLine } from "../src/index";

const USER = ["A", "B", "C", "D"];
const BUILTIN = ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"];
const TARGETS = [
  "-j DNAT --to-destination 10.0.0.1",
  "-j SNAT --to-source 10.0.0.2",
  "-j MASQUERADE",
  "-j RETURN",
  "-p udp -m udp --dport 53 -j ACCEPT",
];

const line = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...USER), fc.constantFrom(...USER), fc.constantFrom("-j", "-g")).map(
    ([from, to, how]) => `-A ${from} ${how} ${to}`,
  ) },
  fc.tuple(fc.constantFrom(...BUILTIN, ...USER), fc.constantFrom(...USER), fc.constantFrom("-j", "-g")).map(
    ([from, to, how]) => `-A ${from} ${how} ${to}`,
  ),
  fc.tuple(fc.constantFrom(...BUILTIN, ...USER), fc.constantFrom(...TARGETS)).map(([from, t]) => `-A ${from} ${t}`),
  fc.tuple(fc.constantFrom(...BUILTIN, ...USER), fc.constantFrom(...TARGETS)).map(([from, t]) => `-I ${from} 1 ${t}`),
);

/** The same lines through the public API, copy-on-write: the index of the failing line or -1. */
function throughApi(lines: readonly string[]): { failed: number; rs: Ruleset } {
  const rs = new Ruleset();
  for (const u of USER) rs.newChain("nat", u);
  for (let i = 0; i < lines.length; i++) {
    const argv = splitRestoreLine(lines[i]!);
    try {
      const num = argv[0] === "-I" ? 3 : 2;
      const { rule } = parseRuleSpec(argv.slice(num), "nat", () => true);
      if (argv[0] === "-I") rs.insert("nat", argv[1]!, 1, rule);
      else rs.append("nat", argv[1]!, rule);
    } catch (e) {
      if (!(e instanceof XtablesError)) throw e;
      return { failed: i, rs };
    }
  }
  return { failed: -1, rs };
}

describe("iptables-restore edits in place", () => {
  it("loads or refuses exactly what the copy-on-write API does, with the same result", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const header = ["*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]"];
        const text = [...header, ...USER.map((u) => `:${u} - [0:0]`), ...lines, "COMMIT", ""].join("\n");
        const restored = new Ruleset();
        let failedLine = -1;
        try {
          restoreRuleset(restored, text);
        } catch (e) {
          if (!(e instanceof RestoreError)) throw e;
          failedLine = e.line - header.length - USER.length - 1;
        }
        const api = throughApi(lines);
        expect(failedLine).toBe(api.failed);
        if (failedLine === -1) {
          expect(saveTable(restored.get("nat")!, false, "")).toBe(saveTable(api.rs.get("nat")!, false, ""));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
