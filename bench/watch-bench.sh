#!/usr/bin/env bash
# Live capture benchmark: how long after a message is appended to a Claude Code log `search` finds
# it with `import --watch` running, and how much CPU the watcher takes while the logs are idle.
#
# Environment:
#   MESSAGES      messages appended one at a time, each timed until search finds it (default 10)
#   IDLE_SECONDS  how long the idle watcher's CPU is measured (default 60)
#   POLL          the watcher's --poll-interval (default 2s, the command's default)
#   CHATLOG       the command to run (default: the work tree's ./chatlog launcher)
# Prints one line per message (milliseconds from the append's end to the watcher's line saying it
# imported it, and to the first search that finds it, which includes that search's own start), then the idle CPU in percent of one core, read from
# /proc/PID/stat (Linux only).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
chatlog="${CHATLOG:-$root/chatlog}"
messages="${MESSAGES:-10}"
idle="${IDLE_SECONDS:-60}"
poll="${POLL:-2s}"
work="$(mktemp -d "${TMPDIR:-/tmp}/chatlog-watch-bench.XXXXXX")"
watcher=""
cleanup() {
  if [ -n "$watcher" ]; then kill -TERM "$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state"
export CHM_STORE="file://$work/store"
log="$HOME/.claude/projects/-work-bench/bench-session.jsonl"
mkdir -p "$(dirname "$log")"

now_ms() { date +%s%3N; }
line() { # n word
  printf '{"type":"user","sessionId":"bench-session","uuid":"bench-%s","cwd":"/work/bench","timestamp":"2026-03-01T10:00:%02dZ","message":{"role":"user","content":"benchmark message %s"}}\n' \
    "$1" "$(($1 % 60))" "$2"
}

line 0 warmupword >"$log"
$chatlog import --watch --from claude-code --poll-interval "$poll" 2>"$work/watch.err" &
watcher=$!
until $chatlog search warmupword 2>/dev/null | grep -q warmupword; do sleep 0.2; done

total=0
worst=0
imports=0
for n in $(seq 1 "$messages"); do
  word="needle$RANDOM$n"
  seen=$(grep -c "new message" "$work/watch.err" || true)
  line "$n" "$word" >>"$log"
  start=$(now_ms)
  while [ "$(grep -c "new message" "$work/watch.err" || true)" -le "$seen" ]; do sleep 0.01; done
  imported=$(($(now_ms) - start))
  until $chatlog search "$word" 2>/dev/null | grep -q "$word"; do :; done
  took=$(($(now_ms) - start))
  echo "message $n: imported after $imported ms, found by search after $took ms"
  imports=$((imports + imported))
  total=$((total + took))
  [ "$took" -gt "$worst" ] && worst=$took
  sleep 1
done
echo "append to imported (the watcher's stderr line): mean $((imports / messages)) ms"
echo "append to found: mean $((total / messages)) ms, worst $worst ms over $messages messages"

ticks() { awk '{print $14 + $15}' "/proc/$watcher/stat"; }
hz=$(getconf CLK_TCK)
sleep 3 # let the last import settle
before=$(ticks)
sleep "$idle"
after=$(ticks)
echo "idle watcher CPU: $(awk -v t=$((after - before)) -v hz="$hz" -v s="$idle" \
  'BEGIN { printf "%.2f", 100 * t / hz / s }')% of one core over ${idle}s ($((after - before)) ticks of 1/${hz}s)"
