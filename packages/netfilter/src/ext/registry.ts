/** The extensions this model knows, by the names -m and -j load them with. */
import { conntrackMatch, stateMatch } from "./conntrack";
import { connmarkMatch, markMatch } from "./mark";
import { multiportMatch } from "./multiport";
import { limitMatch, statisticMatch } from "./rate";
import { addrtypeMatch, commentMatch, iprangeMatch } from "./simple";
import { icmpMatch, tcpMatch, udpMatch } from "./tcpudp";
import { TARGET_EXTENSIONS } from "./targets";
import type { MatchExtension, TargetExtension } from "./types";

export const MATCH_EXTENSIONS: ReadonlyMap<string, MatchExtension> = new Map(
  [tcpMatch, udpMatch, icmpMatch, conntrackMatch, stateMatch, markMatch, connmarkMatch, commentMatch, multiportMatch, addrtypeMatch, iprangeMatch, statisticMatch, limitMatch].map(
    (e) => [e.name, e],
  ),
);

export const TARGETS: ReadonlyMap<string, TargetExtension> = new Map(TARGET_EXTENSIONS.map((e) => [e.name, e]));

/** Standard verdicts a rule may jump to by name. */
export const STANDARD_TARGETS: ReadonlySet<string> = new Set(["ACCEPT", "DROP", "RETURN", "QUEUE"]);
