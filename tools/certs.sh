#!/usr/bin/env bash
# Certificates of HospitalInbound, the hospital-side gRPC port (mutual TLS), made with the openssl CLI.
#   tools/certs.sh init <dir>                 hospital CA + server certificate (kept if present)
#   tools/certs.sh hospital <dir> <CODE>...    a client certificate per hospital code
#   tools/certs.sh fingerprint <cert.pem>     SHA-256 fingerprint, as `inbound-admin` lists it
# Layout of <dir>: ca.{key,crt}, server.{key,crt}, hospitals/<CODE>.{key,crt}. Keys are 0600.
# The hospital is named by the certificate: SAN URI urn:meridian:hospital:<CODE> (and CN=<CODE>).
# Locally <dir> is generated (.infra/certs, or a temp dir in tests) and never committed. In
# production the CA is the operator's PKI; see apps/hospital-integration/README.md.
set -euo pipefail

command -v openssl >/dev/null || {
  echo "certs.sh: the openssl CLI is required (apt-get install -y openssl)" >&2
  exit 1
}

DAYS_CA=${CERT_DAYS_CA:-3650}
DAYS_LEAF=${CERT_DAYS:-825}
# Names the server certificate answers to (clients verify them).
SERVER_SAN=${INBOUND_SERVER_SAN:-DNS:localhost,DNS:hospital-integration,IP:127.0.0.1}

usage() {
  sed -n '2,9p' "$0" >&2
  exit 2
}

init() {
  local dir=$1
  mkdir -p "$dir/hospitals"
  umask 077
  if [[ ! -f $dir/ca.key || ! -f $dir/ca.crt ]]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
      -days "$DAYS_CA" -subj "/O=Meridian/CN=Meridian hospital CA" \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  fi
  if [[ ! -f $dir/server.key || ! -f $dir/server.crt ]]; then
    sign "$dir" server "/O=Meridian/CN=hospital-integration" \
      "subjectAltName=$SERVER_SAN" "extendedKeyUsage=serverAuth"
  fi
  echo "$dir"
}

# sign <dir> <name> <subject> <SAN line> <EKU line>: key + certificate signed by the CA.
sign() {
  local dir=$1 name=$2 subject=$3 san=$4 eku=$5 key crt csr ext
  if [[ $name == server ]]; then
    key=$dir/server.key crt=$dir/server.crt
  else
    key=$dir/hospitals/$name.key crt=$dir/hospitals/$name.crt
  fi
  csr=$(mktemp) ext=$(mktemp)
  printf '%s\n%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n' \
    "$san" "$eku" >"$ext"
  (umask 077 && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "$subject" -keyout "$key" -out "$csr" 2>/dev/null)
  openssl x509 -req -in "$csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days "$DAYS_LEAF" -sha256 -extfile "$ext" -out "$crt" 2>/dev/null
  rm -f "$csr" "$ext"
}

hospital() {
  local dir=$1
  shift
  [[ -f $dir/ca.key ]] || {
    echo "certs.sh: no CA in $dir; run: tools/certs.sh init $dir" >&2
    exit 1
  }
  mkdir -p "$dir/hospitals"
  local code
  for code in "$@"; do
    [[ $code =~ ^[A-Za-z0-9._-]{1,64}$ ]] || {
      echo "certs.sh: '$code' is not a hospital code (1-64 letters, digits, '.', '_' or '-')" >&2
      exit 2
    }
    sign "$dir" "$code" "/O=Meridian hospital/CN=$code" \
      "subjectAltName=URI:urn:meridian:hospital:$code" "extendedKeyUsage=clientAuth"
    echo "$dir/hospitals/$code.crt $(fingerprint "$dir/hospitals/$code.crt")"
  done
}

fingerprint() {
  openssl x509 -in "$1" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1
}

case ${1:-} in
init) [[ $# -eq 2 ]] || usage && init "$2" ;;
hospital) [[ $# -ge 3 ]] || usage && hospital "${@:2}" ;;
fingerprint) [[ $# -eq 2 ]] || usage && fingerprint "$2" ;;
*) usage ;;
esac
