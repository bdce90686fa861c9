# bridge -j/-p/-o/-d for link and fdb; bridge vlan and mdb on a kernel without VLAN filtering.
ip link add br0 type bridge
ip link add v0 type veth peer name v1
ip link set v0 master br0
bridge vlan show
bridge -j vlan show
bridge vlan show dev v0
bridge vlan add vid 10 dev v0
bridge vlan del vid 1 dev v0
bridge vlan
bridge vlan help
bridge -j link
bridge -j -p link
bridge -o -d link
bridge -j -d link show dev v0
bridge -j fdb show dev v0
bridge -j -s fdb show br br0
bridge -j -p fdb show br br0
bridge mdb show
bridge -j mdb show
