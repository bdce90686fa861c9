# conntrack (conntrack-tools 1.4.7): the option table and its messages (getopt_long with optional
# arguments, generic_opt_check's legal combinations, the protocol options -p merges in), help,
# version, and the tables that are empty without traffic: counters, expectations, dying and
# unconfirmed lists. -S shows two CPUs; every counter is still zero here.
conntrack -V
conntrack --version expect
conntrack -h
conntrack -h -p tcp
conntrack --help -p 99
conntrack
conntrack -X
conntrack --d
conntrack -L -L
conntrack -L foo
conntrack -h foo
conntrack -D dying
conntrack -U expect
conntrack -A expect
conntrack -s 1.1.1.1
conntrack -L -s
conntrack -L -s abc
conntrack -L -s 1.2.3.4/33
conntrack -L -s 1.2.3.4/a
conntrack -L -r 1.2.3.4/24
conntrack -L -n 1.2.3.4/24
conntrack -L -s 1.2.3.4 -d ::1
conntrack -L -f ipx
conntrack -L -f ipv4 -f ipv6
conntrack -L -p foo
conntrack -L -p 256
conntrack -L -t 10
conntrack -L -e NEW
conntrack -L -b 1000
conntrack -L -i 5
conntrack -L -z -p tcp
conntrack -L --mask-src 255.255.255.0
conntrack -L -j -n
conntrack -L -n :5555
conntrack -L -g 1.2.3.4:
conntrack -L -g 1.2.3.4:abc
conntrack -L -o save,id
conntrack -L -o ,
conntrack -L -o bogus
conntrack -L -u FOO
conntrack -L -u UNSET
conntrack -L -u s
conntrack -L -a 1.2.3.4
conntrack -L --state TIME_WAIT
conntrack -L -p udp --state ESTABLISHED
conntrack -L -p tcp --icmp-type 8
conntrack -L -p tcp --sport
conntrack -L -p tcp --dport 80 --state FOO
conntrack -L -p tcp --tuple-port-src 5
conntrack -L --tuple-src 1.2.3.4
conntrack -L --label foo
conntrack -L --label-add foo
conntrack -C -p tcp
conntrack -F -s 1.2.3.4
conntrack -S -p tcp
conntrack -V -p tcp
conntrack -G
conntrack -G -s 1.1.1.1 -d 2.2.2.2
conntrack -G -p tcp -s 1.1.1.1 -d 2.2.2.2
conntrack -G -p tcp --sport 10 --dport 20
conntrack -I
conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 12 --dport 20 -t 100
conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 12 --dport 20 --state ESTABLISHED
conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 12 --dport 20 --state BOGUS -t 1
conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 10 --state NONE -f ipv4
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 16 --dport 20 -t 50 -c 5
conntrack -I -p udp -s 1.1.1.1 -d ::1 --sport 18 --dport 20 -t 5
conntrack -I -p gre -s 1.1.1.1 -d 2.2.2.2 -t 30
conntrack -I -p sctp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 30
conntrack -I expect -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 10
conntrack -D expect -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2
conntrack -U -f ipv4 -w 3 -t 9
conntrack -R /nonexistent
conntrack -D
conntrack -U
conntrack -L
conntrack --dum
conntrack -Lexpect
conntrack -L expect
conntrack -L dying
conntrack -L unconfirmed
conntrack -C
conntrack --count
conntrack -C expect
conntrack -S
conntrack -S expect
conntrack -F
conntrack -F -f ipv4
conntrack -F expect
