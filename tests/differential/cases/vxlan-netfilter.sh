# The encapsulated packets leave through the link namespace's ip_local_out: netfilter's OUTPUT
# and POSTROUTING see the outer UDP datagrams (78 bytes for an ARP, 134 for a ping), and a
# DROP in OUTPUT stops the tunnel, and the device counts that frame as tx dropped
# (iptunnel_xmit_stats after ip_local_out's error). IPv6 is off so that only these packets
# are counted.
ip netns add n1
ip netns add n2
ip link add eth0 netns n1 type veth peer name eth0 netns n2
ip netns exec n1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec n2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n n1 addr add 192.168.1.1/24 dev eth0
ip -n n2 addr add 192.168.1.2/24 dev eth0
ip -n n1 link set eth0 up
ip -n n2 link set eth0 up
ip -n n1 link add vx0 address 02:00:00:00:01:01 type vxlan id 7 remote 192.168.1.2 dstport 4789
ip -n n2 link add vx0 address 02:00:00:00:02:01 type vxlan id 7 remote 192.168.1.1 dstport 4789
ip -n n1 addr add 10.7.0.1/24 dev vx0
ip -n n2 addr add 10.7.0.2/24 dev vx0
ip -n n1 link set vx0 up
ip -n n2 link set vx0 up
ip netns exec n1 iptables -t mangle -A POSTROUTING -p udp --dport 4789
ip netns exec n2 iptables -A INPUT -p udp --dport 4789
ip netns exec n1 ping -c 1 10.7.0.2
ip netns exec n1 iptables -t mangle -vnL POSTROUTING
ip netns exec n2 iptables -vnL INPUT
ip netns exec n1 iptables -A OUTPUT -p udp --dport 4789 -j DROP
ip netns exec n1 ping -c 1 -W 1 10.7.0.2
ip netns exec n1 iptables -vnL OUTPUT
ip netns exec n1 iptables -t mangle -vnL POSTROUTING
ip -n n1 -s link show vx0
