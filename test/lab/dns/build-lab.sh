#!/usr/bin/env bash
# Builds and starts the DNS lab on loopback only:
#   knotd   127.0.0.1:$AUTH_PORT and [::1]:$AUTH_PORT  authoritative for a private signed tree (. -> test. -> <case>.test.)
#   unbound 127.0.0.1:$RES_PORT   validating resolver with our own root anchor, forwarding every
#                                 query to knotd (it never contacts the real root or any other address)
# Usage: LAB=<dir> AUTH_PORT=<port> RES_PORT=<port> bash build-lab.sh
# Writes $LAB/root.ds (the anchor), $LAB/knotd.pid, $LAB/unbound.pid; exits once both answer.
set -euo pipefail
: "${LAB:?LAB directory required}" "${AUTH_PORT:?}" "${RES_PORT:?}"
for b in knotd keymgr kdig unbound ldns-keygen ldns-signzone; do
  command -v "$b" >/dev/null 2>&1 || { echo "missing $b: apt-get install knot knot-dnsutils unbound ldnsutils" >&2; exit 3; }
done
mkdir -p "$LAB"/{zones,storage,ldns}
# shellcheck source=dane-zones.sh
. "$(dirname "${BASH_SOURCE[0]}")/dane-zones.sh"

SOA='SOA ns1.example.test. hostmaster.example.test. 1 3600 600 86400 300'
ts() { date -u -d "$1" +%Y%m%d%H%M%S; }

cat > "$LAB/knot.conf" <<EOF
server:
    rundir: "$LAB"
    listen: [ 127.0.0.1@$AUTH_PORT, ::1@$AUTH_PORT ]
    tcp-max-clients: 50
database:
    storage: "$LAB/storage"
log:
  - target: stderr
    any: warning
policy:
  - id: nsec
    algorithm: ecdsap256sha256
    single-type-signing: on
    nsec3: off
  - id: nsec3-good
    algorithm: ecdsap256sha256
    single-type-signing: on
    nsec3: on
    nsec3-iterations: 0
    nsec3-salt-length: 0
  - id: nsec3-costly
    algorithm: ecdsap256sha256
    single-type-signing: on
    nsec3: on
    nsec3-iterations: 15
    nsec3-salt-length: 8
template:
  - id: default
    storage: "$LAB/zones"
    file: "%s.zone"
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: .
    file: "root.zone"
    dnssec-signing: on
    dnssec-policy: nsec
  - domain: test.
    dnssec-signing: on
    dnssec-policy: nsec
  - domain: example.test.
    dnssec-signing: on
    dnssec-policy: nsec
  - domain: single.test.
    dnssec-signing: on
    dnssec-policy: nsec3-good
  - domain: nsec3iter.test.
    dnssec-signing: on
    dnssec-policy: nsec3-costly
  - domain: dsmismatch.test.
    dnssec-signing: on
    dnssec-policy: nsec3-good
  - domain: expired.test.
  - domain: expiring.test.
  - domain: weakalg.test.
  - domain: insecure.test.
  - domain: mailcases.test.
EOF
dane_knot_conf >> "$LAB/knot.conf"
# Extra unsigned zones whose files the caller wrote to $LAB/zones (the mail lab: one zone per case).
for z in ${EXTRA_ZONES:-}; do printf '  - domain: %s.\n' "$z" >> "$LAB/knot.conf"; done
KM="keymgr -c $LAB/knot.conf"
for z in . test. example.test. single.test. nsec3iter.test. dsmismatch.test.; do
  $KM "$z" generate algorithm=ecdsap256sha256 ksk=yes zsk=yes >/dev/null
done

# ---- example.test: the well-configured zone (negative control for most ids) ----
cat > "$LAB/zones/example.test.zone" <<EOF
\$ORIGIN example.test.
\$TTL 300
@          $SOA
@          NS    ns1.example.test.
@          NS    ns2.example.test.
ns1        A     127.0.0.1
ns1        AAAA  ::1
ns2        A     127.0.0.2
ns2        AAAA  ::2
@          A     127.0.0.1
@          AAAA  ::1
www        CNAME example.test.
@          MX    10 mail.example.test.
mail       A     127.0.0.1
mail       AAAA  ::1
@          TXT   "v=spf1 mx ip4:192.0.2.0/24 -all"
@          TXT   "site-verification=abc" "second-string"
_dmarc     TXT   "v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@example.test"
@          CAA   0 issue "scorifya-lab-ca.test; validationmethods=dns-01"
@          CAA   0 issuewild ";"
@          CAA   0 iodef "mailto:security@example.test"
_mta-sts   TXT   "v=STSv1; id=20240101T000000;"
_smtp._tls TXT   "v=TLSRPTv1; rua=mailto:tlsrpt@example.test"
mta-sts    A     127.0.0.1
default._bimi TXT "v=BIMI1; l=https://example.test/logo.svg"
selector1._domainkey TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
sub        A     127.0.0.1
*.wild     A     127.0.0.1
dangling   CNAME gone.nonexistent.test.
staging    CNAME ghost-app.herokuapp.com.
critcaa    CAA   128 tbs "unknown-critical-tag"
badcaa     CAA   0 issue "not a domain!"
othercaa   CAA   0 issue "other-ca.test"
othercaa   A     127.0.0.1
dmarc-extrua-ok.mailcases.test._report._dmarc.reports TXT "v=DMARC1"
EOF

