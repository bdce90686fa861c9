# A VXLAN device created into another namespace keeps its tunnel where it was created: ip link
# shows NAME@ifN (its own index) with link-netnsid.
ip netns add a
ip link add eth9 type veth peer name eth9p
ip link add vx0 netns a type vxlan id 5 dstport 4789 dev eth9
ip link add vx1 netns a type vxlan id 6 dstport 4789
ip -n a link show
ip -n a -j link show vx0
ip -n a -d link show vx1
ip link show eth9
