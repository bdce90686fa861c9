# Ageing in virtual time: with ageing_time 2 s an entry silent for 2 s is gone, one
# refreshed is not; setageing/ageing_time change it; a moved station is found again.
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns add p1
ip netns add p2
ip netns add p3
ip netns exec p1 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec p2 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec p3 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip link add br0 type bridge ageing_time 200 mcast_snooping 0
ip link add vb1 address 02:00:00:00:01:01 type veth peer name eth0 netns p1
ip link add vb2 address 02:00:00:00:01:02 type veth peer name eth0 netns p2
ip link add vb3 address 02:00:00:00:01:03 type veth peer name eth0 netns p3
ip link set vb1 master br0
ip link set vb2 master br0
ip link set vb3 master br0
ip link set br0 up
ip link set vb1 up
ip link set vb2 up
ip link set vb3 up
ip -n p1 addr add 10.1.0.11/24 dev eth0
ip -n p2 addr add 10.1.0.12/24 dev eth0
ip -n p3 addr add 10.1.0.13/24 dev eth0
ip -n p1 link set eth0 up
ip -n p2 link set eth0 up
ip -n p3 link set eth0 up
sleep 1
ip netns exec p1 ping -c 1 10.1.0.12
bridge fdb show br br0 dynamic
sleep 1.4
ip netns exec p1 ping -c 1 10.1.0.13
bridge fdb show br br0 dynamic
sleep 1
bridge fdb show br br0 dynamic
sleep 1.5
bridge fdb show br br0 dynamic
brctl setageing br0 300
ip netns exec p2 ping -c 1 10.1.0.13
sleep 3
bridge fdb show br br0 dynamic
ip link set br0 type bridge ageing_time 100
sleep 0.2
bridge fdb show br br0 dynamic
