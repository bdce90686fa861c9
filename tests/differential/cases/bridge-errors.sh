# What ip, bridge and brctl say when asked for something wrong.
ip link add br1 type bridge
ip link add br1 type bridge
ip link add br2 type bridge ageing_time 1000
ip link add br3 type bridge foo 1
ip link add br3 type bridge ageing_time abc
ip link add v1 type veth peer name p1
ip link set v1 master br9
ip link set v1 master p1
ip link set br2 master br1
ip link set lo master br1
ip link set v1 master br1
ip link set v1 master br1
ip link set v1 master br2
ip link show v1
ip link set v1 nomaster
ip link set v1 nomaster
ip link show v1
ip link set br1 type bridge bogus
ip link set v1 type bridge ageing_time 5
ip netns add x
ip link set br1 netns x
ip link set v1 master br1
bridge link set dev p1 hairpin on
bridge link set dev v1 hairpin maybe
bridge link set dev nosuch hairpin on
bridge fdb show br nosuch
bridge fdb show dev nosuch
bridge foo
bridge fdb foo
bridge link foo
brctl addbr br1
brctl addbr a/b
brctl delbr br9
ip link set br1 up
brctl delbr br1
brctl delbr v1
brctl addif br1 nosuch
brctl addif br9 v1
brctl addif br2 v1
brctl addif br1 br2
brctl addif br1 lo
brctl addif v1 p1
brctl delif br2 v1
brctl delif br9 v1
brctl delif v1 p1
brctl show br9
brctl show v1
brctl showmacs br9
brctl showmacs v1
brctl setageing br1 abc
brctl setageing br9 10
brctl setageing v1 10
brctl foo
brctl addif br1
ip link del br1
ip link show
