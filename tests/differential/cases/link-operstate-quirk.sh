# How the kernel computes "state" (operstate, net/core/link_watch.c
# default_operstate) for a running veth without carrier: it looks up the
# PEER'S ifindex IN THE DEVICE'S OWN namespace; if a device with that index
# exists (and is not the device itself) and has no carrier the state is
# LOWERLAYERDOWN, otherwise DOWN. It is only recomputed when the device's own
# carrier changes (and at creation), never on admin up or on a netns move.
ip netns add ns1
ip netns exec ns1 ip link add d0 type veth peer name d1
ip link add veth0 type veth peer name veth1
# created in the root: veth0 (3) looks up index 2 = veth1 (no carrier)
ip link set veth0 up
ip link show veth0
ip link set veth0 down
# ns1 already has 2 (d1) and 3 (d0): veth0 becomes 4 there; the state
# computed in the root namespace travels with it
ip link set veth0 netns ns1
ip netns exec ns1 ip link set veth0 up
ip netns exec ns1 ip link show
ip link set veth1 up
ip netns exec ns1 ip link show veth0
# carrier lost: index 2 in ns1 is d1 (no carrier) -> LOWERLAYERDOWN
ip link set veth1 down
ip netns exec ns1 ip link show veth0
ip netns exec ns1 ip link set d0 up
ip netns exec ns1 ip link set d1 up
# d1 has carrier now, but veth0's carrier did not change: still LOWERLAYERDOWN
ip netns exec ns1 ip link show veth0
ip link set veth1 up
ip link set veth1 down
# recomputed on the carrier change: d1 has carrier -> DOWN
ip netns exec ns1 ip link show veth0
