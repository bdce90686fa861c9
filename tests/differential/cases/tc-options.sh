# tc global options in tc.c order: -n is -netns, -c is -cf (it takes the next word), -s/-d.
ip netns add a
tc -n a qdisc show
tc -n nosuch qdisc show
tc -c qdisc show
tc -s -d qdisc show dev lo
tc -V
