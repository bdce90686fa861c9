# conntrack on connections that traffic made: ping (a fixed identifier with -e), TCP through a
# DNAT rule, UDP refused by an ICMP error, all masqueraded on the way out; the listing formats
# and the filters: by NAT (-n -g -j, with addresses and ports: an ICMP flow counts as
# port-translated, its id never equalling its type), reply tuple, network, status, family.
# Every listing is filtered down to one entry (the kernel lists in hash order), and the case is
# short: the kernel's timeouts run on the wall clock.
ip netns add client
ip netns add server
ip link add veth0 type veth peer name veth1 netns client
ip link add veth2 type veth peer name veth3 netns server
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.1.1/24 dev veth2
ip link set veth0 up
ip link set veth2 up
ip -n client addr add 10.0.0.2/24 dev veth1
ip -n client link set veth1 up
ip -n client route add default via 10.0.0.1
ip -n server addr add 10.0.1.2/24 dev veth3
ip -n server link set veth3 up
sysctl -q net.ipv4.ip_forward=1
conntrack -S
iptables -t nat -A POSTROUTING -o veth2 -j MASQUERADE
iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.1.2:8080
ip netns exec server setsid -f nc -l -k 8080
sleep 0.5
ip netns exec client nc -z -p 5555 10.0.0.1 80
ip netns exec client nc -u -v -w 1 -p 4444 10.0.1.2 53
ip netns exec client ping -c 1 -e 4242 10.0.1.2
conntrack -C
conntrack -L -p icmp
conntrack -L -p icmp -o save
conntrack -L -p icmp -o extended,id
conntrack -L -r 10.0.1.2 -q 10.0.1.1 -p icmp --icmp-type 8
conntrack -L -d 10.0.1.0 --mask-dst 255.255.255.0 -p icmp
conntrack -L -g -p icmp
conntrack -L -j 10.0.1.1 -p icmp
conntrack -L -p tcp
conntrack -L -p tcp -o save
conntrack -L -p tcp -o xml
conntrack -L -g 10.0.1.2:8080
conntrack -L -g 10.0.1.2:80
conntrack -L -p tcp --reply-port-src 8080
conntrack -L -s 10.0.0.2 -d 10.0.0.1
conntrack -L -p udp
conntrack -L -p udp -o save
conntrack -L -n -u UNREPLIED
conntrack -L -d 10.0.1.0/24 -p udp
conntrack -L -u SEEN_REPLY -p udp
conntrack -L -f ipv6
