# ethtool on veth, bridge and lo: bridge settings (br_get_link_ksettings: speed of the fastest up port),
# -i (bridge N/A fields, lo not supported, missing device), -l/-P/-T, EOPNOTSUPP for -g/-c/-a/-s, exit statuses.
ip link add br0 type bridge
ip link add vb1 type veth peer name e1
ip link set vb1 master br0
ethtool br0
ethtool -i br0
ethtool -i lo
ethtool -i nosuch
ethtool -S nosuch
ethtool -g vb1
ethtool -g br0
ethtool -g nosuch
ethtool -c vb1
ethtool -a vb1
ethtool -a lo
ethtool -s vb1 speed 1000 duplex full autoneg off
ethtool -s br0 speed 1000
ethtool -s nosuch speed 1000
ethtool -l vb1
ethtool -l br0
ethtool -l lo
ethtool -l nosuch
ethtool -P vb1
ethtool -P br0
ethtool -P lo
ethtool -P nosuch
ethtool -T vb1
ethtool -T br0
ethtool -T lo
ethtool -T nosuch
ethtool
ethtool -x
ethtool -i
ip link set br0 up
ip link set vb1 up
ip link set e1 up
sleep 1
ethtool br0
ethtool -i vb1
ethtool vb1
ethtool nosuch
