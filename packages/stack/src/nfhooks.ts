/**
 * Where netfilter plugs into the IPv4 stack (NF_HOOK in include/linux/netfilter.h). The stack
 * calls `hook()` at the five points of a packet's way; the netfilter model (tables, chains,
 * conntrack, NAT) decides. Without rules the stack skips the call entirely.
 */
import type { Packet } from "@pktsim/core";
import type { NetDevice } from "@pktsim/devices";

/** enum nf_inet_hooks. */
export const NfHook = {
  PRE_ROUTING: 0,
  LOCAL_IN: 1,
  FORWARD: 2,
  LOCAL_OUT: 3,
  POST_ROUTING: 4,
} as const;
export type NfHook = (typeof NfHook)[keyof typeof NfHook];

export interface NetfilterHooks {
  /** False while nothing is registered: the stack then does not call `hook` at all. */
  readonly active: boolean;
  /**
   * Runs the hook's tables in priority order over `pkt` (whose networkOffset is the IP
   * header). True: go on (NF_ACCEPT); false: the packet was dropped, stolen or queued, and
   * the hook reported why.
   */
  hook(hook: NfHook, pkt: Packet, inDev: NetDevice | null, outDev: NetDevice | null): boolean;
}
