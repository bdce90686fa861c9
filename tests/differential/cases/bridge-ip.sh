# A bridge with an address is an ordinary interface of its namespace: routes, ARP, ping
# both ways; bridged traffic between pods does not need ip_forward.
# (multicast snooping off: the bridge would send IGMP reports for 224.0.0.106, not modelled)
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns add p1
ip netns add p2
ip netns exec p1 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec p2 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip link add br0 type bridge mcast_snooping 0
ip link add vb1 address 02:00:00:00:01:01 type veth peer name eth0 netns p1
ip link add vb2 address 02:00:00:00:01:02 type veth peer name eth0 netns p2
ip link set vb1 master br0
ip link set vb2 master br0
ip addr add 10.1.0.1/24 dev br0
ip link set br0 up
ip link set vb1 up
ip link set vb2 up
ip -n p1 addr add 10.1.0.11/24 dev eth0
ip -n p2 addr add 10.1.0.12/24 dev eth0
ip -n p1 link set eth0 up
ip -n p2 link set eth0 up
sleep 1
ip route show table all
ip netns exec p1 ping -c 1 10.1.0.1
ip neigh show
bridge fdb show br br0 dynamic
ping -c 1 10.1.0.12
ip -n p2 neigh show
sysctl net.ipv4.ip_forward
ip netns exec p2 ping -c 1 10.1.0.11
ip -s link show br0
ip addr show br0
