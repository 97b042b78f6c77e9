# DANE (TLSA) cases of the DNS lab, sourced by build-lab.sh. Kept apart from the other zones: one
# function per place the build needs them (knot's zone list, the zone files, test.'s delegations).
#   dane.test.          signed (NSEC): MX and web hosts with matching, mismatching, DANE-TA, PKIX,
#                       single-record, aliased (CNAME) and absent TLSA records
#   danensec3.test.     signed (NSEC3): one MX with TLSA, one without (denial by NSEC3)
#   daneunsigned.test.  unsigned delegation: TLSA published where no one can validate it
#   danebogus.test.     signed offline, then the TLSA data changed: its signature no longer verifies
# The certificates the records describe are made here too, in $LAB/dane/ (lab CA, leaf, next key),
# so a test serves exactly what the records match: leaf.pem + ca.pem (chain), leaf.key.
DANE_SIGNED=(dane.test. danensec3.test.)

dane_knot_conf() {
  cat <<EOT
  - domain: dane.test.
    dnssec-signing: on
    dnssec-policy: nsec
  - domain: danensec3.test.
    dnssec-signing: on
    dnssec-policy: nsec3-good
  - domain: daneunsigned.test.
  - domain: danebogus.test.
EOT
}

dane_certificates() {
  local d="$LAB/dane"
  mkdir -p "$d"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/ca.key" -out "$d/ca.pem" \
    -days 30 -subj "/CN=Scorifya DANE lab CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/leaf.key" -out "$d/leaf.csr" \
    -subj "/CN=mx-good.dane.test" 2>/dev/null
  printf 'subjectAltName=DNS:*.dane.test,DNS:*.danensec3.test,DNS:*.daneunsigned.test,DNS:*.danebogus.test\nbasicConstraints=CA:FALSE\n' > "$d/leaf.ext"
  openssl x509 -req -in "$d/leaf.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
    -extfile "$d/leaf.ext" -out "$d/leaf.pem" 2>/dev/null
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/next.key" 2>/dev/null
  cat "$d/leaf.pem" "$d/ca.pem" > "$d/chain.pem"
  LEAF_SPKI=$(openssl pkey -in "$d/leaf.key" -pubout -outform DER | sha256sum | cut -d' ' -f1)
  NEXT_SPKI=$(openssl pkey -in "$d/next.key" -pubout -outform DER | sha256sum | cut -d' ' -f1)
  CA_CERT=$(openssl x509 -in "$d/ca.pem" -outform DER | sha256sum | cut -d' ' -f1)
  WRONG=$(printf 'no certificate has this digest' | sha256sum | cut -d' ' -f1)
  printf 'LEAF_SPKI=%s\nNEXT_SPKI=%s\nCA_CERT=%s\nWRONG=%s\n' "$LEAF_SPKI" "$NEXT_SPKI" "$CA_CERT" "$WRONG" > "$d/digests"
}

dane_zones() {
  dane_certificates
  for z in "${DANE_SIGNED[@]}"; do $KM "$z" generate algorithm=ecdsap256sha256 ksk=yes zsk=yes >/dev/null; done
  cat > "$LAB/zones/dane.test.zone" <<EOT
\$ORIGIN dane.test.
\$TTL 300
@                   $SOA
@                   NS    ns1.example.test.
@                   A     127.0.0.1
@                   MX    10 mx-good.dane.test.
mx-good             A     127.0.0.1
_25._tcp.mx-good    TLSA  3 1 1 $LEAF_SPKI
_25._tcp.mx-good    TLSA  3 1 1 $NEXT_SPKI
mx-single           A     127.0.0.1
_25._tcp.mx-single  TLSA  3 1 1 $LEAF_SPKI
mx-bad              A     127.0.0.1
_25._tcp.mx-bad     TLSA  3 1 1 $WRONG
mx-ta               A     127.0.0.1
_25._tcp.mx-ta      TLSA  2 0 1 $CA_CERT
mx-pkix             A     127.0.0.1
_25._tcp.mx-pkix    TLSA  1 1 1 $LEAF_SPKI
mx-alias            A     127.0.0.1
_25._tcp.mx-alias   CNAME _25._tcp.mx-good.dane.test.
mx-none             A     127.0.0.1
www                 A     127.0.0.1
_443._tcp.www       TLSA  3 1 1 $LEAF_SPKI
www-bad             A     127.0.0.1
_443._tcp.www-bad   TLSA  3 1 1 $WRONG
EOT
  cat > "$LAB/zones/danensec3.test.zone" <<EOT
\$ORIGIN danensec3.test.
\$TTL 300
@                   $SOA
@                   NS    ns1.example.test.
@                   A     127.0.0.1
mx-good             A     127.0.0.1
_25._tcp.mx-good    TLSA  3 1 1 $LEAF_SPKI
_25._tcp.mx-good    TLSA  3 1 1 $NEXT_SPKI
mx-none             A     127.0.0.1
EOT
  cat > "$LAB/zones/daneunsigned.test.zone" <<EOT
\$ORIGIN daneunsigned.test.
\$TTL 300
@                   $SOA
@                   NS    ns1.example.test.
@                   A     127.0.0.1
mx                  A     127.0.0.1
_25._tcp.mx         TLSA  3 1 1 $LEAF_SPKI
www                 A     127.0.0.1
_443._tcp.www       TLSA  3 1 1 $LEAF_SPKI
EOT
  # Signed over NEXT_SPKI, then the data swapped for the leaf's: the record matches the certificate,
  # its signature does not match the record.
  cat > "$LAB/ldns/danebogus.test.zone" <<EOT
\$ORIGIN danebogus.test.
\$TTL 300
@                   $SOA
@                   NS    ns1.example.test.
@                   A     127.0.0.1
mx                  A     127.0.0.1
_25._tcp.mx         TLSA  3 1 1 $NEXT_SPKI
EOT
  sign danebogus.test ECDSAP256SHA256 "$(ts '-1 day')" "$(ts '+20 days')"
  sed -i "s/$NEXT_SPKI/$LEAF_SPKI/I" "$LAB/zones/danebogus.test.zone"
  grep -qi "$LEAF_SPKI" "$LAB/zones/danebogus.test.zone" || { echo "danebogus: TLSA data not swapped" >&2; exit 1; }
}

dane_delegations() {
  for z in dane danensec3 daneunsigned danebogus; do echo "$z NS ns1.example.test."; done
  for z in "${DANE_SIGNED[@]}"; do $KM "$z" ds | grep ' 13 2 '; done
  cat "$LAB/ldns/danebogus.test.ds"
}
