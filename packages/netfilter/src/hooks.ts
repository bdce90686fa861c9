/**
 * Netfilter's IPv4 hook points and the tables that attach to them, with the priorities that
 * order them at each hook (include/uapi/linux/netfilter_ipv4.h; iptables-nft's nft.c table
 * definitions, where security sits at 150 rather than legacy's 50).
 */

/** enum nf_inet_hooks. */
export const NfInetHook = {
  PRE_ROUTING: 0,
  LOCAL_IN: 1,
  FORWARD: 2,
  LOCAL_OUT: 3,
  POST_ROUTING: 4,
} as const;
export type NfInetHook = (typeof NfInetHook)[keyof typeof NfInetHook];

/** The built-in chain of each hook, by hook number. */
export const HOOK_CHAIN: readonly string[] = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"];

/** enum nf_ip_hook_priorities (the ones the model uses). */
export const NfIpPriority = {
  RAW: -300,
  CONNTRACK: -200,
  MANGLE: -150,
  NAT_DST: -100,
  FILTER: 0,
  SECURITY_NFT: 150,
  NAT_SRC: 100,
  CONNTRACK_CONFIRM: 2147483647,
} as const;

export type TableName = "raw" | "mangle" | "nat" | "filter" | "security";

export interface TableDef {
  readonly name: TableName;
  /** Built-in chains in hook order, each with its hook and priority. */
  readonly chains: ReadonlyArray<{ readonly hook: NfInetHook; readonly priority: number }>;
}

const P = NfInetHook;

export const TABLE_DEFS: Readonly<Record<TableName, TableDef>> = {
  raw: { name: "raw", chains: [{ hook: P.PRE_ROUTING, priority: NfIpPriority.RAW }, { hook: P.LOCAL_OUT, priority: NfIpPriority.RAW }] },
  mangle: {
    name: "mangle",
    chains: [P.PRE_ROUTING, P.LOCAL_IN, P.FORWARD, P.LOCAL_OUT, P.POST_ROUTING].map((hook) => ({ hook, priority: NfIpPriority.MANGLE })),
  },
  nat: {
    name: "nat",
    chains: [
      { hook: P.PRE_ROUTING, priority: NfIpPriority.NAT_DST },
      { hook: P.LOCAL_IN, priority: NfIpPriority.NAT_SRC },
      { hook: P.LOCAL_OUT, priority: NfIpPriority.NAT_DST },
      { hook: P.POST_ROUTING, priority: NfIpPriority.NAT_SRC },
    ],
  },
  filter: { name: "filter", chains: [P.LOCAL_IN, P.FORWARD, P.LOCAL_OUT].map((hook) => ({ hook, priority: NfIpPriority.FILTER })) },
  security: { name: "security", chains: [P.LOCAL_IN, P.FORWARD, P.LOCAL_OUT].map((hook) => ({ hook, priority: NfIpPriority.SECURITY_NFT })) },
};

/** The order iptables-nft-save prints existing tables in (verified by creating all five). */
export const SAVE_TABLE_ORDER: readonly TableName[] = ["mangle", "security", "raw", "filter", "nat"];

export function isTableName(name: string): name is TableName {
  return Object.prototype.hasOwnProperty.call(TABLE_DEFS, name);
}

/** NF_DROP/NF_ACCEPT and the xtables pseudo-verdicts of ipt_do_table. */
export const Verdict = {
  DROP: 0,
  ACCEPT: 1,
  STOLEN: 2,
  QUEUE: 3,
  REPEAT: 4,
  /** XT_CONTINUE: go on with the next rule. */
  CONTINUE: -1,
  /** XT_RETURN. */
  RETURN: -2,
} as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];
