// Longest-prefix match
export { type Lpm, type LpmEntry } from "./lpm/lpm";
export { LinearLpm } from "./lpm/linear-lpm";
export { RadixTrie } from "./lpm/radix-trie";
export { LcTrie } from "./lpm/lc-trie";
export { DirLpm, type DirLpmOptions } from "./lpm/dir-lpm";

// Kernel constants and errors
export {
  RouteType,
  RouteProtocol,
  RouteScope,
  RouteTable,
  NexthopFlags,
  NlFlags,
  RouteVerb,
  RuleAction,
  RuleFlags,
  IPTOS_RT_MASK,
} from "./rtnetlink";
export { FibErrno, type FibOpResult } from "./errno";

// Routes and tables
export { type Route, type Nexthop, routeTypeError, isErrorType } from "./route";
export { FibTable, type RouteMatch } from "./fib-table";
export { Fib, type FibOptions, type RouteDelete } from "./fib";
export {
  type RouteConfig,
  type NexthopConfig,
  type FibLinks,
  type LinkState,
  inetAddrTypeTable,
} from "./fib-semantics";

// Lookup
export { type Flow, FibResult, FibLookupFlags } from "./fib-result";
export { fibLookup, fibTableLookup } from "./fib-lookup";
export { type FibRule, type RuleConfig, type RuleMatch, FibRules } from "./fib-rules";
export { fibMultipathHash, fibSelectMultipath, fibSelectPath } from "./multipath";

// Link and address events
export {
  type LinkEvent,
  routesByIfindex,
  fibSyncDownDev,
  fibSyncUp,
  fibSyncDownAddr,
  fibFlush,
  fibDisableIp,
} from "./fib-sync";
