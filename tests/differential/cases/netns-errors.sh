# Error messages of ip netns.
ip netns add ns1
ip netns add ns1
ip netns del nsX
ip netns delete nsX
ip netns exec nsX ip link show
ip netns exec ns1
ip netns exec ns1 nosuchcmd
ip netns add a/b
ip netns list
