# ip link add ... peer name X netns Y, and both ends created in other namespaces.
ip netns add ns1
ip netns add ns2
ip link add veth0 type veth peer name veth1 netns ns1
ip link show
ip netns exec ns1 ip link show
ip link add veth2 netns ns1 type veth peer name veth3 netns ns2
ip link show
ip netns exec ns1 ip link show
ip netns exec ns2 ip link show
ip link add veth4 type veth peer name veth5 netns nsX
ip link add veth4 type veth peer name veth1 netns ns1
ip link show
