#!/usr/bin/env bash
# Starts PostgreSQL if it is installed but not answering on 127.0.0.1:5432, and installs Debian's
# chromium and chromium-driver (the dashboard's browser test) when /usr/bin/chromium is missing.
# Installs Debian's prometheus package (promtool and the server: the metrics tests parse /metrics
# with them and check the alerting rules) when promtool is missing. Idempotent.
set -u
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "ensure-services: installing chromium and chromium-driver" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 \
      || echo "ensure-services: could not install chromium; the dashboard's browser test will fail" >&2
  else
    echo "ensure-services: no apt-get; install chromium and chromium-driver for the browser test" >&2
  fi
fi
if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "ensure-services: installing prometheus (promtool)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus) >/dev/null 2>&1 \
      || echo "ensure-services: could not install prometheus; the metrics and alert rule tests will fail" >&2
    # The package's service is not wanted here: the tests start their own server.
    if command -v service >/dev/null 2>&1; then service prometheus stop >/dev/null 2>&1 || true; fi
  else
    echo "ensure-services: no apt-get; install Debian's prometheus package for the metrics tests" >&2
  fi
fi
pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "ensure-services: starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
pg_up || echo "ensure-services: PostgreSQL is not reachable on 127.0.0.1:5432; PostgreSQL tests will fail under CI=true" >&2
port_up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The fan-out tests publish to RabbitMQ (5672) and NATS JetStream (4222): start an installed one that stopped.
if ! port_up 5672 && command -v rabbitmq-server >/dev/null 2>&1; then
  echo "ensure-services: starting RabbitMQ" >&2
  rabbitmq-server -detached || true
  for _ in $(seq 1 60); do port_up 5672 && break; sleep 1; done
fi
port_up 5672 || echo "ensure-services: RabbitMQ is not reachable on 127.0.0.1:5672; fan-out tests will fail" >&2
if ! port_up 4222 && [ -x /usr/sbin/nats-server ]; then
  echo "ensure-services: starting NATS with JetStream" >&2
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log || true
  for _ in $(seq 1 30); do port_up 4222 && break; sleep 1; done
fi
port_up 4222 || echo "ensure-services: NATS is not reachable on 127.0.0.1:4222; fan-out tests will fail" >&2
exit 0
