# ip link set: alias, group, allmulticast, multicast, arp, dynamic, trailers, txqueuelen, promisc
# (the user's flag holds one count), carrier/protodown refusals, GSO sizes, and type bridge_slave
# options (state, priority, cost, group_fwd_mask, mcast_router, backup_port, fdb_flush) with errors.
ip netns add a
ip -n a link add va type veth peer name vb
ip -n a link set va alias "uplink port"
ip -n a link show va
ip -n a -j link show va
ip -n a link set va group 5
ip -n a link show va
ip -n a link show group 5
ip -n a link set va allmulticast on
ip -n a link set va multicast off
ip -n a link set va arp off
ip -n a link show va
ip -n a link set va arp on
ip -n a link set va dynamic on
ip -n a link set va trailers on
ip -n a link show va
ip -n a link set va txqueuelen 500
ip -n a link set va qlen 0
ip -n a link show va
ip -n a link add br0 type bridge
ip -n a link set va master br0
ip -n a link set va type bridge_slave cost 10 priority 5 hairpin on learning off
ip -n a -d link show va
ip -n a link set va type bridge_slave state 2
ip -n a link set va type bridge_slave bogus 1
ip -n a link set va promisc on
ip -n a link show va
ip -n a link set dev va protodown on
ip -n a link set va carrier off
ip -n a link set va ifalias "x"
ip -n a link set va gso_max_size 1000
ip -n a link set va numtxqueues 4
ip -n a link add dummy0 type dummy
ip -n a link add link va name va.10 type vlan id 10
ip -n a link del va
ip -n a link show
ip -n a link add p0 type veth peer name p1
ip -n a link add q0 type veth peer name q1
ip -n a link set p0 address 02:00:00:00:01:00
ip -n a link set q0 address 02:00:00:00:02:00
ip -n a link set p0 master br0
ip -n a link set q0 master br0
ip -n a link set p1 up
ip -n a link set q1 up
ip -n a link set p0 up
ip -n a link set q0 up
ip -n a link set br0 up
ip -n a link set p0 type bridge_slave state 2
ip -n a -d link show p0
ip -n a link set p0 type bridge_slave state 4
ip -n a link set p0 type bridge_slave state 5
ip -n a link set p0 type bridge_slave priority 64
ip -n a link set p0 type bridge_slave cost 0
ip -n a link set p0 type bridge_slave group_fwd_mask 2
ip -n a link set p0 type bridge_slave group_fwd_mask 0x4001 mcast_router 2 backup_port q0 proxy_arp_wifi on
ip -n a -d link show p0
ip -n a -j -d link show p0
ip -n a link set p0 type bridge_slave mcast_router 4
ip -n a link set p0 type bridge_slave backup_port p0
ip -n a link set p0 type bridge_slave nobackup_port hairpin maybe
ip -n a link set p0 type bridge_slave fdb_flush
ip -n a link set p1 type bridge_slave cost 5
bridge -n a link
ip -n a link set p1 multicast maybe
ip -n a link set p1 carrier maybe
ip -n a link set p1 group bogus
ip -n a link set p1 alias ""
ip -n a link show p1
ip -n a link set p1 gso_max_size 600000
ip -n a link set p1 gso_max_segs 70000
ip -n a link set p1 gso_max_size 20000 gso_max_segs 100 gro_max_size 30000
ip -n a -d link show p1
ip -n a link set p1 promisc on
ip -n a link set p1 promisc on
ip -n a -d link show p1
ip -n a link set p1 promisc off
ip -n a link set p1 promisc off
ip -n a -d link show p1
