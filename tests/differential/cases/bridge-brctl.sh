# The seed's brctl commands: bridges and ports listed by name (as brctl reads them from
# sysfs), the forward table sorted by MAC with the local entries, setageing, delif, delbr.
brctl addbr br0
brctl addbr br1
brctl show
ip link add a1 address 02:00:00:00:00:0b type veth peer name a2 address 02:00:00:00:00:1b
ip link add b1 address 02:00:00:00:00:0a type veth peer name b2 address 02:00:00:00:00:1a
ip link add c1 address 02:00:00:00:00:0c type veth peer name c2 address 02:00:00:00:00:1c
brctl addif br0 a1
brctl addif br0 b1 c1
brctl addif br1 a2
brctl show
brctl show br1
brctl showmacs br0
bridge link show
brctl setageing br0 2.5
brctl setageing br1 0
brctl delif br0 b1
brctl show br0
brctl showmacs br0
ip link show master br0
ip link set br1 up
brctl delbr br1
ip link set br1 down
brctl delbr br1
brctl delbr br0
brctl show
ip link show
