# bridge link set: costs, priorities, STP states by number and name (blocking turns back to
# forwarding with STP off), port flags, mcast_router, backup_port, self/hwmode, and the errors.
ip netns add a
ip -n a link add br0 type bridge
ip -n a link add p0 type veth peer name p1
ip -n a link set p0 master br0
ip -n a link set p1 up
ip -n a link set p0 up
ip -n a link set br0 up
bridge -n a link set dev p0 cost 7 priority 3
bridge -n a link set dev p0 state 2
bridge -n a link
bridge -n a link set dev p0 state 4
bridge -n a link
bridge -n a link set dev p0 state 7
bridge -n a link set dev p0 state learning
bridge -n a link set dev p0 priority 70
bridge -n a link set dev p0 cost 0
bridge -n a link set dev p0 cost 70000
bridge -n a link set dev p0 mcast_router 2 proxy_arp on neigh_suppress on vlan_tunnel on locked on learning_sync on
bridge -n a -d link
bridge -n a link set dev p0 hwmode vepa
bridge -n a link set dev p0 guard maybe
bridge -n a link set dev p0 backup_port p1
bridge -n a link set dev br0 cost 3
bridge -n a link set dev p1 cost 3
bridge -n a link set dev p0 self cost 3
bridge -n a link set dev p0 isolated on
bridge -n a -d link show dev p0
