#!/usr/bin/env bash
# A printer and a scanner of their own, touching nothing of the machine's: what the Chromium shell uses on a machine
# without the config's devices (src/shell/chromium/devices.ts), and what the tests run against, private to one run
# (scripts/test-env/ starts it through here):
#   - a cupsd of its own (own config, unix socket, port) that keeps nothing after a job, with
#       PDF    a cups-pdf queue writing real PDFs into $BASE/cups/pdf-out
#       FAULT  a queue whose backend obeys $BASE/cups/fault/MODE: ok | fail | slow:N | stop:<printer-state-reason>
#              (stop:media-jam-error = paper jam, stop:media-empty-error = out of paper, stop:offline-report, stop:door-open-error)
#              and writes each job to $BASE/cups/fault/job-<id>.pdf
#   - SANE's `test` backend only, A4-capable, through SANE_CONFIG_DIR (never /etc/sane.d)
# Usage: private-devices.sh start BASE PORT   → writes BASE/env.json and BASE/env.sh
#        private-devices.sh stop BASE
# Needs root (cupsd, cups-pdf's root-only backend, /etc/cups/cups-pdf-<name>.conf) and the packages of scripts/ensure-system.mjs.
set -Eeuo pipefail
# Whatever stops this script says so, with the command (a silent stop under set -e left CI with no reason).
trap 'echo "private devices: line $LINENO: « $BASH_COMMAND » failed (exit $?)" >&2' ERR
# cupsd and lpadmin live in /usr/sbin, which a user's PATH (and a clean environment's) does not have on Debian.
export PATH="$PATH:/usr/sbin:/sbin"

cmd=${1:?usage: private-devices.sh start|stop BASE [PORT]}
BASE=$(realpath -m "${2:?BASE directory}")
PORT=${3:-8631}
C=$BASE/cups
# cups-pdf reads /etc/cups/cups-pdf-<name>.conf: one name per environment, so runs can coexist.
NAME=cabine$(printf '%s' "$BASE" | md5sum | cut -c1-8)

stop() {
  if [[ -f $C/cupsd.pid ]]; then
    pid=$(cat "$C/cupsd.pid")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "/etc/cups/cups-pdf-$NAME.conf"
  rm -rf "$BASE"
}

start() {
  [[ $(id -u) -eq 0 ]] || { echo "private devices: must run as root (private cupsd and the cups-pdf backend need it)" >&2; exit 1; }
  for bin in /usr/sbin/cupsd lpadmin lpstat scanimage; do
    command -v "$bin" >/dev/null || { echo "private devices: $bin is missing; run: node scripts/ensure-system.mjs" >&2; exit 1; }
  done
  stop
  mkdir -p "$C"/{etc/ppd,spool/tmp,cache,run,log,pdf-out,fault,bin/backend}
  for d in filter cgi-bin daemon driver monitor notifier; do ln -sfn "/usr/lib/cups/$d" "$C/bin/$d"; done
  for b in ipp socket cups-pdf; do ln -sfn "/usr/lib/cups/backend/$b" "$C/bin/backend/$b"; done
  cat > "$C/bin/backend/fault" <<'BACKEND'
#!/bin/sh
# Test backend: DEVICE_URI=fault:/dir ; /dir/MODE holds ok | fail | slow:N | stop:<printer-state-reason>
[ $# -eq 0 ] && { echo 'direct fault "Unknown" "Cabine fault-simulating test backend"'; exit 0; }
dir="${DEVICE_URI#fault:}"; mode=$(cat "$dir/MODE" 2>/dev/null || true)
case "$mode" in
  fail) echo "ERROR: simulated printer failure" >&2; exit 1 ;;
  stop:*) echo "STATE: +${mode#stop:}" >&2; echo "ERROR: simulated ${mode#stop:}" >&2; exit 4 ;;
  slow:*) sleep "${mode#slow:}" ;;
esac
if [ -n "$6" ]; then cat "$6"; else cat; fi > "$dir/job-$1.pdf" || exit 1
echo "STATE: -media-jam-error,media-empty-error,offline-report,door-open-error" >&2
exit 0
BACKEND
  chmod 0755 "$C/bin/backend/fault"
  chown lp:lp "$C/fault" "$C/pdf-out" 2>/dev/null || true
  # cups-pdf runs Ghostscript as "nobody" for a requesting user without an account (ours: "cabine").
  chmod 1777 "$C/pdf-out"
  chmod 0777 "$C/fault"
  cat > "$C/etc/cups-files.conf" <<CONF
