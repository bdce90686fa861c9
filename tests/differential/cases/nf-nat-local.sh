# NAT of locally generated traffic: DNAT in nat OUTPUT re-routes the packet (the reply comes
# back from the address pinged), REDIRECT sends it to 127.0.0.1 locally (nobody listens: the
# port unreachable comes back and nc gives up), SNAT in INPUT changes
# what the receiving stack sees as source; conntrack shows each translation.
ip netns add peer
ip link add veth0 type veth peer name veth1 netns peer
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip -n peer addr add 10.0.0.2/24 dev veth1
ip -n peer link set veth1 up
ip route add 10.99.0.0/16 via 10.0.0.2
iptables -t nat -A OUTPUT -d 10.99.0.1/32 -p icmp -j DNAT --to-destination 10.0.0.2
ip route get 10.99.0.1
ping -c 2 -i 0.2 -e 21 10.99.0.1
conntrack -L
conntrack -F
iptables -t nat -A OUTPUT -d 10.99.0.2/32 -p udp -j REDIRECT --to-ports 5353
nc -uv -w 1 -p 4000 10.99.0.2 53
conntrack -L
conntrack -F
ip netns exec peer iptables -t nat -A INPUT -s 10.0.0.1/32 -p icmp -j SNAT --to-source 10.0.0.77
ping -c 1 -e 22 10.0.0.2
ip netns exec peer conntrack -L
iptables -t nat -vnL OUTPUT
ip netns exec peer iptables -t nat -vnL INPUT
