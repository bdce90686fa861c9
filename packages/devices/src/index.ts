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
  type DeviceNamespace,
  type DeviceEvent,
  type CaptureDirection,
  type CaptureTap,
  type RxHandler,
} from "./netdevice";
export { Loopback, LOOPBACK_DELAY_NS } from "./loopback";
export { Veth, DEFAULT_VETH_DELAY_NS } from "./veth";
