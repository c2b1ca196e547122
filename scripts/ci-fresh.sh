#!/usr/bin/env bash
# npm run ci:fresh [-- OPTIONS] [-- SUITE...]: a rehearsal of CI on a brand-new Debian 12 machine.
#
#   1. a cached Debian 12 (bookworm) root, built once with debootstrap --variant=minbase;
#   2. per run, a throwaway copy of it (overlayfs over the cache, or cp -a) with the host's apt
#      sources and resolv.conf, and the host's exact nodejs package (node and npm as on the host);
#   3. a git clone of this repository's HEAD into /root/cabine;
#   4. /proc, /sys, /dev, /dev/pts, /dev/shm mounted, then `CI=true bash .ci/run` in chroot with a
#      clean environment (with SUITE arguments: `npm test -- SUITE...`, which is what .ci/run runs);
#   5. always: the processes left in the root killed, everything unmounted, the root deleted.
# The output goes to a log file on the host; the end prints .ci/run's summary line and the time.
# See docs/ci-fresh.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: npm run ci:fresh [-- [--keep] [--rebuild-base] [--require-clean] [--] [SUITE...]]
       npm run ci:fresh -- --clean

Runs CI (.ci/run, i.e. `npm test`) on a fresh Debian 12 root in a chroot, on HEAD of this
repository (committed changes only). SUITE arguments go to `npm test` (e.g. `unit engine`).

  --keep           keep the root after the run, for inspection (prints how to enter and remove it)
  --rebuild-base   rebuild the cached Debian 12 base (and the repacked nodejs .deb) first
  --require-clean  refuse to run when the work tree has uncommitted changes (default: warn)
  --clean          remove roots left by --keep or by killed runs, then exit
  -h, --help       this help

Environment:
  CABINE_CI_FRESH_CACHE   cache of the base root, the nodejs .deb and the logs (/var/cache/cabine-ci-fresh)
  CABINE_CI_FRESH_WORK    where throwaway roots are made (/var/tmp/cabine-ci-fresh)
  CABINE_CI_FRESH_LOGS    log directory ($CABINE_CI_FRESH_CACHE/logs)
  CABINE_CI_FRESH_COPY    auto | overlay | copy: how the throwaway root is made (auto: overlay, else copy)
  CABINE_CI_FRESH_CHECKOUT  where the clone goes in the root (/root/cabine)
  CABINE_DEBIAN_MIRROR    Debian mirror (http://deb.debian.org/debian), as the kiosk-setup tests
  CABINE_DEBIAN_SECURITY_MIRROR  security mirror (http://deb.debian.org/debian-security)
  CABINE_CI_FRESH_HOST_CA 0: do not carry the host's local CAs (/usr/local/share/ca-certificates)
                          and NODE_EXTRA_CA_CERTS into the root (needed behind a TLS-intercepting proxy)
Needs root (debootstrap, mount, chroot) and debootstrap on the host.
EOF
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
CACHE=${CABINE_CI_FRESH_CACHE:-/var/cache/cabine-ci-fresh}
WORK=${CABINE_CI_FRESH_WORK:-/var/tmp/cabine-ci-fresh}
LOGS=${CABINE_CI_FRESH_LOGS:-$CACHE/logs}
COPY_MODE=${CABINE_CI_FRESH_COPY:-auto}
CHECKOUT=${CABINE_CI_FRESH_CHECKOUT:-/root/cabine}
MIRROR=${CABINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${CABINE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
SUITE=bookworm
BASE=$CACHE/$SUITE-base
# What a stock Debian 12 cloud image has on top of minbase, and CI needs (nothing of Cabine's own:
# cups, chromium, xvfb… are for scripts/ensure-system.mjs to install, which is what this proves):
#   systemd systemd-sysv udev kmod dbus  the init system and device manager of every Debian 12 machine
#                                        (package scripts look for them; nothing boots them in a chroot)
#   ca-certificates                      HTTPS to the npm registry
#   curl wget gnupg                      on cloud images, and what installing NodeSource's repo takes
#   git                                  the CI checkout
#   sudo                                 on cloud images; ensure-system uses `sudo -n` when not root
#   procps iproute2 iputils-ping netbase less tzdata   the usual base tools (netbase: /etc/services…)
# Not included: build tools (no compiler on a fresh machine), locales (LANG=C.UTF-8 is built in),
# python3 (it comes with the nodejs package, as on the real machine).
BASE_PACKAGES=systemd,systemd-sysv,udev,kmod,dbus,ca-certificates,curl,wget,gnupg,git,sudo,procps,iproute2,iputils-ping,netbase,less,tzdata
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

keep=0 rebuild=0 require_clean=0 clean_only=0
suites=()
while (($#)); do
  case $1 in
    --keep) keep=1 ;;
    --rebuild-base) rebuild=1 ;;
    --require-clean) require_clean=1 ;;
    --clean) clean_only=1 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; suites+=("$@"); break ;;
    -*) echo "ci-fresh: unknown option $1 (arguments for npm test go after --; see --help)" >&2; exit 2 ;;
    *) suites+=("$1") ;;
  esac
  shift
