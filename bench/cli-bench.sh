#!/usr/bin/env bash
# Whole-CLI benchmark: `chatlog save`, `retrieve --limit 10 --project P` and `search` on generated
# file-store histories, each timed right after a Java hello-world (the JVM floor) and reported as a
# ratio to it, with its CPU time. Uses hyperfine when installed (apt-get install -y hyperfine),
# else /usr/bin/time over a fixed number of runs.
#
# Environment:
#   CHUNKS        history sizes for save and retrieve (default "0 100000"; add 1000000 if built)
#   SEARCH_CHUNKS history size for search (default 100000; "" leaves search out)
#   SESSIONS      lengths of the sessions a save goes into (default 100000): each a history made of
#                 that one session only, so that it compares with the save into a new session of
#                 the history of as many chunks (CHUNKS); "" leaves the case out
#   RUNS          timed runs per command (default 20), WARMUP (default 3)
#   CHATLOG_BUILD_SUFFIX  passed to ./chatlog (build into cli/target<suffix>)
# Run from anywhere: bench/cli-bench.sh. Histories come from bench/target/histories (made by
# HistoryGenerator when missing, which needs bench/target*/benchmarks.jar).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
chatlog="$root/chatlog"
histories="$root/bench/target/histories"
chunks_list="${CHUNKS:-0 100000}"
search_chunks="${SEARCH_CHUNKS-100000}"
sessions_list="${SESSIONS-100000}"
runs="${RUNS:-20}"
warmup="${WARMUP:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/chatlog-cli-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"

[ -x "$chatlog" ] || { echo "cli-bench: $chatlog is missing: the CLI launcher is needed" >&2; exit 1; }

jar="$(ls -t "$root"/bench/target*/benchmarks.jar 2>/dev/null | head -1 || true)"
generate() { # kind chunks [session-length]: the history fs-N, or fs-N-session-L
  local name="$1-$2${3:+-session-$3}"
  if [ ! -f "$histories/$name.done" ]; then
    [ -n "$jar" ] || { echo "cli-bench: build bench first: ./mvnw -B -q -pl bench -am package -DskipTests" >&2; exit 1; }
    java -cp "$jar" dev.chatlog.bench.HistoryGenerator "$1" "$2" "$histories" ${3:+"$3"} >&2
  fi
}

# The JVM floor: a hello-world compiled here, started with the same java.
mkdir -p "$work/hello"
cat > "$work/hello/Hello.java" <<'JAVA'
public class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
JAVA
javac -d "$work/hello" "$work/hello/Hello.java"
hello="java -cp $work/hello Hello"

# Build the CLI and its class-data archive once, outside the timings.
CHM_STORE="file://$work/warm/" "$chatlog" save -p warm <<<"warm up" >/dev/null

results="$work/results.tsv"
: > "$results"

# Times one command; appends "name<TAB>mean seconds" to the results. A third argument is run
# before each timed run, untimed.
measure() { # name command [prepare]
  local name="$1" cmd="$2" prepare=(--prepare "${3:-true}")
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --style none --warmup "$warmup" --runs "$runs" "${prepare[@]}" \
      --export-json "$work/one.json" "$cmd" >/dev/null 2>&1 ||
      hyperfine --style none --warmup "$warmup" --runs "$runs" "${prepare[@]}" \
        --export-json "$work/one.json" "$cmd" >/dev/null
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%s\t%s" % (r["mean"], r["user"] + r["system"]))' \
      "$work/one.json" | sed "s/^/$name\t/" >> "$results"
  else
    local i start end total=0
    for ((i = 0; i < warmup; i++)); do
      bash -c "${3:-true}"
      bash -c "$cmd" >/dev/null 2>&1
    done
    for ((i = 0; i < runs; i++)); do
      bash -c "${3:-true}"
      start=$(date +%s%N)
      bash -c "$cmd" >/dev/null 2>&1
      end=$(date +%s%N)
      total=$((total + end - start))
    done
    printf '%s\t%s\t\n' "$name" "$(echo "$total / $runs / 1000000000" | bc -l)" >> "$results"
  fi
}

# Times a command right after a hello-world run of its own: the machine's speed drifts by several
# per cent within minutes, so each command is compared with the floor measured next to it.
measure_beside_floor() { # name command [prepare]
  measure "java hello-world" "$hello"
  measure "$@"
}

for n in $chunks_list; do
  store="$work/fs-$n"
  if [ "$n" = 0 ]; then
    mkdir -p "$store"
  else
    generate fs "$n"
    cp -al "$histories/fs-$n" "$store" # hard links: the store never rewrites a file
  fi
  # each save has new content (written, untimed, before each run), so it writes: no dedup
  # shortcut; the command is timed alone, as the hello-world is
  measure_beside_floor "save, $n chunks" \
    "env CHM_STORE=file://$store/ $chatlog save -p proj-2 -t topic-0 --session bench -f $work/message.txt" \
    "date +'benchmark message %s.%N' > $work/message.txt"
  measure_beside_floor "retrieve --limit 10 --project proj-2, $n chunks" \
    "env CHM_STORE=file://$store/ $chatlog retrieve --limit 10 --project proj-2"
done

# A save into a long session: the history is one session of n records, generated once through the
# batch path and hard-linked here (saving n records through the command would take hours).
for n in $sessions_list; do
  generate fs 0 "$n"
  store="$work/fs-0-session-$n"
  cp -al "$histories/fs-0-session-$n" "$store"
  measure_beside_floor "save into a session of $n records" \
    "env CHM_STORE=file://$store/ $chatlog save -p proj-2 -t topic-0 --session long-$n -f $work/message.txt" \
    "date +'benchmark message %s.%N' > $work/message.txt"
done

if [ -n "$search_chunks" ]; then
  generate fs "$search_chunks"
  store="$work/search-$search_chunks"
  cp -al "$histories/fs-$search_chunks" "$store"
  CHM_STORE="file://$store/" "$chatlog" search needle >/dev/null # builds the local search index
  measure_beside_floor "search needle, $search_chunks chunks" \
    "env CHM_STORE=file://$store/ $chatlog search needle"
fi

# Each command's ratio is to the hello-world measured just before it. CPU is user + system time
# (hyperfine only), which a loaded machine disturbs less than the wall clock.
printf '%-52s %10s %8s %8s\n' "command" "mean ms" "x floor" "CPU ms"
floor=""
while IFS=$'\t' read -r name mean cpu; do
  cpu_ms="-"
  [ -n "$cpu" ] && cpu_ms="$(printf '%.1f' "$(echo "$cpu * 1000" | bc -l)")"
  if [ "$name" = "java hello-world" ]; then
    floor="$mean"
    printf '%-52s %10.1f %8s %8s\n' "$name" "$(echo "$mean * 1000" | bc -l)" "floor" "$cpu_ms"
  else
    printf '%-52s %10.1f %8.2f %8s\n' "$name" "$(echo "$mean * 1000" | bc -l)" "$(echo "$mean / $floor" | bc -l)" "$cpu_ms"
  fi
done < "$results"
