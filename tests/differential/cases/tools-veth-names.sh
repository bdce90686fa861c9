# veth naming as veth_newlink does it: the peer registers first (veth%d when unnamed), then the
# device — ip link add veth0 type veth is EEXIST and spends an index; invalid names; txqueuelen parsing
# (get_integer) and its display (qlen -1) in ip and ifconfig.
ip link add veth0 type veth
ip link add type veth peer name veth5
ip link add type veth
ip link add veth7 type veth peer name veth7
ip link add type veth peer name .
ip link add x1 type veth peer name abcdefghijklmnop
ip link add abcdefghijklmnopqrstuvwxyz type veth
ip link add x2 type veth peer name ..
ip link add .. type veth peer name x3
ip link add x4 type veth
ip link add type veth peer name x5 txqueuelen -1
ip link add type veth txqueuelen 0x10
ip link set x4 txqueuelen -2
ip link set x4 txqueuelen 4294967295
ip link set x4 txqueuelen " 5"
ip link set x4 txqueuelen 5x
ip link show
ifconfig x4
ifconfig -s x5