done

LOG=/dev/null
say() { printf '%s\n' "ci-fresh: $*" | tee -a "$LOG" >&2; }
die() { say "ERROR: $*"; exit 2; }
minutes() { awk -v s="$1" 'BEGIN { printf "%.1f", s / 60 }'; }

[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, mount, chroot): sudo npm run ci:fresh"
for tool in debootstrap chroot mount umount findmnt flock setsid dpkg-deb dpkg-query git awk; do
  command -v "$tool" >/dev/null || die "$tool is missing on this host${tool/#debootstrap/ (apt-get install debootstrap)}"
done
for p in "$CACHE" "$WORK" "$LOGS" "$CHECKOUT"; do
  [[ $p == /* && $p != *[[:space:]]* && $p != / ]] || die "$p: an absolute path without spaces is needed"
done
case $COPY_MODE in auto | overlay | copy) ;; *) die "CABINE_CI_FRESH_COPY must be auto, overlay or copy" ;; esac
mkdir -p "$CACHE" "$WORK" "$LOGS"

# ── Mounts and processes of a root ────────────────────────────────────────────────────────────

# Mount points at or under $1, deepest first (mountinfo escapes spaces; our paths have none).
mounts_under() { awk -v p="$1" '$5 == p || index($5, p "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r; }

# Processes whose root directory is $1 or inside it (cupsd, Xvfb, chromium started by the tests…).
pids_in_root() {
  local d r
  for d in /proc/[0-9]*; do
    r=$(readlink "$d/root" 2>/dev/null) || continue
    if [[ $r == "$1" || $r == "$1/"* ]]; then echo "${d#/proc/}"; fi
  done
}

kill_root_procs() {
  local root=$1 pids i
  for i in $(seq 1 40); do
    mapfile -t pids < <(pids_in_root "$root")
    ((${#pids[@]})) || return 0
    if ((i == 1)); then say "stopping ${#pids[@]} process(es) still running in $root"; fi
    # TERM (again, for children started meanwhile) for 5 s, then KILL.
    if ((i <= 20)); then kill -TERM "${pids[@]}" 2>/dev/null || true; else kill -KILL "${pids[@]}" 2>/dev/null || true; fi
    sleep 0.25
  done
  mapfile -t pids < <(pids_in_root "$root")
  ((${#pids[@]} == 0)) || say "WARNING: still running in $root: ${pids[*]}"
}

# Unmounts everything at or under $1 ($2=keep-top: leave $1 itself mounted, for --keep).
unmount_under() {
  local top=$1 keep_top=${2:-} m i left
  for i in 1 2 3 4; do
    left=0
    while read -r m; do
      [[ -n $m ]] || continue
      if [[ $keep_top && $m == "$top" ]]; then continue; fi
      left=1
      if ((i < 4)); then umount "$m" 2>/dev/null || umount -R "$m" 2>/dev/null || true; else umount -l "$m" || true; fi
    done < <(mounts_under "$top")
    ((left)) || return 0
  done
  left=$(mounts_under "$top" | grep -vx "${keep_top:+$top}" || true)
  [[ -z $left ]]
}

mount_api_fs() {
  local r=$1
  mount -t proc -o nosuid,nodev,noexec proc "$r/proc"
  mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$r/sys"   # read-only: the tests only read it
  mount --bind /dev "$r/dev"
  mount --make-rslave "$r/dev"   # nothing mounted below it may propagate back to the host's /dev
  mount --bind /dev/pts "$r/dev/pts"
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$r/dev/shm"   # a /dev/shm of its own (chromium)
}

# Kills, unmounts, deletes. Never deletes while anything is still mounted under the root.
destroy_dir() {
  local dir=$1
  [[ -e $dir ]] || return 0
  kill_root_procs "$dir"
  if ! unmount_under "$dir"; then
    say "WARNING: could not unmount everything under $dir, NOT deleting it:"
    mounts_under "$dir" | sed 's/^/    /' >&2
    return 1
  fi
  rm -rf --one-file-system "$dir"
}

# ── Cleanup on every exit ─────────────────────────────────────────────────────────────────────

RUN_DIR='' ROOT='' BG_PIDFILE='' SHOWN_PID='' PARTIAL=''
# Kills what runs, unmounts, deletes (or, with --keep, leaves only the root itself). Idempotent.
teardown() {
  local rc=0
  # A host-side command in its own session (debootstrap…): end its whole process group.
  if [[ -n $BG_PIDFILE ]]; then
    if [[ -s $BG_PIDFILE ]]; then kill -TERM -- "-$(cat "$BG_PIDFILE")" 2>/dev/null || true; fi
    rm -f "$BG_PIDFILE"; BG_PIDFILE=''
  fi
  if [[ -n $SHOWN_PID ]]; then kill "$SHOWN_PID" 2>/dev/null || true; SHOWN_PID=''; fi
  if [[ -n $PARTIAL ]]; then destroy_dir "$PARTIAL" || rc=1; PARTIAL=''; fi
  if [[ -n $RUN_DIR && -d $RUN_DIR ]]; then
    if ((keep)) && [[ -d $ROOT/root ]]; then
      kill_root_procs "$ROOT"
      unmount_under "$ROOT" keep-top || rc=1
      touch "$RUN_DIR/kept"
      say "kept the root: chroot $ROOT /bin/bash   (nothing mounted in it; mount /proc etc. yourself if needed)"
      say "  remove it with: npm run ci:fresh -- --clean   (or: umount $ROOT; rm -rf --one-file-system $RUN_DIR)"
    else
      destroy_dir "$RUN_DIR" || rc=1
    fi
    local left
    left=$(mounts_under "$RUN_DIR" | grep -vx "$( ((keep)) && echo "$ROOT")" || true)
    if [[ -n $left ]]; then
      say "WARNING: mounts left under $RUN_DIR: ${left//$'\n'/ }"; rc=1
    else
      say "nothing left mounted under $RUN_DIR$( ((keep)) && echo " but the kept root itself")"
    fi
    RUN_DIR=''
  fi
  return "$rc"
}
# shellcheck disable=SC2317  # called by the traps
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  set +e
  if ((rc > 128)); then say "interrupted (signal $((rc - 128))): cleaning up"; fi
  teardown || { say "ERROR: cleanup incomplete"; ((rc)) || rc=70; }
  if ((rc > 128)); then say "log: $LOG"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Runs "$@" in a session of its own (so that ending its process group ends all of it), its output
# appended to the log and shown from there; returns its exit status. This script waits on a
# background job, so a signal runs the traps at once (bash defers them while a foreground job runs).
run_logged() {
  local pid rc=0
  BG_PIDFILE=$(mktemp "${RUN_DIR:-$WORK}/.bg.XXXXXX")
  # shellcheck disable=SC2016  # $$, $0 and $@ are the inner shell's
  setsid -w bash -c 'echo $$ >"$0"; exec "$@"' "$BG_PIDFILE" "$@" </dev/null >>"$LOG" 2>&1 9>&- &
  pid=$!
  tail -c "+$(($(stat -c %s "$LOG") + 1))" -s 0.5 -f --pid="$pid" "$LOG" 9>&- &
  SHOWN_PID=$!
  wait "$pid" || rc=$?
  wait "$SHOWN_PID" || true
  SHOWN_PID=''
  rm -f "$BG_PIDFILE"
  BG_PIDFILE=''
  return "$rc"
}

# A command inside a root, with a clean environment.
CLEAN_ENV=(/usr/bin/env -i "PATH=$CHROOT_PATH" HOME=/root LANG=C.UTF-8)
in_root() { local r=$1; shift; chroot "$r" "${CLEAN_ENV[@]}" "$@"; }

write_apt_sources() {
  local r=$1
  rm -f "$r/etc/apt/sources.list"
  mkdir -p "$r/etc/apt/sources.list.d"
  # As on the host (/etc/apt/sources.list.d/debian.sources) and a stock Debian 12 image.
  cat >"$r/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

# Package scripts must not start daemons (cupsd on :631…) in the host's network namespace; on a
# real machine systemd would start them. The tests start their own private cupsd anyway.
write_policy_rc_d() {
  printf '#!/bin/sh\n# ci-fresh: no service starts in a chroot\nexit 101\n' >"$1/usr/sbin/policy-rc.d"
  chmod 0755 "$1/usr/sbin/policy-rc.d"
}

# ── --clean, and what killed runs left ────────────────────────────────────────────────────────

clean_runs() {
  local all=$1 d pid f
  for f in "$WORK"/.bg.*; do # a base build's session, from a killed run
    [[ -f $f ]] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then rm -f "$f"; fi
  done
  for d in "$WORK"/run.*; do
    [[ -d $d ]] || continue
    pid=$(cat "$d/pid" 2>/dev/null || true)
    if [[ -n $pid && $pid != "$$" ]] && kill -0 "$pid" 2>/dev/null && grep -qa ci-fresh "/proc/$pid/cmdline" 2>/dev/null; then
      continue # a run in progress
    fi
    if [[ -e $d/kept && $all != all ]]; then continue; fi
    say "removing $d (left by ${pid:+pid $pid, }a kept or killed run)"
    destroy_dir "$d" || true
  done
}

if ((clean_only)); then
  clean_runs all
  exit 0
fi
clean_runs stale

STAMP=$(date +%Y%m%d-%H%M%S)
SHA=$(git -C "$REPO" rev-parse HEAD)
LOG=$LOGS/ci-fresh-$STAMP-${SHA:0:8}.log
: >"$LOG"
say "log: $LOG"
T0=$SECONDS

# ── What will be tested ───────────────────────────────────────────────────────────────────────

dirty=$(git -C "$REPO" status --porcelain --untracked-files=normal)
if [[ -n $dirty ]]; then
  n=$(wc -l <<<"$dirty")
  if ((require_clean)); then
    say "the work tree has $n uncommitted change(s); they would not be tested (--require-clean):"
    head -n 20 <<<"$dirty" | sed 's/^/    /' | tee -a "$LOG" >&2
    exit 2
  fi
  say "WARNING: $n uncommitted change(s) in the work tree are NOT tested, only commit ${SHA:0:12}:"
  head -n 20 <<<"$dirty" | sed 's/^/    /' | tee -a "$LOG" >&2
  ((n <= 20)) || say "    … and $((n - 20)) more"
fi
say "testing commit $(git -C "$REPO" log -1 --format='%h %s' "$SHA")"

# ── 1. The base root (shared lock while in use; exclusive while built) ───────────────────────

exec 9>>"$CACHE/lock"
base_ok() { [[ -f $BASE/etc/debian_version && -f $BASE.done ]]; }
T_BASE=$SECONDS
if ((rebuild)) || ! base_ok; then
  flock -n -x 9 || { say "waiting for the cache lock (another ci:fresh run is using the base)…"; flock -x 9; }
  if ((rebuild)) || ! base_ok; then
    PARTIAL=$BASE.partial
    destroy_dir "$PARTIAL" || die "cannot remove an old $PARTIAL"
    say "building the Debian 12 base with debootstrap from $MIRROR (once; cached in $BASE)"
    run_logged debootstrap --variant=minbase --components=main --include="$BASE_PACKAGES" "$SUITE" "$PARTIAL" "$MIRROR" ||
      die "debootstrap failed (see $LOG)"
    write_apt_sources "$PARTIAL"
    write_policy_rc_d "$PARTIAL"
    cp -L /etc/resolv.conf "$PARTIAL/etc/resolv.conf"
    mount_api_fs "$PARTIAL"
    # Up to date with bookworm-updates and security, as a current cloud image is; no apt lists left.
    run_logged chroot "$PARTIAL" "${CLEAN_ENV[@]}" DEBIAN_FRONTEND=noninteractive bash -c \
      'apt-get update -q && apt-get -y -q dist-upgrade && apt-get clean && rm -rf /var/lib/apt/lists/*' ||
      die "apt-get upgrade in the base failed (see $LOG)"
    unmount_under "$PARTIAL" || die "could not unmount under $PARTIAL"
    rm -f "$PARTIAL/usr/sbin/policy-rc.d" "$PARTIAL/etc/resolv.conf"
    : >"$PARTIAL/etc/machine-id" # made per run: each machine has its own
    rm -f "$BASE.done"
    if [[ -d $BASE ]]; then mv "$BASE" "$BASE.old.$$" && rm -rf --one-file-system "$BASE.old.$$"; fi
    mv "$PARTIAL" "$BASE"
    PARTIAL=''
    rm -f "$CACHE"/nodejs_*.deb # repacked again below
    { date -u +'built %F %T UTC'; echo "mirror $MIRROR, security $SECURITY_MIRROR"; echo "packages minbase + $BASE_PACKAGES"; } >"$BASE.done"
    say "base built in $(minutes $((SECONDS - T_BASE))) min ($(du -sh "$BASE" | cut -f1))"
  fi
fi
flock -s 9 # shared from here: a --rebuild-base elsewhere waits until this run ends
T_BASE=$((SECONDS - T_BASE))

# ── 2a. The host's nodejs as a .deb ───────────────────────────────────────────────────────────
# The host's node is NodeSource's nodejs package, whose apt repo is not reachable from here; and
# its bundled npm was replaced in place by npm 11 (npm install -g npm@11), so dpkg's file list no
# longer matches the disk (dpkg-repack would pack a mix). So: a .deb of the same name, version,
# dependencies and maintainer scripts, holding dpkg's files of nodejs with /usr/lib/node_modules/npm
# as it is now. Installed with apt, it brings its dependencies (python3…) as on the real machine.
node_deb() {
  local ver arch npm_ver deb stage
  ver=$(dpkg-query -W -f='${Version}' nodejs 2>/dev/null) || die "the host has no nodejs package (dpkg)"
  arch=$(dpkg-query -W -f='${Architecture}' nodejs)
  npm_ver=$(node -p 'require("/usr/lib/node_modules/npm/package.json").version')
  deb=$CACHE/nodejs_${ver//:/%3a}+npm${npm_ver}_$arch.deb
  if [[ ! -s $deb ]]; then
    say "repacking the host's nodejs $ver (npm $npm_ver) into $deb"
    stage=$(mktemp -d "$CACHE/.nodejs-deb.XXXXXX")
    dpkg-query -L nodejs | awk '$0 != "/." && $0 != "/usr/lib/node_modules/npm" && index($0, "/usr/lib/node_modules/npm/") != 1' |
      while read -r f; do if [[ -e $f || -L $f ]]; then printf '%s\n' "${f#/}"; fi; done |
      tar -C / --no-recursion -cf - -T - | tar -C "$stage" -xpf -
    tar -C / -cf - usr/lib/node_modules/npm | tar -C "$stage" -xpf -
    mkdir -p "$stage/DEBIAN"
    # The status stanza minus what is about the installation, with the size recomputed.
    dpkg-query -s nodejs | awk '
      /^[^ \t]/ { skip = ($1 ~ /^(Status|Installed-Size|Conffiles|Config-Version):$/) }
      !skip' >"$stage/DEBIAN/control"
    echo "Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)" >>"$stage/DEBIAN/control"
    for s in preinst postinst prerm postrm; do
      if [[ -f /var/lib/dpkg/info/nodejs.$s ]]; then install -m 0755 "/var/lib/dpkg/info/nodejs.$s" "$stage/DEBIAN/$s"; fi
    done
    (cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum >DEBIAN/md5sums)
    dpkg-deb --root-owner-group -Zgzip -z1 --build "$stage" "$deb.partial.$$" >/dev/null
    mv "$deb.partial.$$" "$deb"
    rm -rf "$stage"
  fi
  NODE_DEB=$deb
}
T_PREP=$SECONDS
node_deb

# ── 2b. The throwaway root ────────────────────────────────────────────────────────────────────

RUN_DIR=$(mktemp -d "$WORK/run.XXXXXX")
echo $$ >"$RUN_DIR/pid"
ROOT=$RUN_DIR/root
mkdir -p "$ROOT"
how=$COPY_MODE
if [[ $how != copy ]]; then
  mkdir -p "$RUN_DIR/upper" "$RUN_DIR/work"
  if mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$RUN_DIR/upper,workdir=$RUN_DIR/work" "$ROOT" 2>>"$LOG"; then
    how=overlay
  elif [[ $how == overlay ]]; then
    die "overlayfs does not mount here (CABINE_CI_FRESH_COPY=copy copies instead)"
  else
    say "overlayfs does not mount here: copying the base instead"
    how=copy
  fi
fi
if [[ $how == copy ]]; then cp -a --reflink=auto "$BASE/." "$ROOT/"; fi
say "root: $ROOT ($how of $BASE)"

write_apt_sources "$ROOT"
write_policy_rc_d "$ROOT"
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$ROOT/etc/machine-id"
echo >>"$ROOT/etc/machine-id"
cat /proc/sys/kernel/hostname >"$ROOT/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$(cat "$ROOT/etc/hostname")" >"$ROOT/etc/hosts"
mount_api_fs "$ROOT"

# The network's trust, like resolv.conf: where TLS to the registry goes through an intercepting
# proxy (as on this machine), the CAs the host added locally, and NODE_EXTRA_CA_CERTS when the host
# sets it (Node does not read the system store by itself). CABINE_CI_FRESH_HOST_CA=0 leaves them out.
if [[ ${CABINE_CI_FRESH_HOST_CA:-1} != 0 ]] && compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
  in_root "$ROOT" update-ca-certificates >>"$LOG" 2>&1 || die "update-ca-certificates failed in the root (see $LOG)"
  say "carried the host's local CAs into the root: $(cd /usr/local/share/ca-certificates && echo *.crt)"
  if [[ -n ${NODE_EXTRA_CA_CERTS:-} ]]; then
    CLEAN_ENV+=(NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
    say "and NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt (set on the host)"
  fi
fi

cp "$NODE_DEB" "$ROOT/tmp/nodejs.deb"
say "installing $(basename "$NODE_DEB") in the root"
run_logged chroot "$ROOT" "${CLEAN_ENV[@]}" DEBIAN_FRONTEND=noninteractive bash -c \
  'apt-get update -q && apt-get install -y -q /tmp/nodejs.deb && rm /tmp/nodejs.deb && apt-get clean && rm -rf /var/lib/apt/lists/*' ||
  die "installing nodejs in the root failed (see $LOG)"
inside=$(in_root "$ROOT" node -v) outside=$(node -v)
[[ $inside == "$outside" ]] || die "node $inside in the root, $outside on the host"
inside_npm=$(in_root "$ROOT" npm -v) outside_npm=$(npm -v)
[[ $inside_npm == "$outside_npm" ]] || die "npm $inside_npm in the root, $outside_npm on the host"
say "node $inside, npm $inside_npm (same as the host)"

# ── 3. The clone ──────────────────────────────────────────────────────────────────────────────

git clone -q --no-hardlinks --no-checkout "$REPO" "$ROOT$CHECKOUT" 2>&1 | tee -a "$LOG"
git -C "$ROOT$CHECKOUT" -c advice.detachedHead=false checkout -q "$SHA" 2>&1 | tee -a "$LOG"
[[ $(git -C "$ROOT$CHECKOUT" rev-parse HEAD) == "$SHA" ]] || die "the clone is not at $SHA"
T_PREP=$((SECONDS - T_PREP))
say "root ready in $(minutes "$T_PREP") min"

# ── 4. CI ─────────────────────────────────────────────────────────────────────────────────────

if ((${#suites[@]})); then
  # .ci/run runs exactly `npm test`, without arguments: with suites, run what it runs plus them.
  ci=(npm test -- "${suites[@]}")
else
  ci=(bash .ci/run)
fi
say "running in the root: cd $CHECKOUT && CI=true ${ci[*]}"
T_CI=$SECONDS
ci_from=$(($(stat -c %s "$LOG") + 1))
ci_rc=0
# shellcheck disable=SC2016  # $0 and $@ are the inner shell's
run_logged chroot "$ROOT" "${CLEAN_ENV[@]}" CI=true bash -c 'cd "$0" && exec "$@"' "$CHECKOUT" "${ci[@]}" || ci_rc=$?
T_CI=$((SECONDS - T_CI))

# ── 5. Teardown, then the summary ─────────────────────────────────────────────────────────────

teardown || ci_rc=$((ci_rc ? ci_rc : 70))
summary=$(tail -c "+$ci_from" "$LOG" | sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' -e 's/\r$//' | grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' | tail -n 1 || true)
say "──────────────────────────────────────────────"
say "${summary:-no summary line: CI ended before printing it}"
say "exit code $ci_rc; $(minutes $((SECONDS - T0))) min in all (base $(minutes "$T_BASE"), root $(minutes "$T_PREP"), CI $(minutes "$T_CI"))"
say "log: $LOG"
exit "$ci_rc"
