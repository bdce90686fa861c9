# VXLAN devices as iproute2 6.1 and the kernel create them: vxlan_parse_opt's refusals (exit 1
# for its own messages, 255 for invarg/duparg, 2 for the kernel's extack), the default port
# warning (the kernel then uses 8472), the VNI already in use on a port, and ip link del.
ip link add vx0 type vxlan id 42 dstport 4789
ip link add vx1 type vxlan id 43
ip link add vx2 type vxlan
ip link add vx2 type vxlan dstport 4789
ip link add vx3 type vxlan id 16777216 dstport 4789
ip link add vx3 type vxlan id 0x10 dstport 4790 local 10.0.0.1 remote 10.0.0.2
ip link add vx4 type vxlan id 42 dstport 4789
ip link add vx4 type vxlan id 42 dstport 4790
ip link add vx0 type vxlan id 44 dstport 4789
ip link add type vxlan id 45 dstport 4789
ip link show
ip link add vx5 type vxlan id 45 dstport 4789 remote 10.0.0.2 group 239.1.1.1
ip link add vx5 type vxlan id 45 dstport 4789 group 239.1.1.1 remote 10.0.0.2
ip link add vx5 type vxlan id 45 dstport 4789 group 10.0.0.2
ip link add vx5 type vxlan id 45 dstport 4789 group 239.1.1.1
ip link add vx5 type vxlan id 45 dstport 4789 remote 239.1.1.1
ip link add vx5 type vxlan id 45 dstport 4789 remote any
ip link add vx5 type vxlan id 45 dstport 4789 remote 10.0.0.300
ip link add vx5 type vxlan id 45 dstport 4789 local 239.1.1.1
ip link add vx5 type vxlan id 45 dstport 4789 remote 10.0.0.1 remote 10.0.0.2
ip link add vx5 type vxlan id 45 dstport 4789 ttl 256
ip link add vx5 type vxlan id 45 dstport 4789 ttl abc
ip link add vx5 type vxlan id 45 dstport 4789 tos 0x1ff
ip link add vx5 type vxlan id 45 dstport 4789 df maybe
ip link add vx5 type vxlan id 45 dstport 4789 ageing abc
ip link add vx5 type vxlan id 45 dstport 4789 maxaddress lots
ip link add vx5 type vxlan id 45 dstport 4789 srcport 2000 1000
ip link add vx5 type vxlan id 45 dstport 4789 srcport 2000
ip link add vx5 type vxlan id 45 dstport 70000
ip link add vx5 type vxlan id 45 id 46 dstport 4789
ip link add vx5 type vxlan id 45 learning nolearning dstport 4789
ip link add vx5 type vxlan id 45 dev nosuch dstport 4789
ip link add vx5 type vxlan id 45 external dstport 4789
ip link add vx5 type vxlan vnifilter dstport 4789
ip link add vx5 type vxlan id abc dstport 4789
ip link add vx5 type vxlan id 45 flowlabel 5 dstport 4789
ip link add vx5 type vxlan id 45 group
ip link add vx5 type vxlan id 45 foo
ip link add vx5 mtu 40 type vxlan id 45 dstport 4789
ip link add vx5 address 01:00:00:00:00:01 type vxlan id 45 dstport 4789
ip link set vx0 type vxlan dstport 1234
ip link set vx0 type vxlan id 5
ip link set vx0 type vxlan udpcsum
ip link set vx0 type vxlan srcport 1 2
ip link set vx0 type vxlan proxy
ip link set vx0 type vxlan ttl inherit
ip link set vx0 type vxlan l2miss
ip link set vx0 type vxlan maxaddress 5
ip link set vx0 type vxlan group 239.1.1.1
ip link set lo type vxlan ttl 3
ip link set vx0 type vxlan ttl 20 nolearning ageing 100 tos 0x10 df set
ip -d link show vx0
ip link set vx0 type vxlan learning ttl auto tos inherit df inherit remote 10.1.1.1 local 10.1.1.2
ip -d link show vx0
ip link del vx1
ip link del vxlan0
ip link show
