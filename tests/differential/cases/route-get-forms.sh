# ip route get: -o puts the cache line after a backslash; "connected" without "from" prints the
# route twice (iproute_get sends its unchanged request again); vrf names are checked.
ip link add va type veth peer name vb
ip addr add 10.0.0.1/24 dev va
ip link set va up
ip link set vb up
ip route get 10.0.0.2
ip route get 10.0.0.2 connected
ip -o route get 10.0.0.2
ip -o route get 10.0.0.1
ip -d route get 10.0.0.2
ip route get 10.0.0.2 vrf foo
ip route get 10.0.0.2 from 10.0.0.1 connected
ip route get 10.0.0.1 iif va connected
ip route get 10.0.0.1 from 10.0.0.2 iif va connected
ip -o route get 10.0.0.1 from 10.0.0.2 iif va
ip route get 10.0.0.2 connected oif va
