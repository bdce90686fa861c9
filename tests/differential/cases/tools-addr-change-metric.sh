# ip addr change/replace with a metric moves the prefix route to it (fib_modify_prefix_metric);
# a replace without one resets it to 0.
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip addr add 10.2.0.1/24 dev veth0 metric 50
ip route show dev veth0
ip addr change 10.2.0.1/24 dev veth0 metric 70
ip addr show dev veth0
ip route show dev veth0
route -n
ip addr replace 10.2.0.1/24 dev veth0
ip route show dev veth0
ip link set veth0 down
ip addr change 10.2.0.1/24 dev veth0 metric 90
ip link set veth0 up
ip route show dev veth0
