export {
  NetDevice,
  DeviceStats,
  OperState,
  IFF,
  AddrAssignType,
  RxHandlerResult,
  ETH_HLEN,
  ETH_MIN_MTU,
  ETH_MAX_MTU,
  NET_XMIT_SUCCESS,
  NET_XMIT_DROP,
  type DeviceNamespace,
  type DeviceEvent,
  type CaptureDirection,
  type CaptureTap,
  type RxHandler,
  type RootQdisc,
} from "./netdevice";
export { Loopback, LOOPBACK_DELAY_NS } from "./loopback";
export { Veth, DEFAULT_VETH_DELAY_NS } from "./veth";
export {
  Qdisc,
  QdiscStats,
  Noqueue,
  Pfifo,
  Bfifo,
  PfifoFast,
  PFIFO_FAST_PRIOMAP,
  TC_H_ROOT,
  attachDefaultQdisc,
  qdiscGraftRoot,
  qdiscAllocHandle,
  formatQdiscHandle,
} from "./qdisc";
export {
  NLM_F,
  QDISC_KINDS,
  QdiscError,
  qdiscLookup,
  tcModifyQdisc,
  tcDeleteQdisc,
  type QdiscOptions,
  type QdiscRequest,
} from "./qdisc-api";
export {
  NetemQdisc,
  PSCHED_SHIFT,
  type NetemQopt,
  type NetemCorr,
  type NetemProbability,
  type NetemRate,
  type NetemOptions,
  type NetemDump,
} from "./netem";
export { Link, PointToPointLink, SharedSegment, ETH_ZLEN, ETH_WIRE_OVERHEAD, type LinkOptions } from "./link";
export { Nic } from "./nic";
export {
  Vxlan,
  VxlanError,
  VxlanDf,
  Nud as VxlanNud,
  Ntf,
  VXLAN_HLEN,
  VXLAN_HEADROOM,
  VXLAN_DEFAULT_PORT,
  IANA_VXLAN_UDP_PORT,
  VXLAN_N_VID,
  FDB_AGE_DEFAULT,
  defaultVxlanConfig,
  flowHash,
  udpFlowSrcPort,
  lcoChecksum,
  type VxlanConfig,
  type VxlanEnv,
  type VxlanRdst,
  type VxlanFdbEntry,
  type VxlanRoute,
  type VxlanTunnelXmit,
  type FdbRequestFlags,
} from "./vxlan";
export {
  Bridge,
  BridgePort,
  BridgeError,
  BroadcastStormError,
  BrPortState,
  BrPortFlag,
  BR_PORT_STATE_NAMES,
  BR_MAX_PORTS,
  portCost,
  type BridgeHooks,
  type BridgeOptions,
} from "./bridge";
export { FdbFlag, fdbUpdate, fdbCleanup, fdbFlush, type Fdb, type FdbEntry } from "./fdb";
export { RefFdb } from "./fdb-ref";
export { FastFdb } from "./fdb-fast";
