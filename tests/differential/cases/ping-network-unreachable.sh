# No route: connect() fails, "ping: connect: Network is unreachable", rc 2.
ip netns add ns1
ip netns exec ns1 ping -c 1 10.0.0.2
ip netns exec ns1 ip link add veth0 type veth peer name veth1
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
# link down: only the local route exists
ip netns exec ns1 ping -c 1 10.0.0.2
ip netns exec ns1 ip link set veth0 up
ip netns exec ns1 ip link set veth1 up
ip netns exec ns1 ping -c 1 192.168.1.1
ip netns exec ns1 ping -c 1 -W 1 10.0.0.1
