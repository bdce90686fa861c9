# Reverse path filtering (fib_validate_source → __fib_validate_source): rp_filter 1 (strict)
# wants the route back to the source to leave by the input device, 2 (loose) any route back;
# the larger of conf/all and the device's counts. A filtered packet is dropped and counted
# (TcpExt IPReversePathFilter); `ip route get … iif` answers EINVAL. With accept_local a source
# of ours is accepted, but under rp_filter 1 only on the device that has it.
ip netns add a
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add va netns a type veth peer name vb netns b
ip link add vc netns a type veth peer name vd netns b
ip -n a link set lo up
ip -n b link set lo up
ip -n a addr add 10.0.0.1/24 dev va
ip -n a addr add 10.1.0.1/24 dev vc
ip -n b addr add 10.0.0.2/24 dev vb
ip -n b addr add 10.1.0.2/24 dev vd
ip -n a link set va up
ip -n b link set vb up
ip -n a link set vc up
ip -n b link set vd up
ip netns exec b ping -c 1 -W 1 -I 10.1.0.2 10.0.0.1
ip -n a route get 10.0.0.1 from 10.1.0.2 iif va
ip netns exec a sysctl -w net.ipv4.conf.va.rp_filter=1
ip -n a route get 10.0.0.1 from 10.1.0.2 iif va
ip -n a route get 10.0.0.1 from 10.9.9.9 iif va
ip -n a route get 10.0.0.1 from 10.0.0.2 iif va
ip netns exec b ping -c 1 -W 1 -I 10.1.0.2 10.0.0.1
ip netns exec a sysctl -w net.ipv4.conf.va.rp_filter=2
ip -n a route get 10.0.0.1 from 10.1.0.2 iif va
ip -n a route get 10.0.0.1 from 10.9.9.9 iif va
ip netns exec b ping -c 1 -W 1 -I 10.1.0.2 10.0.0.1
ip netns exec a sysctl -w net.ipv4.conf.va.rp_filter=0
ip netns exec a sysctl -w net.ipv4.conf.all.rp_filter=1
ip -n a route get 10.0.0.1 from 10.1.0.2 iif va
ip netns exec a sysctl -w net.ipv4.conf.all.rp_filter=0
ip -n a route get 10.0.0.1 from 10.1.0.1 iif va
ip netns exec a sysctl -w net.ipv4.conf.va.accept_local=1
ip -n a route get 10.0.0.1 from 10.1.0.1 iif va
ip netns exec a sysctl -w net.ipv4.conf.va.rp_filter=1
ip -n a route get 10.0.0.1 from 10.1.0.1 iif va
ip -n a route get 10.0.0.1 from 10.0.0.1 iif va
ip netns exec a cat /proc/net/netstat
