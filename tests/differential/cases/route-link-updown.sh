# Routes across link down/up: admin down removes the prefix and broadcast
# routes (the local route stays); up puts them back; carrier loss only flags linkdown.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 ip route show table main
ip netns exec ns1 ip route show table local
ip netns exec ns2 ip link set veth1 down
# the linkdown flag is set by the linkwatch worker, which may run up to 1 s
# after the carrier change (rate limit for veths whose two ends have the same
# ifindex); wait for it
sleep 1
ip netns exec ns1 ip route show table main
ip netns exec ns1 ip route show table local
ip netns exec ns1 ip link set veth0 down
ip netns exec ns1 ip route show table main
ip netns exec ns1 ip route show table local
ip netns exec ns1 ip link set veth0 up
ip netns exec ns1 ip route show table main
ip netns exec ns1 ip route show table local