# ---- single.test: one name server without IPv6, host without AAAA ----
cat > "$LAB/zones/single.test.zone" <<EOF
\$ORIGIN single.test.
\$TTL 300
@   $SOA
@   NS  ns.single.test.
ns  A   127.0.0.1
@   A   127.0.0.1
@   TXT "v=spf1 -all"
@   MX  0 .
_dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@single.test"
EOF

for z in nsec3iter dsmismatch expired expiring weakalg insecure; do
  cat > "$LAB/ldns/$z.test.zone" <<EOF
\$ORIGIN $z.test.
\$TTL 300
@   $SOA
@   NS  ns1.example.test.
@   A   127.0.0.1
EOF
done
cp "$LAB/ldns/nsec3iter.test.zone" "$LAB/ldns/dsmismatch.test.zone" "$LAB/zones/"
echo '@ TXT "v=spf1 +all"' >> "$LAB/ldns/insecure.test.zone"
echo '@ TXT "v=spf1 -all"' >> "$LAB/ldns/insecure.test.zone"
cp "$LAB/ldns/insecure.test.zone" "$LAB/zones/"

# Offline-signed zones: signature windows in the past / about to end, and RSA/SHA-1.
sign() { # zone algorithm inception expiration [bits]
  local z=$1 alg=$2 inc=$3 exp=$4 bits=${5:-}
  ( cd "$LAB/ldns" && K=$(ldns-keygen -a "$alg" ${bits:+-b $bits} -k "$z") &&
    ldns-signzone -i "$inc" -e "$exp" -f "$LAB/zones/$z.zone" "$z.zone" "$K" &&
    ldns-key2ds -n -2 "$K.key" | sed 's/\tIN\t/ /' > "$z.ds" )
}
sign expired.test ECDSAP256SHA256 20200101000000 20200201000000
sign expiring.test ECDSAP256SHA256 "$(ts '-14 days')" "$(ts '+4 hours')"
sign weakalg.test RSASHA1 "$(ts '-1 day')" "$(ts '+20 days')" 2048

# ---- DANE (TLSA) zones: test/lab/dns/dane-zones.sh ----
dane_zones

