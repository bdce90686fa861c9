# ping -s SIZE: header line, reply length; below 16 bytes no time is printed.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 ping -c 2 -i 0.2 -s 100 10.0.0.2
ip netns exec ns1 ping -c 1 -s 0 10.0.0.2
ip netns exec ns1 ping -c 1 -s 8 10.0.0.2
ip netns exec ns1 ping -c 1 -s 15 10.0.0.2
ip netns exec ns1 ping -c 1 -s 16 10.0.0.2
ip netns exec ns1 ping -c 1 -s 1472 10.0.0.2
ip netns exec ns1 ping -c 1 -s 65508 10.0.0.2
ip netns exec ns1 ping -c 1 -s -1 10.0.0.2
