# Device walks after a device left the namespace and came back (new ifindex, end of the registration
# list): /proc/net/dev by ifindex (dev_by_index xarray), netstat -i/ifconfig -a by nstrcmp, ip link by index.
ip netns add x
ip netns add y
ip -n x link add a1 type veth peer name a2
ip -n x link add b1 type veth peer name b2
ip -n x link set a1 netns y
ip -n y link set a1 netns x
ip -n x link show
ip netns exec x cat /proc/net/dev
ip netns exec x netstat -ia
ip netns exec x ifconfig -a
ip -n x link set b1 name zz
ip -n x link show
ip netns exec x cat /proc/net/dev
ip -n x -br link
