# arp (net-tools 2.10) over /proc/net/arp: both styles, filters, -s/-d/-Ds and their errors; the
# resolver's two failure messages in arp, ifconfig and route. One entry at a time: the kernel's
# neighbour hash order is random.
ip netns add a
ip netns add b
ip link add va netns a type veth peer name vb netns b
ip -n a addr add 10.1.1.1/24 dev va
ip -n b addr add 10.1.1.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip netns exec a arp -n
ip netns exec a arp -n -i va
ip netns exec a ping -c 1 -W 1 10.1.1.9
ip netns exec a arp -n
ip netns exec a arp -an
ip netns exec a cat /proc/net/arp
ip netns exec a arp -d 10.1.1.9
ip netns exec a arp -v -n
ip netns exec a ping -c 1 -W 1 10.1.1.2
ip netns exec a arp -n
ip netns exec a arp -an
ip netns exec a arp -a
ip netns exec a arp
ip netns exec a arp -e
ip netns exec a arp -n -i va
ip netns exec a arp -n -i lo
ip netns exec a arp -v -n
ip netns exec a arp -n 10.1.1.2
ip netns exec a arp -n 10.1.1.50
ip netns exec a arp -a 10.1.1.50
ip netns exec a arp -n 10.1.1.2 -i va
ip netns exec a cat /proc/net/arp
ip netns exec a arp -d 10.1.1.2
ip netns exec a arp -n
ip netns exec a arp -s 10.1.1.7 02:00:00:00:00:07
ip netns exec a arp -n
ip netns exec a arp -an
ip -n a neigh
ip netns exec a cat /proc/net/arp
ip netns exec a arp -d 10.1.1.7
ip netns exec a arp -s 10.1.1.8 02:00:00:00:00:08 temp
ip netns exec a arp -n
ip -n a neigh
ip netns exec a arp -d 10.1.1.8
ip netns exec a arp -Ds 10.1.1.11 va
ip netns exec a arp -e -n
ip netns exec a arp -d 10.1.1.11
ip netns exec a arp -s 10.1.1 02:00:00:00:00:0a
ip netns exec a arp -n
ip netns exec a arp -d 10.1.1
ip netns exec a arp -d 10.1.1.8
ip netns exec a arp -d 10.1.1.8 pub
ip netns exec a arp -s 10.1.1.7 zz
ip netns exec a arp -s 10.9.9.9 02:00:00:00:00:07
ip netns exec a arp -s 10.1.1.9 02:00:00:00:00:09 dev nope
ip netns exec a arp -s 127.0.0.5 02:00:00:00:00:09
ip netns exec a arp -d 10.9.9.9
ip netns exec a arp -d
ip netns exec a arp -s 10.1.1.10
ip netns exec a arp -n bogus
ip netns exec a arp -d bogus
ip netns exec a arp -x
ip netns exec a arp --foo
ip netns exec a arp -i
ip netns exec a arp -H foo
ip netns exec a arp -V
ip netns exec a ifconfig lo bogus
ip netns exec a ifconfig lo netmask bogus
ip netns exec a ifconfig lo broadcast bogus
ip netns exec a route add -host bogus dev lo
ip netns exec a route add -net bogus dev lo
ip netns exec a route add bogus dev lo
ip netns exec a route add -net 10.0.0.0 netmask bogus dev lo
ip netns exec a route add -host 10.0.0.1 gw bogus
ip netns exec a route del -host bogus
ip link add vx netns a type veth peer name vy
ip netns exec a ifconfig vx 10.1.1.1 netmask 255.255.255.0 broadcast 10.1.1.127 up
ip -n a addr show dev vx
ip -n a route show table local
ip netns exec a ifconfig vx broadcast 10.1.1.200
ip -n a addr show dev vx
ip netns exec a ifconfig vx
ip netns exec a ifconfig lo broadcast 10.1.1.200
