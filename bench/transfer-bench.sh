#!/usr/bin/env bash
# Export and copy throughput of the command line (issue 15): `export` to JSON Lines and to an
# archive, `copy` of a file store into SQLite in a JVM of at most 128 MB, and `verify --archive`,
# each on a generated file-store history, timed with /usr/bin/time (wall and user seconds, peak
# memory) and reported in chunks per second of wall time.
#
# Environment:
#   CHUNKS  history size (default 100000; 1000000 for the memory check of copy)
#   HEAP    -Xmx of the copy (default 128m)
#   CHATLOG_BUILD_SUFFIX  passed to ./chatlog (build into cli/target<suffix>)
# Run from anywhere: bench/transfer-bench.sh. The history comes from bench/target/histories (made by
# HistoryGenerator when missing, which needs bench/target*/benchmarks.jar).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
chatlog="$root/chatlog"
histories="$root/bench/target/histories"
chunks="${CHUNKS:-100000}"
heap="${HEAP:-128m}"
work="$(mktemp -d "${TMPDIR:-/tmp}/chatlog-transfer-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"

[ -x "$chatlog" ] || { echo "transfer-bench: $chatlog is missing" >&2; exit 1; }
jar="$(ls -t "$root"/bench/target*/benchmarks.jar 2>/dev/null | head -1 || true)"
if [ ! -f "$histories/fs-$chunks.done" ]; then
  [ -n "$jar" ] || { echo "transfer-bench: build bench first: ./mvnw -B -q -pl bench -am package -DskipTests" >&2; exit 1; }
  java -cp "$jar" dev.chatlog.bench.HistoryGenerator fs "$chunks" "$histories" >&2
fi
export CHM_STORE="file://$histories/fs-$chunks"

measure() { # name command...
  local name="$1"
  shift
  /usr/bin/time -f "%e %U %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" ||
    { cat "$work/err" >&2; exit 1; }
  read -r wall user kb <"$work/time"
  awk -v n="$name" -v w="$wall" -v u="$user" -v k="$kb" -v c="$chunks" \
    'BEGIN { printf "%-22s %8.1f s wall %8.1f s user %7.0f MB peak %9.0f chunks/s\n", n, w, u, k / 1024, c / w }'
}

echo "$chunks chunks, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
measure "export jsonl" "$chatlog" export -o "$work/out.jsonl"
measure "export archive" "$chatlog" export --format archive -o "$work/out.tar.gz"
measure "verify --archive" "$chatlog" verify --archive "$work/out.tar.gz"
measure "copy fs->sqlite -Xmx$heap" env CHATLOG_JAVA_OPTS="-Xmx$heap" \
  "$chatlog" copy --to "sqlite://$work/copy.db"
