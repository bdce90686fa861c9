/**
 * The namespace's inet_peer entries (net/ipv4/inetpeer.c) as far as rate limiting uses them:
 * one token bucket per remote address, shared by ip_error's error_cost/error_burst limit and
 * icmpv4_xrlim_allow's per-destination ICMP limit — so a forwarded error that ip_error lets
 * through can still be refused by the ICMP limit right after, as on Linux.
 */
import type { Ipv4Addr } from "@pktsim/core";

export const HZ = 1000;
/** inet_peer_xrlim_allow's burst: six timeouts' worth of tokens. */
export const XRLIM_BURST_FACTOR = 6;

export interface InetPeer {
  /** Tokens in jiffies. */
  rateTokens: number;
  /** Jiffies at the last refill (and at the last redirect sent: ip_rt_send_redirect shares it). */
  rateLast: number;
  /** n_redirects: redirects sent since the last silence (ip_rt_send_redirect). */
  nRedirects: number;
}

export class InetPeers {
  private readonly peers = new Map<Ipv4Addr, InetPeer>();

  /** inet_getpeer_v4 (create): a new peer starts empty, last refilled 60 s ago, i.e. full. */
  get(addr: Ipv4Addr, jiffies: number): InetPeer {
    let p = this.peers.get(addr);
    if (p === undefined) {
      p = { rateTokens: 0, rateLast: jiffies - 60 * HZ, nRedirects: 0 };
      this.peers.set(addr, p);
    }
    return p;
  }
}

/** inet_peer_xrlim_allow: refill by elapsed jiffies up to six timeouts, spend one timeout. */
export function inetPeerXrlimAllow(peer: InetPeer, timeout: number, jiffies: number): boolean {
  let token = peer.rateTokens + (jiffies - peer.rateLast);
  peer.rateLast = jiffies;
  if (token > XRLIM_BURST_FACTOR * timeout) token = XRLIM_BURST_FACTOR * timeout;
  let ok = false;
  if (token >= timeout) {
    token -= timeout;
    ok = true;
  }
  peer.rateTokens = token;
  return ok;
}

/** Jiffies of a virtual time in ns. */
export function jiffiesOf(nowNs: number): number {
  return Math.floor(nowNs / (1e9 / HZ));
}
