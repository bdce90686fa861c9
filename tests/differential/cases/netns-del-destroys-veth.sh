# Deleting a namespace destroys its veth ends, and with them their peers.
ip netns add ns1
ip link add veth0 type veth peer name veth1 netns ns1
ip link show
ip netns del ns1
# namespace teardown runs asynchronously in the kernel (cleanup_net)
sleep 1
ip link show
ip netns list
