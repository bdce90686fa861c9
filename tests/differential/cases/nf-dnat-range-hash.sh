# DNAT to an address range picks the address as find_best_ips_proto does: jhash2 of the source
# seeded with the original destination (0 with --persistent), scaled into the range.
ip netns add client
ip link add veth0 type veth peer name veth1 netns client
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip -n client addr add 10.0.0.2/24 dev veth1
ip -n client addr add 10.0.0.3/24 dev veth1
ip -n client addr add 10.0.0.4/24 dev veth1
ip -n client link set veth1 up
ip -n client route add 10.96.0.0/16 via 10.0.0.1
ip link add d0 type veth peer name d1
ip link set d1 up
ip link set d0 up
ip addr add 10.200.0.1/24 dev d0
ip addr add 10.200.0.2/24 dev d0
ip addr add 10.200.0.3/24 dev d0
ip addr add 10.200.0.4/24 dev d0
ip addr add 10.200.0.5/24 dev d0
ip addr add 10.200.0.6/24 dev d0
ip addr add 10.200.0.7/24 dev d0
ip addr add 10.200.0.8/24 dev d0
ip addr add 10.200.0.9/24 dev d0
iptables -t nat -A PREROUTING -d 10.96.0.5 -p udp -j DNAT --to-destination 10.200.0.1-10.200.0.9
iptables -t nat -A PREROUTING -d 10.96.0.6 -p udp -j DNAT --to-destination 10.200.0.1-10.200.0.9 --persistent
iptables -t nat -A PREROUTING -d 10.96.0.7 -p udp -j DNAT --to-destination 10.200.0.1:1000-1009
ip netns exec client nc -uv -w 1 -s 10.0.0.2 -p 5000 10.96.0.5 53
conntrack -L -s 10.0.0.2 -d 10.96.0.5
ip netns exec client nc -uv -w 1 -s 10.0.0.3 -p 5000 10.96.0.5 53
conntrack -L -s 10.0.0.3 -d 10.96.0.5
ip netns exec client nc -uv -w 1 -s 10.0.0.4 -p 5000 10.96.0.5 53
conntrack -L -s 10.0.0.4 -d 10.96.0.5
ip netns exec client nc -uv -w 1 -s 10.0.0.2 -p 5000 10.96.0.6 53
conntrack -L -s 10.0.0.2 -d 10.96.0.6
ip netns exec client nc -uv -w 1 -s 10.0.0.3 -p 5000 10.96.0.6 53
conntrack -L -s 10.0.0.3 -d 10.96.0.6
ip netns exec client nc -uv -w 1 -s 10.0.0.4 -p 5001 10.96.0.6 53
conntrack -L -s 10.0.0.4 -d 10.96.0.6
