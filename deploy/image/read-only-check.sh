#!/usr/bin/env bash
# Runs the command from the layers of the image tar (cli/target/chatlog-image.tar, built by
# ./mvnw -Pimage) as the image's entrypoint does, in a mount namespace whose root file system is
# read-only and where only the image's two volumes, /data and /tmp, are writable: save, search,
# compact and verify must work, with JSON logs. Needs root (unshare -m) and a java on the PATH.
# Usage: deploy/image/read-only-check.sh [IMAGE_TAR]
set -euo pipefail

image="${1:-cli/target/chatlog-image.tar}"
[ -f "$image" ] || { echo "read-only-check: no image tar at $image" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/chatlog-image-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tar" "$work/root" "$work/data" "$work/tmp"
tar -xf "$image" -C "$work/tar"
for layer in "$work"/tar/*.tar.gz; do
  tar -xzf "$layer" -C "$work/root" 2>/dev/null
done

unshare -m bash -euo pipefail -s "$work" <<'INNER'
work="$1"
mount --bind -o ro / / 2>/dev/null || mount -o remount,bind,ro /
for volume in data tmp; do
  mount --bind "$work/$volume" "$work/$volume"
  mount -o remount,bind,rw "$work/$volume"
done
if touch "$work/root/written" 2>/dev/null; then
  echo "read-only-check: the root file system is writable" >&2
  exit 1
fi
export HOME="$work/tmp" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/tmp/cache" CHM_LOG_FORMAT=json
# the image's /usr/local/bin/chatlog, with its /opt/chatlog where the layers were unpacked
sed "s#/opt/chatlog/#$work/root/opt/chatlog/#" "$work/root/usr/local/bin/chatlog" >"$work/tmp/chatlog"
chatlog() {
  CHATLOG_JAVA_OPTS="-Djava.io.tmpdir=$work/tmp" sh "$work/tmp/chatlog" "$@"
}
echo "a note saved on a read-only root" | chatlog save -p image
chatlog search "read-only" | grep -q "a note saved on a read-only root"
chatlog compact 2>"$work/tmp/compact.err"
grep -q '"message":"compacted ' "$work/tmp/compact.err"
chatlog verify | grep -q "(clean)"
echo "read-only-check: save, search, compact and verify work with only /data and /tmp writable"
INNER
