#!/bin/sh
# The secure compose broker's command (docker-compose.secure.yml), in the apache/kafka image:
# format the storage once with the SCRAM users, then run the broker on kafka.properties.
# SCRAM users can only be added at format time or by a client that has logged in, so a new
# volume gets them here, before anything needs to log in. Later password changes go through
# kafka-configs.sh --alter --entity-type users (docs/security/kafka.md); the volume keeps them.
# KAFKA_HOME (default /opt/kafka) and the two paths can be pointed elsewhere to run it outside
# the image, as test/src/security/compose-secure.test.ts does.
set -eu
kafka_home="${KAFKA_HOME:-/opt/kafka}"
properties="${KAFKA_PROPERTIES:-/etc/logpipe/kafka/kafka.properties}"
data_dir="${KAFKA_DATA_DIR:-/var/lib/kafka/data}"

for user in ADMIN LOGAGENT LOGTRANSFER; do
  eval "password=\${KAFKA_${user}_PASSWORD:-}"
  if [ -z "$password" ]; then echo "kafka-start: KAFKA_${user}_PASSWORD is not set" >&2; exit 2; fi
  # StorageTool's [name=...,password=...] syntax ends a value at "," or "]".
  case "$password" in *[,\]\"=]*) echo "kafka-start: KAFKA_${user}_PASSWORD may not contain , ] \" or =" >&2; exit 2 ;; esac
done

if [ ! -f "$data_dir/meta.properties" ]; then
  echo "kafka-start: formatting $data_dir with the SCRAM users admin, logagent and logtransfer"
  "$kafka_home/bin/kafka-storage.sh" format --config "$properties" \
    --cluster-id "${KAFKA_CLUSTER_ID:-$("$kafka_home/bin/kafka-storage.sh" random-uuid)}" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_ADMIN_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=logagent,password=$KAFKA_LOGAGENT_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=logtransfer,password=$KAFKA_LOGTRANSFER_PASSWORD]" >/dev/null
fi
exec "$kafka_home/bin/kafka-server-start.sh" "$properties"
