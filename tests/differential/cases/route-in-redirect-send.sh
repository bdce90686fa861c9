# ICMP redirects sent (ip_forward → ip_rt_send_redirect): a packet forwarded out of the device
# it came in on, from a directly connected sender, gets a host redirect naming the next hop
# (IPSKB_DOREDIRECT from __mkroute_input); per sender the first goes at once, the next only
# after 20 ms << the number sent (seq 1, 3 and 6 of requests 30 ms apart); send_redirects 0 on
# the device and conf/all stops them. ping prints them from the datagram ("From X: icmp_seq=N").
ip netns add h1
ip netns add r
ip netns exec h1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec r sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link add eth0 netns h1 type veth peer name eth1 netns r
ip -n h1 link set lo up
ip -n r link set lo up
ip -n h1 addr add 10.0.1.2/24 dev eth0
ip -n h1 addr add 10.0.1.5/24 dev eth0
ip -n r addr add 10.0.1.1/24 dev eth1
ip -n h1 link set eth0 up
ip -n r link set eth1 up
ip -n h1 route add 10.0.3.0/24 via 10.0.1.1
ip -n r route add 10.0.3.0/24 via 10.0.1.5
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r route get 10.0.3.7 from 10.0.1.2 iif eth1
ip netns exec h1 ping -c 6 -i 0.03 -W 1 10.0.3.7
ip netns exec r sysctl -w net.ipv4.conf.eth1.send_redirects=0
ip netns exec h1 ping -c 1 -W 1 10.0.3.7
ip netns exec r sysctl -w net.ipv4.conf.all.send_redirects=0
ip -n r route get 10.0.3.7 from 10.0.1.2 iif eth1
ip netns exec h1 ping -c 1 -W 1 10.0.3.7
ip netns exec r cat /proc/net/snmp
