# conntrack -I/-A/-G/-U/-D on entries made through ctnetlink (no traffic): both tuples from one,
# timeouts, status bits (-u), marks (the status value lands in the mark when -u follows -m),
# zones for both directions or one, NAT set up at creation, and every output format. Each
# listing shows one entry: the kernel lists in hash order, which is random. In a -R batch every
# update takes its mark from the last line's template (conntrack.c's cur_tmpl).
conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 10 --dport 20 --state ESTABLISHED -t 100
conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 10 --dport 20 --state ESTABLISHED -t 100
conntrack -A -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 10 --dport 20 --state ESTABLISHED -t 100
conntrack -L
conntrack -L -o extended
conntrack -L -o save
conntrack -L -o xml
conntrack -L -o id
conntrack -L -o extended,id
conntrack -L -o labels
conntrack -L -o timestamp,ktimestamp,userspace
conntrack -G -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 10 --dport 20
conntrack -G -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 10 --dport 20 -o xml
conntrack -G -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 11 --dport 20
conntrack -G -p tcp -r 2.2.2.2 -q 1.1.1.1 --reply-port-src 20 --reply-port-dst 10
conntrack -U -p tcp -m 5
conntrack -U -f ipv4 -p tcp -m 5
conntrack -U -f ipv4 -p tcp -m 5
conntrack -U -s 1.1.1.1 -t 500 --state CLOSE
conntrack -U -s 1.1.1.1 -u EXPECTED
conntrack -U -s 1.1.1.1 -u ASSURED
conntrack -L -m 5
conntrack -L -m 4/6
conntrack -L -u ASSURED -o save
conntrack -D -p tcp
conntrack -D -p tcp
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 10 --dport 20 -t 50 -m 7 -u ASSURED
conntrack -L -p udp -o save
conntrack -D -p udp -o xml
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 10 --dport 20 -t 50 -u ASSURED -m 7
conntrack -L -u ASSURED,!SEEN_REPLY
conntrack -L -u UNREPLIED
conntrack -U -f ipv4 -u SEEN_REPLY
conntrack -L -u SEEN_REPLY -o extended
conntrack -D -m 7
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 11 --dport 20 -t 50 -u SEEN_REPLY,FIXED_TIMEOUT
conntrack -L -o save
conntrack -D -u FIXED_TIMEOUT
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 12 --dport 20 -t 50 -u EXPECTED
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 14 --dport 20 -t 50 -w 3
conntrack -L -w 3
conntrack -L -w 3 -o save
conntrack -G -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 14 --dport 20
conntrack -G -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 14 --dport 20 -w 3
conntrack -D -w 3
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 15 --dport 20 -t 50 --orig-zone 4
conntrack -L
conntrack -L -o xml
conntrack -L -o save
conntrack -L --orig-zone 4
conntrack -D -p udp
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 15 --dport 20 -t 50 --reply-zone 5
conntrack -L
conntrack -D -p udp
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 15 --dport 20 -t 50 --orig-zone 5 --reply-zone 5
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 15 --dport 20 -t 50 -w 3 --orig-zone 5
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 --sport 16 --dport 20 -t 50
conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 17 --dport 20 -t 0
conntrack -L
conntrack -I -p icmp -s 1.1.1.1 -d 2.2.2.2 --icmp-type 3 --icmp-code 1 -t 30
conntrack -I -p icmp --icmp-type 8 --icmp-code 0 -s 1.1.1.1 -d 2.2.2.2 -t 30
conntrack -I -p icmp -s 1.1.1.1 -d 2.2.2.2 --icmp-type 13 --icmp-code 1 -t 30
conntrack -L -o save
conntrack -G -p icmp -s 1.1.1.1 -d 2.2.2.2 --icmp-type 13 --icmp-code 1
conntrack -G -p icmp -s 1.1.1.1 -d 2.2.2.2 --icmp-type 13 --icmp-code 1 --icmp-id 0 -o extended
conntrack -D -p icmp --icmp-type 13
conntrack -I -p 99 -s 1.1.1.1 -d 2.2.2.2 -t 30
conntrack -L -p 99 -o xml
conntrack -D -p 0x63
conntrack -I -p gre -s 1.1.1.1 -d 2.2.2.2 --srckey 0x10 --dstkey 0x20 -t 30
conntrack -L -p gre
conntrack -L -p gre -o save
conntrack -D -p gre
conntrack -I -p udplite -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 30
conntrack -L -o xml
conntrack -D -p udplite
conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 --state ESTABLISHED -t 30 --src-nat 9.9.9.9
conntrack -L
conntrack -L -o save
conntrack -L -n 9.9.9.9
conntrack -L -g
conntrack -U -f ipv4 -n 9.9.9.9 -m 1
conntrack -D -p tcp
conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 3 --dport 2 --state SYN_SENT -t 30 --dst-nat 8.8.8.8:99
conntrack -L -o save
conntrack -L -g 8.8.8.8:99
conntrack -L -j 8.8.8.8
conntrack -D -j
conntrack -I -p tcp -r 2.2.2.2 -q 1.1.1.1 --reply-port-src 2 --reply-port-dst 5 --state TIME_WAIT -t 30
conntrack -L -p tcp --sport 5
conntrack -L -p tcp --state TIME_WAIT -o save
conntrack -C
conntrack -I -p udp -s 5.5.5.5 -d 4.4.4.4 --sport 9 --dport 8 -t 60
conntrack -R /work/main/tests/differential/data/conntrack-load.txt
conntrack -L -s 3.3.3.3 -p tcp
conntrack -L -s 3.3.3.3 -p udp -o save
conntrack -F
conntrack -C
