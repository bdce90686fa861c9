# conntrack -G, -U and -D on connections that traffic made (ping with a fixed identifier, TCP
# through DNAT, UDP refused, masqueraded): the mark as value/mask, timeouts and status bits set
# by -U and the entry printed after each update; NAT filters on -U and -D. Short, and each
# command touches one entry: the kernel's timeouts run on the wall clock, its lists in hash order.
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
iptables -t nat -A POSTROUTING -o veth2 -j MASQUERADE
iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.1.2:8080
ip netns exec server setsid -f nc -l -k 8080
sleep 0.5
ip netns exec client nc -z -p 5555 10.0.0.1 80
ip netns exec client nc -u -v -w 1 -p 4444 10.0.1.2 53
ip netns exec client ping -c 1 -e 4242 10.0.1.2
conntrack -G -p icmp -s 10.0.0.2 -d 10.0.1.2 --icmp-type 8 --icmp-code 0 --icmp-id 4242
conntrack -G -p icmp -s 10.0.0.2 -d 10.0.1.2 --icmp-type 8 --icmp-code 0
conntrack -G -p tcp -s 10.0.0.2 -d 10.0.0.1 --sport 5555 --dport 80 -o save
conntrack -U -f ipv4 -p icmp -m 3
conntrack -U -f ipv4 -p icmp -m 0x10/0xf0
conntrack -L -m 0x10/0xf0 -p icmp
conntrack -L -m 19
conntrack -U -s 10.0.0.2 -p udp -t 500
conntrack -U -s 10.0.0.2 -p udp -t 500
conntrack -U -s 10.0.0.2 -p udp -u ASSURED
conntrack -L -u ASSURED -p udp
conntrack -U -s 10.0.0.2 -p tcp -n
conntrack -D -r 10.0.1.2 -p icmp -o save
conntrack -D -p tcp --sport 5555 --dport 81
conntrack -D -p tcp -g 10.0.1.2
conntrack -L
conntrack -F
conntrack -C