# ---- mailcases.test: one subdomain per e-mail / record case (unsigned) ----
{
  cat <<EOF
\$ORIGIN mailcases.test.
\$TTL 300
@            $SOA
@            NS    ns1.example.test.
@            A     127.0.0.1
spf-missing  TXT   "hello=world"
spf-multiple TXT   "v=spf1 -all"
spf-multiple TXT   "v=spf1 ~all"
spf-plusall  TXT   "v=spf1 +all"
spf-neutral  TXT   "v=spf1 a ?all"
spf-neutral  A     127.0.0.1
spf-noall    TXT   "v=spf1 ip4:192.0.2.1"
spf-syntax   TXT   "v=spf1 ip4:999.1.1.1 frobnicate:x -all"
spf-loop     TXT   "v=spf1 include:spf-loop.mailcases.test -all"
spf-void     TXT   "v=spf1 a:nx1.mailcases.test a:nx2.mailcases.test a:nx3.mailcases.test -all"
spf-incmissing TXT "v=spf1 include:nospf.mailcases.test -all"
nospf        A     127.0.0.1
spf-redirect TXT   "v=spf1 redirect=spf-good.mailcases.test"
spf-good     TXT   "v=spf1 ip4:192.0.2.0/24 -all"
spf-many     TXT   "v=spf1 include:i1.mailcases.test include:i2.mailcases.test include:i3.mailcases.test include:i4.mailcases.test include:i5.mailcases.test include:i6.mailcases.test -all"
; exists: with the sender's address as a macro: a wildcard answers for every sender; the control lists one address
spf-exists   TXT   "v=spf1 exists:%{i}._spf.spf-exists.mailcases.test -all"
*._spf.spf-exists A 127.0.0.2
spf-exists-ok TXT  "v=spf1 exists:%{i}._spf.spf-exists-ok.mailcases.test -all"
192.0.2.25._spf.spf-exists-ok A 127.0.0.2
EOF
  for i in 1 2 3 4 5 6; do printf 'i%s TXT "v=spf1 a -all"\ni%s A 127.0.0.1\n' "$i" "$i"; done
  cat <<EOF
_dmarc.dmarc-none      TXT "v=DMARC1; p=none; rua=mailto:d@dmarc-none.mailcases.test"
_dmarc.dmarc-multiple  TXT "v=DMARC1; p=reject; rua=mailto:d@dmarc-multiple.mailcases.test"
_dmarc.dmarc-multiple  TXT "v=DMARC1; p=none; rua=mailto:d@dmarc-multiple.mailcases.test"
_dmarc.dmarc-syntax    TXT "v=DMARC1, p=reject"
_dmarc.dmarc-norep     TXT "v=DMARC1; p=reject"
_dmarc.dmarc-extrua    TXT "v=DMARC1; p=reject; rua=mailto:agg@reports.example.test"
_dmarc.dmarc-extrua-ok TXT "v=DMARC1; p=reject; rua=mailto:agg@reports.example.test"
dmarc-missing          A   127.0.0.1
mx-nosts     MX    10 mail.example.test.
mx-badsts    MX    10 mail.example.test.
_mta-sts.mx-badsts   TXT "v=STSv1; id=not-valid!"
_smtp._tls.mx-badsts TXT "v=TLSRPTv1; rua=ftp://reports.example.test"
mx-badpolicy MX    10 mail.example.test.
_mta-sts.mx-badpolicy   TXT "v=STSv1; id=abc123"
_smtp._tls.mx-badpolicy TXT "v=TLSRPTv1; rua=mailto:tls@example.test"
nullmx       MX    0 .
nullmx       TXT   "v=spf1 -all"
_dmarc.nullmx TXT  "v=DMARC1; p=reject; rua=mailto:d@nullmx.mailcases.test"
loop1        CNAME loop2.mailcases.test.
loop2        CNAME loop1.mailcases.test.
nonascii     TXT   "v=spf1 caf\195\169 \255\001 -all"
EOF
  # 64 KiB of TXT in one record (250 strings of 255 bytes) and 300 separate TXT records.
  x255=$(printf '%0255d' 0); x255=${x255//0/x}; big='big TXT'
  for ((i = 0; i < 250; i++)); do big+=" \"$x255\""; done; echo "$big"
  for ((i = 1; i <= 300; i++)); do echo "many TXT \"record-$i\""; done
} > "$LAB/zones/mailcases.test.zone"

{
  cat <<EOF
\$ORIGIN test.
\$TTL 300
@            $SOA
@            NS   ns1.example.test.
ns1.example  A    127.0.0.1
ns1.example  AAAA ::1
ns2.example  A    127.0.0.2
ns2.example  AAAA ::2
ns.single    A    127.0.0.1
example      NS   ns1.example.test.
example      NS   ns2.example.test.
single       NS   ns.single.test.
EOF
  for z in nsec3iter dsmismatch expired expiring weakalg insecure mailcases; do echo "$z NS ns1.example.test."; done
  for z in ${EXTRA_ZONES:-}; do echo "$z. NS ns1.example.test."; done
  echo 'dsmismatch DS 4711 13 2 0000000000000000000000000000000000000000000000000000000000000000'
  for z in example.test. single.test. nsec3iter.test.; do $KM "$z" ds | grep ' 13 2 '; done
  cat "$LAB/ldns/expired.test.ds" "$LAB/ldns/expiring.test.ds" "$LAB/ldns/weakalg.test.ds"
  dane_delegations
} > "$LAB/zones/test.zone"

{
  cat <<EOF
\$ORIGIN .
\$TTL 300
@                 $SOA
@                 NS   ns1.example.test.
test.             NS   ns1.example.test.
ns1.example.test. A    127.0.0.1
ns1.example.test. AAAA ::1
EOF
  $KM test. ds | grep ' 13 2 '
} > "$LAB/zones/root.zone"

knotd -c "$LAB/knot.conf" > "$LAB/knotd.log" 2>&1 &
echo $! > "$LAB/knotd.pid"

$KM . ds | grep ' 13 2 ' > "$LAB/root.ds"
cat > "$LAB/unbound.conf" <<EOF
server:
    interface: 127.0.0.1
    port: $RES_PORT
    do-ip6: no
    outgoing-interface: 127.0.0.1
    do-not-query-localhost: no
    access-control: 127.0.0.0/8 allow
    username: ""
    chroot: ""
    directory: "$LAB"
    pidfile: ""
    use-syslog: no
    logfile: ""
    verbosity: 0
    num-threads: 1
    module-config: "validator iterator"
    trust-anchor-file: "$LAB/root.ds"
    local-zone: "test." nodefault
    ede: yes
    val-log-level: 2
    cache-max-ttl: 0
    cache-max-negative-ttl: 0
    val-bogus-ttl: 0
    msg-buffer-size: 65552
remote-control:
    control-enable: no
forward-zone:
    name: "."
    forward-addr: 127.0.0.1@$AUTH_PORT
EOF
unbound -d -c "$LAB/unbound.conf" > "$LAB/unbound.log" 2>&1 &
echo $! > "$LAB/unbound.pid"

ready() {
  local a r
  a=$(kdig @127.0.0.1 -p "$AUTH_PORT" +short +timeout=1 +retry=0 mailcases.test SOA 2>/dev/null || true)
  r=$(kdig @127.0.0.1 -p "$RES_PORT" +timeout=1 +retry=0 +dnssec example.test SOA 2>/dev/null || true)
  [[ -n $a && $r == *"Flags: qr rd ra ad"* ]]
}
for _ in $(seq 1 100); do ready && break; sleep 0.05; done
ready || { echo "DNS lab failed to start" >&2; cat "$LAB/knotd.log" "$LAB/unbound.log" >&2; exit 1; }
