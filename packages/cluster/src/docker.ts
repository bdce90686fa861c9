/**
 * The contrast the Kubernetes model is defined against: Docker's default networking. A
 * container sits on the host's private `docker0` bridge (172.17.0.0/16), leaves through
 * MASQUERADE, and is reached from other hosts only through a published port (DNAT on the
 * host's address). The conformance checker reports exactly why that is not the Kubernetes
 * model: other hosts see the container as its host, and reach it at an address that is not
 * its own.
 */
import { Session } from "pktsim";
import type { HostOptions } from "@pktsim/stack";
import { type ConformanceReport, type Endpoint, PROBE_PORT, checkEndpoints } from "./conformance";
import { ClusterBuildError } from "./cluster";

export interface DockerSetup {
  readonly session: Session;
  readonly script: readonly string[];
  readonly container: Endpoint;
  readonly dockerHost: Endpoint;
  readonly client: Endpoint;
}

/** The published port on the Docker host that maps to the container's probe port. */
export const PUBLISHED_PORT = 8080;

/** A Docker host with one container publishing a UDP port, and another host on the same LAN. */
export function dockerScript(): string[] {
  return [
    "# the LAN: a switch in the root namespace",
    "ip link add underlay0 type bridge",
    "ip link set underlay0 up",
    "# the Docker host",
    "ip netns add dockerhost",
    "ip link add u-dockerhost type veth peer name eth0 netns dockerhost",
    "ip link set u-dockerhost master underlay0",
    "ip link set u-dockerhost up",
    "ip -n dockerhost link set lo up",
    "ip -n dockerhost addr add 192.168.100.21/24 dev eth0",
    "ip -n dockerhost link set eth0 up",
    "ip netns exec dockerhost sysctl -q -w net.ipv4.ip_forward=1",
    "ip -n dockerhost link add docker0 type bridge",
    "ip -n dockerhost addr add 172.17.0.1/16 dev docker0",
    "ip -n dockerhost link set docker0 up",
    "# a container: docker's veth on docker0, 172.17.0.2, default route via the bridge",
    "ip netns add web",
    "ip -n dockerhost link add veth3f1a2b7 type veth peer name eth0 netns web",
    "ip -n dockerhost link set veth3f1a2b7 master docker0",
    "ip -n dockerhost link set veth3f1a2b7 up",
    "ip -n web link set lo up",
    "ip -n web addr add 172.17.0.2/16 dev eth0",
    "ip -n web link set eth0 up",
    "ip -n web route add default via 172.17.0.1",
    "# what dockerd programs: masquerade outgoing traffic, DNAT the published port",
    "ip netns exec dockerhost iptables -t nat -N DOCKER",
    "ip netns exec dockerhost iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
    "ip netns exec dockerhost iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
    "ip netns exec dockerhost iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
    "ip netns exec dockerhost iptables -t nat -A DOCKER -i docker0 -j RETURN",
    `ip netns exec dockerhost iptables -t nat -A DOCKER ! -i docker0 -p udp -m udp --dport ${PUBLISHED_PORT} -j DNAT --to-destination 172.17.0.2:${PROBE_PORT}`,
    "# another host on the LAN",
    "ip netns add client",
    "ip link add u-client type veth peer name eth0 netns client",
    "ip link set u-client master underlay0",
    "ip link set u-client up",
    "ip -n client link set lo up",
    "ip -n client addr add 192.168.100.22/24 dev eth0",
    "ip -n client link set eth0 up",
  ];
}

export function buildDocker(options: HostOptions = {}): DockerSetup {
  const session = new Session(options);
  const script = dockerScript();
  for (const line of script) {
    if (line.startsWith("#")) continue;
    const r = session.exec(line);
    if (r.status !== 0) throw new ClusterBuildError(line, r.output);
  }
  return {
    session,
    script,
    container: { kind: "pod", id: "web", netns: "web", ip: "172.17.0.2", reachAs: { ip: "192.168.100.21", port: PUBLISHED_PORT } },
    dockerHost: { kind: "node", id: "dockerhost", netns: "dockerhost", ip: "192.168.100.21" },
    client: { kind: "node", id: "client", netns: "client", ip: "192.168.100.22" },
  };
}

/** Checks the container against the model from the other host on the LAN. */
export function checkDocker(setup: DockerSetup): ConformanceReport {
  return checkEndpoints(setup.session.host, [setup.container, setup.client]);
}
