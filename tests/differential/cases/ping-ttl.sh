# ping -t TTL: on-link any TTL >= 1 reaches the peer; replies carry the peer's TTL 64.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 ping -c 1 -t 1 10.0.0.2
ip netns exec ns1 ping -c 1 -t 255 10.0.0.2
ip netns exec ns1 ping -c 1 -t 0 10.0.0.2
ip netns exec ns1 ping -c 1 -t 256 10.0.0.2
