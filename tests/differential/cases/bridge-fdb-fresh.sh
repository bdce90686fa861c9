# What `bridge fdb show` lists for a fresh bridge (its random MAC as a local entry, the
# self multicast entries of IPv6/IPv4/snooping) and as ports join, go up and get carrier.
# p1 has IPv6 disabled so that it sends nothing the bridge could learn.
ip link add br1 type bridge
bridge fdb show
ip link show br1
ip link set br1 up
bridge fdb show
ip link show br1
ip link add v1 type veth peer name p1
sysctl -w net.ipv6.conf.p1.disable_ipv6=1
bridge fdb show
ip link set v1 master br1
bridge fdb show
bridge link show
ip link show br1
ip link set v1 up
bridge fdb show br br1
bridge link show
ip link set p1 up
sleep 1
bridge fdb show
bridge fdb show dev v1
bridge fdb show br br1 dynamic
bridge link show
ip link show
ip link show type bridge
ip link show type bridge_slave
ip link show master br1
brctl show
brctl showmacs br1
ip link set br1 down
bridge fdb show br br1
ip link set br1 up
# linkwatch may take up to a second to report the regained carrier
sleep 2
bridge fdb show br br1
