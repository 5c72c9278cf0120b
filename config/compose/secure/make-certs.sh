#!/bin/sh
# The secure compose stack's certificates: one CA, a server certificate for each secured service
# (named by its compose service name, and localhost for its own healthcheck), and client
# certificates for etcd's mutual TLS. docker-compose.secure.yml runs it as the one-shot `certs`
# service (`logpipe certs`) into the `certs` volume; it also runs on any machine with OpenSSL 3:
#
#   sh config/compose/secure/make-certs.sh DIR
#
# Idempotent: when DIR already holds a complete set, nothing changes (delete DIR to renew).
# Keys are unencrypted PKCS#8 PEM, which Kafka's PEM key store, etcd, Elasticsearch and Node all
# read; they are readable by their owner only (uid 1000 in the compose images that read them).
set -eu

dir="${1:-/certs}"
days="${CERT_DAYS:-825}"
servers="kafka elasticsearch etcd"
# etcd's clients: with --client-cert-auth, only certificates the CA signed get in. `operator` is
# for etcdctl and logctl run by a person.
clients="setup logagent logtransfer operator"

command -v openssl >/dev/null 2>&1 || { echo "make-certs: openssl is missing; install OpenSSL 3 (apt-get install openssl)" >&2; exit 2; }
mkdir -p "$dir"
cd "$dir"

complete=yes
for name in ca $servers $clients; do [ -s "$name.crt" ] && [ -s "$name.key" ] || complete=no; done
[ -s kafka-keystore.pem ] || complete=no
if [ "$complete" = yes ]; then
  echo "make-certs: $dir already holds the CA and every certificate; unchanged"
  exit 0
fi

# A partial set (an interrupted run) is made again from scratch: certificates of two CAs would not verify.
rm -f ./*.crt ./*.key ./*.csr ./*.ext ./*.srl kafka-keystore.pem
umask 077

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days "$days" \
  -subj "/CN=logpipe compose CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

# sign NAME SAN: a certificate good for both ends of TLS (Kafka's broker is its own controller's client).
sign() {
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=$2" > "$1.ext"
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" -days "$days" -extfile "$1.ext" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

for name in $servers; do sign "$name" "DNS:$name,DNS:localhost,IP:127.0.0.1"; done
for name in $clients; do sign "$name" "DNS:$name"; done
rm -f ca.srl

# Kafka reads its key and certificate from one PEM file.
cat kafka.key kafka.crt > kafka-keystore.pem
# Certificates are public; keys (and the CA's key) stay readable by their owner only.
chmod 0644 ./*.crt
chmod 0600 ./*.key kafka-keystore.pem
echo "make-certs: wrote the CA, server certificates ($servers) and client certificates ($clients) to $dir"
