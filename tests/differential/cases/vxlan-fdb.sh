# bridge fdb on a VXLAN device's own FDB (ndo_fdb_add/del/dump/get of vxlan_core.c): add
# (EEXIST for an existing MAC), append (another remote, only for the default and multicast
# entries), replace (unicast only), del (one remote or the entry), the dump newest first with
# dst/port/vni/via and -s/-j, get, the default entry a remote creates, and down flushing
# what is neither permanent nor static.
ip link add veth0 type veth peer name veth1
ip link add vx0 type vxlan id 42 dstport 4789
ip link add vx4 type vxlan id 46 dstport 4789 dev veth0 remote 10.0.0.9
bridge fdb show
bridge fdb add 00:00:00:00:00:00 dev vx0 dst 10.0.0.2
bridge fdb add 00:00:00:00:00:00 dev vx0 dst 10.0.0.3
bridge fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.3
bridge fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.3
bridge fdb add 02:00:00:00:00:01 dev vx0 dst 10.0.0.4 self permanent
bridge fdb add 02:00:00:00:00:02 dev vx0 dst 10.0.0.5 port 5555 vni 77 via veth0 static
bridge fdb add 02:00:00:00:00:03 dev vx0 dst 10.0.0.6 dynamic
bridge fdb add 02:00:00:00:00:04 dev vx0
bridge fdb add 02:00:00:00:00:05 dev vx0 dst 10.0.0.7 src_vni 9 port 4789 vni 42
bridge fdb add 02:00:00:00:00:06 dev vx0 dst 10.0.0.8 master
bridge fdb add 02:00:00:00:00:07 dev vx0 dst 10.0.0.8 router
bridge fdb append 02:00:00:00:00:01 dev vx0 dst 10.0.0.9
bridge fdb replace 02:00:00:00:00:01 dev vx0 dst 10.0.0.10
bridge fdb replace 00:00:00:00:00:00 dev vx0 dst 10.0.0.10
bridge fdb replace 02:00:00:00:00:08 dev vx0 dst 10.0.0.11
bridge fdb add 02:00:00:00:00:09 dev vx0 dst fe80::1
bridge fdb add 02:00:00:00:00:09 dev nosuch dst 10.0.0.1
bridge fdb add zz dev vx0 dst 10.0.0.1
bridge fdb add 02:00:00:00:00:09 dst 10.0.0.1
bridge fdb add 02:00:00:00:00:09 dev vx0 dst 10.0.0.1 vni 16777216
bridge fdb add 02:00:00:00:00:09 dev vx0 dst 10.0.0.1 port 70000
bridge fdb add 02:00:00:00:00:09 dev vx0 dst 10.0.0.1 via nosuch
bridge fdb add 02:00:00:00:00:09 dev vx0 dst 10.0.0.1 dst 10.0.0.2
bridge fdb show
bridge fdb show dev vx0
bridge -j fdb show dev vx0
bridge -s fdb show dev vx0
bridge -s -j fdb show dev vx0
bridge fdb show dev vx4
bridge fdb get 02:00:00:00:00:01 dev vx0 self
bridge fdb get 02:00:00:00:00:99 dev vx0 self
bridge fdb del 00:00:00:00:00:00 dev vx0 dst 10.0.0.3
bridge fdb del 00:00:00:00:00:00 dev vx0 dst 10.0.0.99
bridge fdb del 02:00:00:00:00:99 dev vx0
bridge fdb del 02:00:00:00:00:02 dev vx0
bridge fdb show dev vx0
bridge fdb del 00:00:00:00:00:00 dev vx0
bridge fdb show dev vx0
ip link set vx0 up
ip link set vx0 down
bridge fdb show dev vx0
ip link set vx4 type vxlan remote 10.0.0.10
bridge fdb show dev vx4
ip link set vx4 type vxlan remote 0.0.0.0
bridge fdb show dev vx4
ip link set vx4 type vxlan remote 10.0.0.11
bridge fdb show dev vx4
