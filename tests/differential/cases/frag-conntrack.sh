# Fragments through a router, without and with connection tracking. Without conntrack the
# router forwards fragments as fragments (the 1500-byte one is cut again for the 1400 link), so
# its filter rule `-f -j DROP` sees and drops the non-first fragment and the ping dies. A NAT
# rule turns conntrack on, and with it nf_defrag_ipv4 at PRE_ROUTING: FORWARD then sees whole
# datagrams (the -f rule matches nothing, the policy counts 2028-byte packets), which leave
# re-fragmented at min(MTU, largest fragment). IPv6 is off on every link so the link counters
# hold only ARP and IPv4 frames.
ip netns add a
ip netns add r
ip netns add b
ip link add eth0 netns a type veth peer name ra netns r
ip link add rb netns r type veth peer name eth0 netns b
ip netns exec a sysctl -w net.ipv6.conf.eth0.disable_ipv6=1
ip netns exec r sysctl -w net.ipv6.conf.ra.disable_ipv6=1
ip netns exec r sysctl -w net.ipv6.conf.rb.disable_ipv6=1
ip netns exec b sysctl -w net.ipv6.conf.eth0.disable_ipv6=1
ip -n a addr add 10.0.1.1/24 dev eth0
ip -n r addr add 10.0.1.254/24 dev ra
ip -n r addr add 10.0.2.254/24 dev rb
ip -n b addr add 10.0.2.2/24 dev eth0
ip -n r link set rb mtu 1400
ip -n b link set eth0 mtu 1400
ip -n a link set eth0 up
ip -n r link set ra up
ip -n r link set rb up
ip -n b link set eth0 up
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r iptables -A FORWARD -f -j DROP
ip netns exec a ping -c 1 -W 1 -s 2000 10.0.2.2
ip netns exec r iptables -L FORWARD -v -n
ip netns exec r iptables -t nat -A POSTROUTING -o rb -j MASQUERADE
ip netns exec a ping -c 2 -i 0.2 -s 2000 10.0.2.2
ip netns exec r iptables -L FORWARD -v -n
ip netns exec b ip -s link show eth0
ip netns exec a ip -s link show eth0
