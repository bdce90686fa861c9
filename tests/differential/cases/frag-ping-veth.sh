# Pings larger than the MTU across a veth (1500): ping's socket (IP_PMTUDISC_WANT) sends them
# without DF as fragments (ip_fragment), the peer reassembles (ip_defrag) and its reply comes
# back in fragments too; -M do keeps the local error at the MTU, -M dont never sets DF. 65507
# data bytes make the largest datagram (65535: 45 fragments each way), one more is refused
# whatever the mode. IPv6 is off on both ends so the link counters hold only ARP and IPv4.
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
ip netns exec ns1 ping -c 2 -i 0.2 -s 2000 10.0.0.2
ip netns exec ns1 ping -c 1 -s 1473 -M do 10.0.0.2
ip netns exec ns1 ping -c 1 -s 1472 -M do 10.0.0.2
ip netns exec ns1 ping -c 1 -s 3000 -M dont 10.0.0.2
ip netns exec ns1 ping -c 1 -s 1473 -M want 10.0.0.2
ip netns exec ns1 ping -c 1 -s 65507 10.0.0.2
ip netns exec ns1 ping -c 1 -s 65508 -M dont 10.0.0.2
ip netns exec ns1 ip -s link show veth0
ip netns exec ns2 ip -s link show veth1
# a fragmented datagram to the namespace itself stays whole on lo (MTU 65536)
ip netns exec ns1 ping -c 1 -s 20000 10.0.0.1
