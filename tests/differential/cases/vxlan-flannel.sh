# Two Kubernetes nodes joined by flannel-style VXLAN devices, pods pinging across them.
# (Also examples/flannel-vxlan.sh.)
ip netns add node1
ip netns add node2
ip netns add pod1
ip netns add pod2
ip netns add pod3
ip netns exec node1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec node2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec pod1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec pod2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec pod3 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
# The underlay: the nodes' eth0 on one link, 192.168.1.0/24.
ip link add eth0 netns node1 type veth peer name eth0 netns node2
ip -n node1 addr add 192.168.1.1/24 dev eth0
ip -n node2 addr add 192.168.1.2/24 dev eth0
ip -n node1 link set lo up
ip -n node2 link set lo up
ip -n node1 link set eth0 up
ip -n node2 link set eth0 up
ip netns exec node1 sysctl -qw net.ipv4.ip_forward=1
ip netns exec node2 sysctl -qw net.ipv4.ip_forward=1
# What flanneld's vxlan backend creates on each node: flannel.1 (VNI 1, port 8472, no
# learning) with the node's /32 of its pod subnet, and the bridge plugin's cni0 with the /24.
ip -n node1 link add flannel.1 address 02:fa:00:00:01:01 type vxlan id 1 local 192.168.1.1 dev eth0 dstport 8472 nolearning
ip -n node2 link add flannel.1 address 02:fa:00:00:02:01 type vxlan id 1 local 192.168.1.2 dev eth0 dstport 8472 nolearning
ip -n node1 addr add 10.244.1.0/32 dev flannel.1
ip -n node2 addr add 10.244.2.0/32 dev flannel.1
ip -n node1 link set flannel.1 up
ip -n node2 link set flannel.1 up
ip -n node1 link add cni0 type bridge
ip -n node2 link add cni0 type bridge
ip -n node1 addr add 10.244.1.1/24 dev cni0
ip -n node2 addr add 10.244.2.1/24 dev cni0
ip -n node1 link set cni0 up
ip -n node2 link set cni0 up
# Pods: pod1 and pod2 on node1, pod3 on node2.
ip -n node1 link add veth1 type veth peer name eth0 netns pod1
ip -n node1 link add veth2 type veth peer name eth0 netns pod2
ip -n node2 link add veth3 type veth peer name eth0 netns pod3
ip -n node1 link set veth1 master cni0
ip -n node1 link set veth2 master cni0
ip -n node2 link set veth3 master cni0
ip -n node1 link set veth1 up
ip -n node1 link set veth2 up
ip -n node2 link set veth3 up
ip -n pod1 addr add 10.244.1.2/24 dev eth0
ip -n pod2 addr add 10.244.1.3/24 dev eth0
ip -n pod3 addr add 10.244.2.2/24 dev eth0
ip -n pod1 link set eth0 up
ip -n pod2 link set eth0 up
ip -n pod3 link set eth0 up
ip -n pod1 route add default via 10.244.1.1
ip -n pod2 route add default via 10.244.1.1
ip -n pod3 route add default via 10.244.2.1
# For every other node, flanneld adds a permanent neighbour for its VTEP address, an FDB
# entry sending that VTEP's MAC to the node's IP, and a route to the node's pod subnet.
ip -n node1 neigh replace 10.244.2.0 lladdr 02:fa:00:00:02:01 dev flannel.1 nud permanent
bridge -n node1 fdb append 02:fa:00:00:02:01 dev flannel.1 dst 192.168.1.2 self permanent
ip -n node1 route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
ip -n node2 neigh replace 10.244.1.0 lladdr 02:fa:00:00:01:01 dev flannel.1 nud permanent
bridge -n node2 fdb append 02:fa:00:00:01:01 dev flannel.1 dst 192.168.1.1 self permanent
ip -n node2 route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
ip -n node1 -d link show flannel.1
ip -n node1 route
bridge -n node1 fdb show dev flannel.1
ip -n node1 neigh show dev flannel.1
ip netns exec node1 ss -uan
# Across the overlay (TTL 62: two routed hops), on the same node, and node to pod.
ip netns exec pod1 ping -c 2 10.244.2.2
ip netns exec pod3 ping -c 1 10.244.1.3
ip netns exec pod1 ping -c 1 10.244.1.3
ip netns exec node2 ping -c 1 10.244.1.2
# flannel.1 counts the inner packets without their Ethernet header (84 bytes per ping);
# eth0 the encapsulated frames (148 bytes) and the underlay's ARP.
ip -n node1 -s link show flannel.1
ip -n node2 -s link show flannel.1
ip -n node1 -s link show eth0
