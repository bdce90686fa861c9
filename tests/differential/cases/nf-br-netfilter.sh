# br_netfilter: bridged IPv4 passes the iptables hooks of the bridge's namespace (PREROUTING,
# FORWARD, POSTROUTING; not INPUT) while net.bridge.bridge-nf-call-iptables is 1, with
# conntrack; at 0 iptables sees nothing of it. DNAT of a service address to a pod on the same
# bridge: with ip_forward off the DNATed frame goes up to the host and dies there (ip_error);
# with it on it stays bridged (the reply keeps TTL 64: it is not routed).
ip netns add p1
ip netns add p2
ip link add br0 type bridge
ip link add vb1 type veth peer name eth0 netns p1
ip link add vb2 type veth peer name eth0 netns p2
ip link set vb1 master br0
ip link set vb2 master br0
ip link set br0 up
ip link set vb1 up
ip link set vb2 up
ip -n p1 addr add 10.1.0.11/24 dev eth0
ip -n p2 addr add 10.1.0.12/24 dev eth0
ip -n p1 link set eth0 up
ip -n p2 link set eth0 up
# the bridge's own IGMP reports (not modelled) are over before conntrack starts
sleep 2
sysctl net.bridge.bridge-nf-call-iptables
iptables -t mangle -A PREROUTING -p icmp -m comment --comment "mangle PREROUTING"
iptables -A INPUT -p icmp -m comment --comment INPUT
iptables -A FORWARD -p icmp -m comment --comment "bridged icmp seen by iptables FORWARD"
iptables -t nat -A PREROUTING -p icmp -m conntrack --ctstate NEW -m comment --comment "nat PREROUTING"
iptables -t nat -A POSTROUTING -p icmp -m comment --comment "nat POSTROUTING"
ip netns exec p1 ping -c 2 -i 0.2 -e 9 10.1.0.12
iptables-save -c
conntrack -L
conntrack -F
sysctl -w net.bridge.bridge-nf-call-iptables=0
iptables -Z
iptables -t nat -Z
iptables -t mangle -Z
ip netns exec p1 ping -c 2 -i 0.2 -e 10 10.1.0.12
iptables-save -c
conntrack -L
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip addr add 10.1.0.1/24 dev br0
ip -n p1 route add default via 10.1.0.1
iptables -t nat -A PREROUTING -d 10.96.0.1/32 -p icmp -j DNAT --to-destination 10.1.0.12
ip netns exec p1 ping -c 2 -i 0.2 -e 11 10.96.0.1
iptables -t nat -vnL PREROUTING
sysctl -w net.ipv4.ip_forward=1
ip netns exec p1 ping -c 2 -i 0.2 -e 12 10.96.0.1
iptables -t nat -vnL PREROUTING
iptables -vnL FORWARD
