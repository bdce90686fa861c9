# The bridge's MAC: random until the first port, then the lowest port MAC (recomputed as
# ports come and go), 00:00:00:00:00:00 when the last port leaves; an address set by hand
# sticks. Carrier: no ports -> UNKNOWN; ports but none forwarding -> NO-CARRIER.
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip link add br0 type bridge
ip link set br0 up
ip link show br0
ip link add a1 address 02:00:00:00:00:0b type veth peer name a2 address 02:00:00:00:00:1b
ip link add b1 address 02:00:00:00:00:0a type veth peer name b2 address 02:00:00:00:00:1a
ip link add c1 address 02:00:00:00:00:0c type veth peer name c2 address 02:00:00:00:00:1c
ip link set a1 master br0
ip link show br0
brctl show
ip link set b1 master br0
ip link set c1 master br0
ip link show br0
brctl show br0
bridge fdb show br br0
ip link set a1 up
ip link set a2 up
sleep 1
ip link show br0
bridge link show
ip link set b1 nomaster
ip link show br0
bridge fdb show br br0
ip link set a1 address 02:00:00:00:00:09
ip link show br0
bridge fdb show br br0
ip link set a1 nomaster
ip link set c1 nomaster
ip link show br0
bridge fdb show br br0
brctl show
ip link set a1 master br0
ip link set br0 address 02:00:00:00:00:ff
ip link set b1 master br0
ip link show br0
bridge fdb show br br0
brctl show
ip link set a1 mtu 1400
ip link show br0
ip link del br0
ip link show a1
