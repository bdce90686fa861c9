# ip addr del with a peer: no wildcard warning, IFA_ADDRESS is the peer and the prefix length comes from it.
ip link add veth0 type veth peer name veth1
ip addr add 10.5.0.1/24 peer 10.5.0.2 dev veth0
ip addr add 10.6.0.1 peer 10.6.1.0/24 dev veth0
ip addr add 10.7.0.1 peer 10.7.0.2 dev veth0
ip addr del 10.5.0.1 peer 10.5.0.2 dev veth0
ip addr del 10.6.0.1/24 dev veth0
ip addr del 10.6.0.1 peer 10.6.1.0/24 dev veth0
ip addr del 10.7.0.1/32 dev veth0
ip -4 addr show dev veth0
