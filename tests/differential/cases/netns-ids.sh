# "(id: N)" in ip netns list: a peer namespace gets an id (per viewing
# namespace, from 0) once a link to it is reported; link-netnsid N is printed
# instead of link-netns NAME when the peer namespace has no name (the root).
ip netns add ns1
ip netns add ns2
ip netns add ns3
ip netns list
ip link add v0 type veth peer name v1 netns ns2
ip netns list
ip netns exec ns1 ip link add x0 type veth peer name x1 netns ns3
ip netns list
ip netns exec ns1 ip netns list
ip netns exec ns3 ip netns list
ip netns exec ns2 ip netns list
ip link show v0
ip netns exec ns2 ip link show v1
ip netns exec ns1 ip link show x0
# ns3 has no id for ns1 yet; reporting x1 (whose peer is in ns1) allocates one
ip netns exec ns3 ip netns list
ip netns exec ns3 ip link show x1
ip netns exec ns3 ip netns list
ip link add w0 type veth peer name w1 netns ns1
ip netns list
# moving a device allocates an id for the target in the source namespace
ip netns exec ns2 ip link set v1 netns ns3
ip netns exec ns2 ip netns list
ip netns exec ns3 ip netns list
