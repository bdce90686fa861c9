export { Host, type HostOptions } from "./host";
export { Namespace, ETH_P_IP, ETH_P_ARP, ETH_P_IPV6, IFNAMSIZ } from "./namespace";
export { Errno, KernelError, strerror } from "./errno";
export {
  DEVCONF_DEFAULTS,
  DEVCONF_KEYS,
  type DevConf,
  type DevConfKey,
  type NeighParms,
  type NetIpv4Conf,
} from "./devconf";
export { InDevice, IfaFlags, Scope, INFINITY_LIFE_TIME, type IfAddr } from "./inetdev";
export { Neighbour, NeighTable, Nud, NeighUpdate, nudName, type ProxyNeighbour } from "./neighbour";
export { Ipv4, RTCF, type Rtable, type OutputFlow, type SendOptions, type AddressSpec } from "./ip";
export { Fib, type FlowKey, type FibDecision } from "./fib";
export {
  inetRtmGetroute,
  rtCacheDump,
  rtCacheFlush,
  type RouteGetRequest,
  type RouteGetAnswer,
  type RouteGetResult,
  type RouteCacheEntry,
} from "./route-get";
export { IpFragment, IpDefragUser } from "./ip-fragment";
export { FnheTable, IP_MAX_MTU, type FibNhException, type FnheDumpEntry } from "./fnhe";
export { Icmp } from "./icmp";
export { Arp } from "./arp";
export { RawSockets, type RawSocket, type IcmpErrorReport } from "./raw";
export { Ping, type PingOptions, type PingEvent, type PingStats } from "./ping";
export { InetSock, ICMP_ERR_CONVERT, type SockAddr, type SockOwner, type IcmpErrorInfo } from "./socket";
export { Udp, UdpSocket, type UdpDatagram } from "./udp";
export { Tcp, TcpSocket, TcpState, tcpStateName, type TcpSegment, type TcpDiag } from "./tcp";
export { IpMib, IcmpMib, UdpMib, TcpMib, Mibs, TCP_EXT_NAMES, MPTCP_EXT_NAMES } from "./mib";
export { Addrconf, linkLocalOf, formatIpv6, compareIpv6, type Inet6Addr, type Inet6Route } from "./addrconf";
export { Sysctls } from "./sysctl";
export { NfHook, type NetfilterHooks } from "./nfhooks";
export { DevMcLists } from "./mcaddr";
export { KernelLog, formatKernelTime, type KernelLogLine } from "./klog";
export {
  vxlanNewlink,
  vxlanChangelink,
  vxlanDellink,
  vxlanFdbAdd,
  vxlanFdbDelete,
  vxlanLinkNet,
  type VxlanAttrs,
  type VxlanLinkAttrs,
  type VxlanFdbRequest,
} from "./vxlan-net";