ServerRoot $C/etc
RequestRoot $C/spool
TempDir $C/spool/tmp
CacheDir $C/cache
StateDir $C/run
ServerBin $C/bin
DataDir /usr/share/cups
DocumentRoot /usr/share/cups/doc-root
AccessLog $C/log/access_log
ErrorLog $C/log/error_log
PageLog /dev/null
FileDevice Yes
SystemGroup root
CONF
  # The privacy settings of build/linux/cups/cupsd.conf, which cabins ship (see the comments there).
  cat > "$C/etc/cupsd.conf" <<CONF
LogLevel warn
Listen 127.0.0.1:$PORT
Listen $C/run/cups.sock
Browsing No
WebInterface No
DefaultAuthType None
PageLogFormat
PreserveJobFiles No
PreserveJobHistory 30
MaxJobs 100
MaxJobTime 300
MaxHoldTime 300
ErrorPolicy abort-job
<Location />
  Order allow,deny
  Allow from 127.0.0.1
  Allow from @LOCAL
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
  /usr/sbin/cupsd -f -c "$C/etc/cupsd.conf" -s "$C/etc/cups-files.conf" >"$C/cupsd.out" 2>&1 &
  echo $! > "$C/cupsd.pid"
  export CUPS_SERVER=$C/run/cups.sock
  for _ in $(seq 100); do lpstat -r >/dev/null 2>&1 && break; sleep 0.1; done
  lpstat -r >/dev/null 2>&1 || { echo "private devices: cupsd did not start:" >&2; cat "$C/cupsd.out" "$C/log/error_log" >&2 2>/dev/null; exit 1; }
  printf 'Out %s\nAnonDirName %s\nUserUMask 0077\n' "$C/pdf-out" "$C/pdf-out" > "/etc/cups/cups-pdf-$NAME.conf"
  # lpadmin says "printer drivers are deprecated" on every queue with a PPD: kept out of the log unless it fails,
  # then said with the reason (a failure used to stop the environment without a word). A cupsd that has just
  # answered lpstat may still refuse the first queue: tried three times.
  add_queue() {
    local out _
    for _ in 1 2 3; do
      if out=$(lpadmin "$@" 2>&1); then return 0; fi
      sleep 0.5
    done
    echo "private devices: lpadmin $* failed (3 attempts): $out" >&2
    cat "$C/log/error_log" >&2 2>/dev/null || true
    exit 1
  }
  add_queue -p PDF -v "cups-pdf:/$NAME" -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd -E
  add_queue -p FAULT -v "fault:$C/fault" -m lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd -E
  add_queue -d PDF
  echo ok > "$C/fault/MODE"

  S=$BASE/sane.d; mkdir -p "$S"; echo test > "$S/dll.conf"
  # geometry_max 300: otherwise the test backend clamps A4 to 200 mm and scanimage still exits 0.
  sed -e 's/^geometry_max .*/geometry_max 300.0/' -e 's/^br_x .*/br_x 210.0/' -e 's/^br_y .*/br_y 297.0/' /etc/sane.d/test.conf > "$S/test.conf"
  SANE_CONFIG_DIR=$S scanimage -L 2>/dev/null | grep -q "test:0" || { echo "private devices: SANE test backend not found" >&2; exit 1; }

  cat > "$BASE/env.json" <<JSON
{
  "base": "$BASE",
  "cupsServer": "$C/run/cups.sock",
  "cupsPort": $PORT,
  "cupsSpool": "$C/spool",
  "cupsLogDir": "$C/log",
  "queues": { "pdf": "PDF", "fault": "FAULT" },
  "ippUrl": { "pdf": "ipp://127.0.0.1:$PORT/printers/PDF", "fault": "ipp://127.0.0.1:$PORT/printers/FAULT" },
  "pdfOutDir": "$C/pdf-out",
  "faultDir": "$C/fault",
  "saneConfigDir": "$S",
  "saneDevice": "test:0",
  "chromium": "/usr/bin/chromium",
  "cupsdPid": $(cat "$C/cupsd.pid")
}
JSON
  cat > "$BASE/env.sh" <<SH
export CABINE_TEST_ENV=$BASE/env.json CUPS_SERVER=$C/run/cups.sock SANE_CONFIG_DIR=$S CHROMIUM_PATH=/usr/bin/chromium
SH
  echo "$BASE/env.json"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) echo "usage: private-devices.sh start|stop BASE [PORT]" >&2; exit 2 ;;
esac
