# connect() failures as nc reports them: no route (at once), an absent neighbour (the
# ARP failure after ~3 s comes back as a local ICMP host unreachable), a -w timeout
# while ARP is still trying, a broadcast destination; then nc's own argument errors.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 nc -zv 10.9.0.3 9999
ip netns exec ns1 nc -zv 10.0.0.3 9999
ip netns exec ns1 nc -zv -w 1 10.0.0.4 9999
ip netns exec ns1 nc -zv 10.0.0.255 80
ip netns exec ns1 nc -zv -s 10.0.0.9 10.0.0.2 9999
ip netns exec ns1 nc -zv 10.0.0.2 0
ip netns exec ns1 nc -zv 10.0.0.2 65536
ip netns exec ns1 nc -zv 10.0.0.2 foo
ip netns exec ns1 nc -zv -n nosuchhost 80
ip netns exec ns1 nc 10.0.0.2
ip netns exec ns1 nc
ip netns exec ns1 nc -zl 9999
ip netns exec ns1 nc -k 10.0.0.2 9999
ip netns exec ns1 nc -l 10.0.0.1 9999 extra
ip netns exec ns1 nc -y 10.0.0.2 9999
ip netns exec ns1 nc -w
ip netns exec ns1 nc -w x 10.0.0.2 9999
