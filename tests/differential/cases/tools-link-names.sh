# ip link add/set: names (16 characters: policy validation; '.', 'a/b', blanks), indices spent by a
# veth whose device failed after its peer registered, txqueuelen -1 (qlen -1), flags, alias, the default veth names.
ip link add abcdefghijklmnop type veth peer name q1
ip link add abcdefghijklmno type veth peer name q1
ip link add x1 type veth peer name abcdefghijklmnopq
ip link add x1 type veth peer name x1
ip link add x2 type veth peer name lo
ip link add lo type veth peer name x3
ip link add a/b type veth peer name x4
ip link add "a b" type veth
ip link add . type veth
ip link add x5 type veth
ip link show
ip link set x5 up
ip link set x5 name x6
ip link set x5 down
ip link set x5 name x6
ip link set x6 txqueuelen 50
ip link set x6 qlen 0
ip link set x6 txqueuelen -1
ip link set x6 txqueuelen abc
ip link show x6
ip link set x6 mtu 68
ip link set x6 mtu 65535
ip link set x6 mtu 1280
ip link show x6
ip link set x6 alias "hello world"
ip link show x6
ip link set x6 alias ""
ip link show x6
ip link set x6 arp off
ip link set x6 multicast off
ip link set x6 promisc on
ip link set x6 allmulticast on
ip link show x6
ip link set x6 dynamic on
ip link set x6 trailers on
ip link show x6
ip link del x6
ip link show
ip link del abcdefghijklmno
ip link del q1
ip link del dev
ip link del
ip link add type veth
ip link show
