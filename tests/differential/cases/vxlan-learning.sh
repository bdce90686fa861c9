# Two VTEPs with a default remote and learning on (the defaults): ARP floods to the default
# entry, each side learns the other's MAC from the outer source address, the learned entries
# age (used/updated) and go when the device goes down. The tunnel socket is a kernel UDP
# socket on the port: ss lists it, the devices on the port share it, it goes with the last
# one, and a device whose receive flags differ cannot bind the port again (EADDRINUSE, the
# device stays down with its noop qdisc). tx errors as vxlan_xmit counts them: no FDB entry
# and no default (tx dropped), no route to the remote (carrier), a route back into the device
# (collisions); after sleep 4 all three ARP probes have been counted. IPv6 is off so the
# counters hold only what is sent here.
ip netns add n1
ip netns add n2
ip netns add n3
ip link add eth0 netns n1 type veth peer name eth0 netns n2
ip netns exec n1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec n2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec n3 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n n1 link set lo up
ip -n n2 link set lo up
ip -n n1 addr add 192.168.1.1/24 dev eth0
ip -n n2 addr add 192.168.1.2/24 dev eth0
ip -n n1 link set eth0 up
ip -n n2 link set eth0 up
ip -n n1 link add vx0 address 02:00:00:00:01:01 type vxlan id 7 remote 192.168.1.2 dstport 4789
ip -n n2 link add vx0 address 02:00:00:00:02:01 type vxlan id 7 remote 192.168.1.1 dstport 4789
ip -n n1 addr add 10.7.0.1/24 dev vx0
ip -n n2 addr add 10.7.0.2/24 dev vx0
ip netns exec n1 ss -uan
ip -n n1 link set vx0 up
ip -n n2 link set vx0 up
ip netns exec n1 ss -uan
ip netns exec n1 ping -c 1 10.7.0.2
bridge -n n1 fdb show dev vx0
bridge -n n2 fdb show dev vx0
ip -n n1 neigh show dev vx0
ip -n n1 -s link show vx0
ip -n n2 -s link show vx0
ip -n n1 -s link show eth0
sleep 2
bridge -n n2 -s fdb show dev vx0
ip -n n1 link add vx1 address 02:00:00:00:01:02 type vxlan id 8 dstport 4789 nolearning
ip -n n1 addr add 10.8.0.1/24 dev vx1
ip -n n1 link set vx1 up
ip netns exec n1 ss -uan
ip netns exec n1 ping -c 1 -W 1 10.8.0.2
sleep 4
ip -n n1 -s link show vx1
ip -n n1 link add vx2 address 02:00:00:00:01:03 type vxlan id 9 dstport 4789 remote 10.99.0.1
ip -n n1 addr add 10.9.0.1/24 dev vx2
ip -n n1 link set vx2 up
ip netns exec n1 ping -c 1 -W 1 10.9.0.2
sleep 4
ip -n n1 -s link show vx2
ip -n n1 link add vx3 address 02:00:00:00:01:04 type vxlan id 10 dstport 4789 remote 10.10.0.5
ip -n n1 addr add 10.10.0.1/24 dev vx3
ip -n n1 link set vx3 up
ip netns exec n1 ping -c 1 -W 1 10.10.0.2
sleep 4
ip -n n1 -s link show vx3
ip -n n1 link set vx0 down
ip netns exec n1 ss -uan
bridge -n n1 fdb show dev vx0
ip -n n1 link set vx1 down
ip -n n1 link set vx2 down
ip -n n1 link set vx3 down
ip netns exec n1 ss -uan
ip -n n3 link add vx9 type vxlan id 9 dstport 4789
ip -n n3 link add vx10 type vxlan id 10 dstport 4789 udp6zerocsumrx
ip -n n3 link add vx11 type vxlan id 11 dstport 4789
ip -n n3 link set vx9 up
ip -n n3 link set vx10 up
ip -n n3 link set vx11 up
ip -n n3 link show
ip netns exec n3 nc -lu 4789
ip netns exec n3 ss -uan
