# Sourced by .ci/run: starts Debian's PostgreSQL (installing it when missing), creates a throw-away role and database
# with a generated password, and exports KB_TEST_POSTGRES so the shared-state tests run against it. Both are dropped
# when the run ends. A KB_TEST_POSTGRES set by the caller is used as it is.
if [ -z "${KB_TEST_POSTGRES:-}" ] && [ "$(id -u)" = "0" ]; then
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    export DEBIAN_FRONTEND=noninteractive
    (apt-get update && apt-get install -y postgresql) || echo ".ci/run: could not install postgresql; the PostgreSQL tests will be skipped" >&2
  fi
  # The cluster the package installed (on Debian 12: 15 main), started if it is down.
  if cluster=$(pg_lsclusters -h 2>/dev/null | head -1) && [ -n "$cluster" ]; then
    read -r pg_version pg_name pg_port pg_status _ <<<"$cluster"
    [ "$pg_status" = "online" ] || pg_ctlcluster "$pg_version" "$pg_name" start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$pg_port" && break; sleep 1; done
    pg_test_name="kb_ci_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    pg_test_password="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    if runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -p "$pg_port" \
         -c "CREATE ROLE $pg_test_name LOGIN PASSWORD '$pg_test_password'" \
         -c "CREATE DATABASE $pg_test_name OWNER $pg_test_name" >/dev/null; then
      export KB_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Database=$pg_test_name;Username=$pg_test_name;Password=$pg_test_password"
      drop_test_database() {
        runuser -u postgres -- psql -q -p "$pg_port" -c "DROP DATABASE IF EXISTS $pg_test_name WITH (FORCE)" -c "DROP ROLE IF EXISTS $pg_test_name" >/dev/null 2>&1 || true
      }
      trap drop_test_database EXIT
      echo ".ci/run: PostgreSQL $pg_version on port $pg_port, test database $pg_test_name"
    else
      echo ".ci/run: could not create a test database; the PostgreSQL tests will be skipped" >&2
    fi
  else
    echo ".ci/run: no PostgreSQL cluster; the PostgreSQL tests will be skipped" >&2
  fi
fi
