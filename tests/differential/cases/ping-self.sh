# ping the namespace's own address: delivered through lo, so it works even
# while the address's own device is down, and fails (plain loss) while lo is down.
ip netns add ns1
ip netns exec ns1 ip link add veth0 type veth peer name veth1
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns1 ip link set lo up
ip netns exec ns1 ping -c 1 10.0.0.1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns1 ping -c 2 -i 0.2 10.0.0.1
ip netns exec ns1 ip link set lo down
ip netns exec ns1 ping -c 1 -W 1 10.0.0.1
ip netns exec ns1 ip neigh show
