#!/usr/bin/env bash
# Import benchmark: a generated ChatGPT export (one conversations.json with the real structure,
# capture's SyntheticExport) imported with a bounded heap into an empty store, then again into the
# same store, which must write nothing (answered from the file's import record), then again without
# the record (the export read in full, as a newer export is). Each import runs in a JVM of its own
# (dev.chatlog.bench.ImportBenchmark, the code path of `chatlog import`) and prints its time,
# throughput, conversations, messages, chunks, heap and peak resident set. Each import starts
# after a sync, so that the dirty pages of what was written before it (the generated export, the
# store imported before) are not written back during its time.
#
# Environment:
#   SIZE_MB   size of the export in 10^6 bytes (default 1000, the 1 GB export of issue 13)
#   STORES    stores to import into, of fs and sqlite (default "fs sqlite")
#   HEAP      -Xmx of each import (default 256m)
#   JVM_OPTS  other JVM options (default -XX:+UseParallelGC, the collector bin/chatlog runs import with)
#   TMPDIR    where the export and the stores are made (default /tmp); all of it is deleted at
#             the end, so several GB are needed only while the script runs
# Needs bench/target*/benchmarks.jar: ./mvnw -B -q -pl bench -am package -DskipTests
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
size_mb="${SIZE_MB:-1000}"
stores="${STORES:-fs sqlite}"
heap="${HEAP:-256m}"
read -r -a jvm_opts <<<"${JVM_OPTS--XX:+UseParallelGC}"
jar="$(ls -t "$root"/bench/target*/benchmarks.jar 2>/dev/null | head -1 || true)"
[ -n "$jar" ] || { echo "import-bench: build bench first: ./mvnw -B -q -pl bench -am package -DskipTests" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/chatlog-import-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"
export_file="$work/conversations.json"

echo "# $(java -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$jar" dev.chatlog.bench.ImportBenchmark generate "$export_file" "$size_mb"
for store in $stores; do
  for run in first again "again without the import record (read in full, as a newer export is)"; do
    case "$run" in again\ without*) rm -rf "${work:?}/$store-import-records" ;; esac
    echo "# $run: java -Xmx$heap ${jvm_opts[*]} -cp benchmarks.jar dev.chatlog.bench.ImportBenchmark import $store STORE conversations.json"
    sync # the import does not pay for writing back the export or the store imported before it
    java "-Xmx$heap" ${jvm_opts[@]+"${jvm_opts[@]}"} -cp "$jar" dev.chatlog.bench.ImportBenchmark import "$store" "$work/$store" "$export_file"
  done
  echo "# store on disk: $(du -sh "$work/$store" | cut -f1)"
  rm -rf "${work:?}/$store" "${work:?}/$store-import-records"
done
