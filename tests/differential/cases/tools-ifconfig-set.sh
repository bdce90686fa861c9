# ifconfig: -s/-a listings sorted by nstrcmp with aliases (label NAME:N, no counters); each argument
# one ioctl in order (mtu via atoi and its EINVAL, txqueuelen via strtoul, hw ether, promisc/arp/
# allmulti/trailers/dynamic/multicast, netmask/broadcast, address then IFF_UP|IFF_RUNNING,
# 0.0.0.0 deletes, alias down deletes), usage errors (exit 3), a missing device (exit 255).
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip link add br0 address 02:00:00:00:00:01 type bridge
ip link add vb1 address 02:00:00:00:01:01 type veth peer name e1 address 02:00:00:00:02:01
sleep 1
ifconfig -a
ifconfig -s
ifconfig -a -s
ifconfig vb1 mtu 1400
ifconfig vb1 txqueuelen 77
ifconfig vb1 hw ether 02:00:00:00:01:09
ifconfig vb1 10.2.0.1 netmask 255.255.0.0 broadcast 10.2.255.254
ifconfig vb1
ifconfig vb1 up
ifconfig vb1
ifconfig e1 10.2.0.2/16 up
ifconfig e1
ifconfig vb1 promisc
ifconfig vb1 -arp
ifconfig vb1 allmulti
ifconfig vb1
ifconfig vb1 -promisc arp -allmulti
ifconfig vb1 mtu 65536
ifconfig vb1 mtu 20
ifconfig nosuch up
ifconfig nosuch
ifconfig vb1 down
ifconfig vb1
ifconfig vb1 0.0.0.0
ifconfig vb1
ip addr show vb1
ifconfig vb1:1 10.3.0.1
ifconfig
ip addr show vb1
ifconfig vb1:1 down
ip addr show vb1
ifconfig -s
netstat -i
ifconfig vb1 txqueuelen -1
ifconfig vb1 txqueuelen abc
ifconfig vb1 hw ether zz
ifconfig vb1 hw foo 1
ifconfig vb1 mtu
ifconfig vb1 mtu abc
ifconfig vb1 mtu 0x500
ifconfig nosuch mtu 1400
ifconfig nosuch promisc
ifconfig vb1 up
ifconfig vb1 hw ether 02:00:00:00:01:0a
ifconfig vb1 -x
ifconfig -x
ifconfig vb1:2 10.4.0.1 netmask 255.255.255.0
ifconfig vb1:2
ifconfig vb1:2 0.0.0.0
ifconfig -a
ifconfig vb1:3 10.5.0.1
ifconfig -s
ifconfig vb1:9
ifconfig -s vb1
ifconfig vb1:9 down
ifconfig vb1 netmask 255.0.255.0
ifconfig vb1 metric 2
ifconfig vb1 -dynamic trailers multicast
ifconfig vb1 224.0.0.1
ifconfig vb1 10.9.0.1 netmask 255.255.255.0 netmask 255.0.0.0
ifconfig e1 hw ether 01:00:00:00:00:01
ip addr show
