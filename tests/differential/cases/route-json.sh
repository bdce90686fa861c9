# ip -j route / route get / rule: print_route's and print_rule's JSON objects.
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.1.1/24 dev veth2
ip link set veth0 up
ip link set veth1 up
ip link set veth2 up
ip route add 10.8.0.0/16 via 10.0.0.2 metric 5 proto static
ip route add unreachable 10.9.0.0/16
ip route add 10.10.0.0/16 nexthop via 10.0.0.2 weight 2 nexthop via 10.0.1.2
ip route add 10.11.0.0/16 via 10.0.0.2 table 100 tos 0x10
ip route add 192.168.7.0/24 via 10.0.0.9 dev veth0 onlink
ip -j route
ip -4 -j route show table all
ip -j route show dev veth0
ip -j route show table 100
ip -j route show 10.99.0.0/16
ip -j -d route show 10.8.0.0/16
ip -j route get 10.8.0.1
ip -j route get 10.0.0.1
ip -j route get 10.0.1.255 mark 7
ip -j route get 10.8.0.1 from 10.0.0.1
ip -j route get fibmatch 10.10.0.1
sysctl -w net.ipv4.ip_forward=1
ip -j route get 10.8.0.1 from 10.0.0.7 iif veth0
ip -j rule
ip rule add not from 10.1.0.0/16 fwmark 0x10/0xff table 7 pref 100
ip rule add iif nosuch to 10.2.0.1 tos 0x10 prohibit pref 101
ip rule add goto 5000 pref 102
ip rule add nop pref 103 protocol static
ip rule add from 10.3.0.0/24 lookup main suppress_prefixlength 0 pref 104
ip -j rule
ip -j rule show pref 100
