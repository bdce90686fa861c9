# A port that is down forwards nothing and forgets its stations; the bridge loses carrier
# when no port forwards; a port comes back to forwarding with its carrier.
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
ip link set br0 up
ip link set vb1 up
ip link set vb2 up
ip -n p1 addr add 10.1.0.11/24 dev eth0
ip -n p2 addr add 10.1.0.12/24 dev eth0
ip -n p1 link set eth0 up
ip -n p2 link set eth0 up
sleep 1
ip netns exec p1 ping -c 1 10.1.0.12
bridge fdb show br br0 dynamic
ip link set vb2 down
bridge link show
bridge fdb show br br0 dynamic
ip netns exec p1 ping -c 1 -W 1 10.1.0.12
ip -n p2 link set eth0 down
ip link set vb2 up
sleep 1
bridge link show
ip link set vb1 down
sleep 1
ip link show br0
bridge link show
ip link set vb1 up
ip -n p2 link set eth0 up
sleep 1
ip link show br0
bridge link show
ip netns exec p1 ping -c 1 10.1.0.12
bridge fdb show br br0 dynamic
ip link set br0 down
bridge link show
bridge fdb show br br0 dynamic
ip link show br0
