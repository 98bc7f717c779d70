# The services of the platform and the environment each one runs with locally.
# shellcheck shell=bash

# name http-port grpc-port database
SERVICES=(
  "hospital-integration 3103 50103 meridian_hospital_integration"
  "consultation 3101 50101 meridian_consultation"
  "model-router 3102 50102 meridian_model_router"
  "insurance-certificates 3104 50104 meridian_insurance_certificates"
  "payments 3105 50105 meridian_payments"
  "hospital-simulator 3106 50106 -"
  "api-gateway 3000 - meridian_api_gateway"
)

PG_URL_BASE=${MERIDIAN_PG_URL_BASE:-postgresql://meridian:meridian@127.0.0.1:5432}
REDIS_URL=${MERIDIAN_REDIS_URL:-redis://127.0.0.1:6379}
KAFKA_BROKERS=${MERIDIAN_KAFKA_BROKERS:-127.0.0.1:9092}
# HospitalInbound, the hospital side of hospital-integration: own port, mutual TLS (tools/certs.sh).
INBOUND_GRPC_PORT=50113
CERT_DIR="$INFRA_DIR/certs"
SIMULATOR_HOSPITAL_CODES=(SIM-0001 SIM-0002 SIM-0003)

# Prints KEY=VALUE lines for one service.
service_env() {
  local name=$1 http=$2 grpc=$3 db=$4
  echo "HTTP_PORT=$http"
  [[ $grpc != - ]] && echo "GRPC_PORT=$grpc"
  [[ $db != - ]] && echo "DATABASE_URL=$PG_URL_BASE/$db"
  # Only stateful services talk to Redis and Kafka (the gateway: Redis only).
  [[ $db != - ]] && echo "REDIS_URL=$REDIS_URL"
  [[ $db != - && $name != api-gateway ]] && echo "KAFKA_BROKERS=$KAFKA_BROKERS"
  echo "LOG_LEVEL=${LOG_LEVEL:-info}"
  case $name in
    hospital-integration)
      echo "PAYMENTS_GRPC_URL=127.0.0.1:50105"
      echo "SETTLEMENT_GRPC_URL=127.0.0.1:50104"
      ;;
    api-gateway)
      echo "HOSPITAL_INTEGRATION_GRPC_URL=127.0.0.1:50103"
      echo "PUBLIC_BASE_URL=http://127.0.0.1:3000"
      ;;
    hospital-integration)
      echo "INBOUND_GRPC_PORT=$INBOUND_GRPC_PORT"
      echo "INBOUND_TLS_CERT_FILE=$CERT_DIR/server.crt"
      echo "INBOUND_TLS_KEY_FILE=$CERT_DIR/server.key"
      echo "INBOUND_TLS_CLIENT_CA_FILE=$CERT_DIR/ca.crt"
      echo "PATIENT_MATCH_KEY=$(cat "$CERT_DIR/patient-match-key")"
      ;;
    hospital-simulator)
      echo "HOSPITAL_INTEGRATION_GRPC_URL=127.0.0.1:50103"
      echo "HOSPITAL_INBOUND_GRPC_URL=127.0.0.1:$INBOUND_GRPC_PORT"
      echo "HOSPITAL_INBOUND_CERT_DIR=$CERT_DIR"
      ;;
    consultation)
      # A development key for health-profile encryption. Production keys come from a secret store.
      echo "PROFILE_ENCRYPTION_KEYS=${MERIDIAN_PROFILE_ENCRYPTION_KEYS:-dev-2026:LMckScqMEq1AIZiu2Vn5XdThtz6jjaTa44iv2jChKdg=}"
      echo "PROFILE_ENCRYPTION_ACTIVE_KEY=${MERIDIAN_PROFILE_ENCRYPTION_ACTIVE_KEY:-dev-2026}"
      ;;
  esac
}
