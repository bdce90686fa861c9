# Learning and flooding across br0 with three pods (IPv6 off everywhere, so the only frames
# are ours): unknown unicast reaches every other port, broadcast too, known unicast only
# its port; the pods' counters show which frames each saw.
# (multicast snooping off: the bridge would send IGMP reports for 224.0.0.106, not modelled)
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns add p1
ip netns add p2
ip netns add p3
ip netns exec p1 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec p2 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec p3 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip link add br0 type bridge mcast_snooping 0
ip link add vb1 address 02:00:00:00:01:01 type veth peer name eth0 netns p1
ip link add vb2 address 02:00:00:00:01:02 type veth peer name eth0 netns p2
ip link add vb3 address 02:00:00:00:01:03 type veth peer name eth0 netns p3
ip link set vb1 master br0
ip link set vb2 master br0
ip link set vb3 master br0
ip link set br0 up
ip link set vb1 up
ip link set vb2 up
ip link set vb3 up
ip -n p1 addr add 10.1.0.11/24 dev eth0
ip -n p2 addr add 10.1.0.12/24 dev eth0
ip -n p3 addr add 10.1.0.13/24 dev eth0
ip -n p1 link set eth0 up
ip -n p2 link set eth0 up
ip -n p3 link set eth0 up
sleep 1
bridge fdb show br br0 dynamic
ip -n p1 neigh add 10.1.0.99 lladdr 02:00:00:00:00:99 dev eth0
ip netns exec p1 ping -c 1 -W 1 10.1.0.99
bridge fdb show br br0 dynamic
ip -n p2 -s link show eth0
ip -n p3 -s link show eth0
ip netns exec p1 ping -c 1 10.1.0.12
bridge fdb show br br0 dynamic
ip -n p2 -s link show eth0
ip -n p3 -s link show eth0
ip -s link show br0
ip netns exec p1 ping -c 1 10.1.0.12
ip -n p3 -s link show eth0
ip link set br0 type bridge fdb_flush
bridge fdb show br br0 dynamic
bridge fdb show br br0
