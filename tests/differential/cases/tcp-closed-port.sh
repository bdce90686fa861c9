# TCP to a closed port: the SYN is answered with RST,ACK and nc reports the refusal
# (only with -v). IPv6 is off on both ends so the counters hold only ARP and TCP:
# SYN 74 bytes out, RST 54 bytes back, per attempt.
ip netns add ns1
ip netns add ns2
ip link add veth0 netns ns1 type veth peer name veth1 netns ns2
ip netns exec ns1 sysctl -w net.ipv6.conf.veth0.disable_ipv6=1
ip netns exec ns2 sysctl -w net.ipv6.conf.veth1.disable_ipv6=1
ip netns exec ns1 ip link set lo up
ip netns exec ns2 ip link set lo up
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth0
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns2 ip link set veth1 up
ip netns exec ns1 nc -zv 10.0.0.2 9999
ip netns exec ns1 nc -z 10.0.0.2 9999
ip netns exec ns1 nc -v 10.0.0.2 9999
ip netns exec ns1 nc -zv 10.0.0.2 9990-9992
ip netns exec ns1 nc -zv 10.0.0.2 http
ip netns exec ns1 nc -zvn 10.0.0.2 22
ip netns exec ns1 nc -zv 10.0.0.1 8080
ip netns exec ns1 nc -zv localhost 8080
ip netns exec ns1 nc -zv 0.0.0.0 8080
ip netns exec ns2 ip -s link show veth1
