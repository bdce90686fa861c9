# ip addr/link show in every form: filters (label glob, flags, scope, to, master, type, up),
# -4/-6 (the short link header an -6 dump gets), -o, -br, -j (with its {} for filtered entries), -s, -d.
ip netns add a
ip netns add b
ip link add va type veth peer name vb
ip link set va netns a
ip link set vb netns b
ip -n a addr add 10.1.1.1/24 brd + dev va
ip -n a addr add 10.1.1.5/24 dev va label va:1
ip -n a addr add 192.168.7.1/32 peer 192.168.7.2 dev va
ip -n a link set va up
ip -n b link set vb up
ip -n a link set lo up
ip -n a link add br0 type bridge
ip -n a link add x0 type veth peer name x1
ip -n a link set x0 master br0
ip -n a link set x1 up
ip -n a link set x0 up
ip -n a link set br0 up
ip -n a addr add 10.9.0.1/16 dev br0
ip -n a addr show label va:1
ip -n a addr show label 'va*'
ip -n a addr show secondary
ip -n a addr show primary dev va
ip -n a addr show dynamic
ip -n a addr show permanent dev lo
ip -n a addr show scope host
ip -n a addr show scope link
ip -n a -6 addr show
ip -n a -6 -o addr show
ip -n a -4 -o addr show
ip -n a -o link show
ip -n a -o addr show
ip -n a -br addr
ip -n a -br link
ip -n a -br -4 addr show dev va
ip -n a -j -br addr
ip -n a -j -br link
ip -n a -j addr show dev lo
ip -n a -j -4 addr show dev x1
ip -n a -j link show dev x1
ip -n a -j -s link show dev lo
ip -n a -j -s -s link show dev lo
ip -n a -o -s link show dev lo
ip -n a -s addr show dev lo
ip -n a -s -s addr show dev lo
ip -n a link show type bridge
ip -n a link show type veth
ip -n a link show type bridge_slave
ip -n a link show master br0
ip -n a addr show master br0
ip -n a link show nomaster
ip -n a -d link show br0
ip -n a -d link show x0
ip -n a -d addr show dev x0
ip -n a -d link show va
ip -n a -d -o link show lo
ip -n a -j -d link show x1
ip -n a -j -d link show lo
ip -n a -j link show dev nope
ip -n a -j addr show to 10.1.0.0/16
ip -n a addr show to 10.1.1.5
ip -n a addr show to 10.0.0.0/8 scope global
ip -n a addr show scope bogus
ip -n a addr show to bogus
ip -n a addr show label
ip -n a link show master nope
ip -n a -j route show table local
ip -n b -j neigh show
ip -n a -j link show type nope
ip -n a -o -d link show br0
ip -n a link show lo eth0
ip -n a addr show lo lo
ip -n a addr show dev
ip -n a link show group bogus
ip -n a -j link show group default
