export {
  layout,
  shortHash,
  CALICO_GATEWAY,
  CALICO_VETH_MAC,
  type CniPlugin,
  type ClusterSpec,
  type NodeSpec,
  type ServiceSpec,
  type ClusterLayout,
  type NodeInfo,
  type PodInfo,
  type ServiceInfo,
} from "./spec";
export { Cluster, ClusterBuildError, type BuildOptions } from "./cluster";
export { clusterScript, UNDERLAY_BRIDGE } from "./script";
export { kubeProxyTables, kubeProxyRules, kubeProxyCommands, kubeProxyJumps, serviceChain, endpointChain, type KubeProxyTable } from "./kubeproxy";
export {
  checkConformance,
  checkEndpoints,
  clusterEndpoints,
  PROBE_PORT,
  type Endpoint,
  type Violation,
  type ViolationKind,
  type ConformanceReport,
  type CheckOptions,
} from "./conformance";
export { buildDocker, checkDocker, dockerScript, PUBLISHED_PORT, type DockerSetup } from "./docker";
export { checkServices, type ServiceReport, type ServiceProbeResult } from "./services";
