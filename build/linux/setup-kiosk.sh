#!/bin/bash
# Turns a fresh Debian 12 / Ubuntu 22.04+ PC into a Cabine kiosk. Run once, as root, by the
# technician; safe to run again (every step checks what is already there). Each step is
# described in docs/kiosk-setup.md.
#
#   sudo ./setup-kiosk.sh --config /chemin/config.yaml [--deb cabine_0.1.0_amd64.deb] [--hid 16c0:05df]…
#   sudo ./setup-kiosk.sh --dry-run …      shows what would be done, changes nothing
#   sudo ./setup-kiosk.sh --shell chromium --source /opt/cabine-src --config …   the Chromium shell instead
#
# Steps: packages (cage, CUPS, SANE) → the cabine user → folders and config → session data in
# RAM (tmpfs) → the kiosk unit (cage runs Cabine alone on tty1, restarted if it stops) →
# no VT switching, no SysRq, no Ctrl+Alt+Del → CUPS keeps nothing → SANE local only → udev
# rules for the presence sensor and badge reader → no swap → updates (unattended-upgrades, through the update gate)
# → summary.
set -euo pipefail

RES=$(cd "$(dirname "$0")" && pwd)
DRY_RUN=0
LIVE=auto
CONFIG=
DEB=
HID_IDS=()
SESSION_SIZE=2G
KEEP_SWAP=0
INSTALL_PACKAGES=1
SHELL_KIND=electron
SOURCE=
NODE_BIN=/usr/bin/node
APT_REPO=
APT_KEY=
APT_SUITE=cabine
ETC=/etc
SYSTEMD_DIR=$ETC/systemd/system

usage() {
  cat <<'USAGE'
Usage : setup-kiosk.sh [options]
  --config FICHIER     configuration de la cabine, installée dans /etc/cabine/config.yaml (0600, utilisateur cabine)
  --deb FICHIER        paquet cabine à installer (sinon : déjà installé, ou à installer ensuite)
  --hid VID:PID        capteur de présence ou lecteur de badge (répétable), ex. --hid 16c0:05df
                       (les identifiants s'affichent avec « cabine devices list » ou « lsusb »)
  --session-size TAILLE taille maximale du tmpfs des sessions (défaut : 2G)
  --keep-swap          ne pas désactiver la mémoire d'échange (swap)
  --no-packages        ne rien installer avec apt (paquets déjà là)
  --no-live            ne toucher qu'aux fichiers : ni démarrage de service, ni sysctl, ni swapoff
                       (automatique dans un chroot)
  --shell electron|chromium
                       electron (défaut) : le paquet cabine dans cage ; chromium : le shell Chromium de Cabine
                       dans Xorg sans gestionnaire de fenêtres, le Chromium de Debian (docs/chromium-shell.md)
  --source DOSSIER     (chromium) les sources de Cabine, « npm ci » fait, lisibles par l'utilisateur cabine
  --node CHEMIN        (chromium) Node 20.19 ou plus récent (défaut : /usr/bin/node)
  --apt-repo URL       le dépôt apt de Cabine de la Métropole (dossier public/ servi par HTTP ou HTTPS) :
                       le paquet cabine se met à jour avec unattended-upgrades (docs/fleet-updates.md)
  --apt-key FICHIER    la clé publique du dépôt (cabine-archive-keyring.gpg) ; obligatoire avec --apt-repo
  --apt-suite NOM      cabine (défaut) ou cabine-pilote : le canal que suit cette cabine
  --dry-run            afficher ce qui serait fait, sans rien changer
  -h, --help           cette aide
USAGE
}

die() { echo "setup-kiosk : erreur : $*" >&2; exit 1; }
say() { echo "==> $*"; }
note() { echo "    $*"; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --config) CONFIG=${2:?--config attend un fichier}; shift 2 ;;
    --deb) DEB=${2:?--deb attend un fichier}; shift 2 ;;
    --hid)
      [[ ${2:-} =~ ^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$ ]] || die "--hid attend VID:PID en hexadécimal, par exemple 16c0:05df"
      HID_IDS+=("${2,,}"); shift 2 ;;
    --session-size)
      [[ ${2:-} =~ ^[0-9]+[KkMmGg%]?$ ]] || die "--session-size attend une taille, par exemple 2G"
      SESSION_SIZE=$2; shift 2 ;;
    --keep-swap) KEEP_SWAP=1; shift ;;
    --shell)
      [[ ${2:-} == electron || ${2:-} == chromium ]] || die "--shell attend electron ou chromium"
      SHELL_KIND=$2; shift 2 ;;
    --source) SOURCE=${2:?--source attend un dossier}; shift 2 ;;
    --node) NODE_BIN=${2:?--node attend un chemin}; shift 2 ;;
    --apt-repo)
      [[ ${2:-} =~ ^https?://[^[:space:]]+$ ]] || die "--apt-repo attend une adresse http:// ou https://"
      APT_REPO=$2; shift 2 ;;
    --apt-key) APT_KEY=${2:?--apt-key attend un fichier}; shift 2 ;;
    --apt-suite)
      [[ ${2:-} =~ ^[a-z0-9][a-z0-9.-]*$ ]] || die "--apt-suite attend un nom de canal, par exemple cabine-pilote"
      APT_SUITE=$2; shift 2 ;;
    --no-packages) INSTALL_PACKAGES=0; shift ;;
    --no-live) LIVE=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "option inconnue : $1" ;;
  esac
done

# ---- helpers: every change goes through them, so that --dry-run shows it instead ----------

# A command that changes the system.
run() {
  if [[ $DRY_RUN -eq 1 ]]; then echo "    [dry-run] $(printf '%q ' "$@")"; else "$@"; fi
}

# A command that acts on the running system (services, kernel): skipped in a chroot.
live() {
  if [[ $LIVE -eq 1 ]]; then run "$@"; else note "(hors système en marche, non fait : $*)"; fi
}

# Writes stdin to a file with a mode and owner, showing it in --dry-run.
write_file() {
  local dest=$1 mode=$2 owner=${3:-root:root} content
  content=$(cat)
  if [[ $DRY_RUN -eq 1 ]]; then
    echo "    [dry-run] écrire $dest ($mode, $owner) :"
    while IFS= read -r line; do echo "      | $line"; done <<<"$content"
    return
  fi
  install -d "$(dirname "$dest")"
  printf '%s\n' "$content" >"$dest.tmp.$$"
  chown "$owner" "$dest.tmp.$$"
  chmod "$mode" "$dest.tmp.$$"
  mv -f "$dest.tmp.$$" "$dest"
}

# Keeps the machine's original of a file we replace, once.
backup_once() {
  local file=$1
  if [[ -f $file && ! -f $file.cabine-orig ]]; then run cp -a "$file" "$file.cabine-orig"; fi
}

in_chroot() {
  # Debian's ischroot test: / is not the root of PID 1 (or /proc is not even there).
  local root1
  root1=$(stat -c %d:%i /proc/1/root/. 2>/dev/null) || return 0
  [[ $(stat -c %d:%i /) != "$root1" ]]
}

# ---- 0. preflight ----------------------------------------------------------------------------
if [[ $LIVE == auto ]]; then
  if in_chroot || [[ ! -d /run/systemd/system ]]; then LIVE=0; else LIVE=1; fi
fi
if [[ $DRY_RUN -eq 0 && $(id -u) -ne 0 ]]; then die "à lancer en root : sudo $0 $*"; fi
[[ -f /etc/debian_version ]] || die "Debian ou Ubuntu attendu (pas de /etc/debian_version)"
[[ -z $CONFIG || -r $CONFIG ]] || die "configuration illisible : $CONFIG"
[[ -z $DEB || -r $DEB ]] || die "paquet illisible : $DEB"
[[ -z $APT_REPO || -n $APT_KEY ]] || die "--apt-repo attend aussi --apt-key (la clé publique du dépôt)"
[[ -z $APT_KEY || -r $APT_KEY ]] || die "clé du dépôt illisible : $APT_KEY"
for f in systemd/cabine-kiosk.service systemd/var-lib-cabine-ram.mount.in systemd/var-spool-cups.mount bin/cabine \
  systemd/cabine-chromium-kiosk.service.in bin/cabine-chromium-session xorg/90-cabine-kiosk.conf \
  systemd/cabine-fleet-pull.service.in systemd/cabine-fleet-pull.timer \
  update/cabine-update-gate update/60cabine-update-gate update/cabine-update-check.service update/cabine-tmpfiles.conf \
  apt/52cabine-unattended-upgrades apt/20cabine-auto-upgrades apt/cabine.sources.in; do
  [[ -f $RES/$f ]] || die "fichier manquant à côté du script : $RES/$f"
done
if [[ $SHELL_KIND == chromium ]]; then
  [[ -n $SOURCE ]] || die "--shell chromium attend --source DOSSIER (les sources de Cabine, avec « npm ci » fait)"
  SOURCE=$(realpath "$SOURCE" 2>/dev/null) || die "--source : dossier introuvable"
  [[ -f $SOURCE/src/shell/chromium/main.ts && -f $SOURCE/node_modules/tsx/dist/cli.mjs ]] \
    || die "--source $SOURCE : pas les sources de Cabine prêtes (src/shell/chromium/main.ts et node_modules/ attendus ; lancez « npm ci » dedans)"
  [[ -x $NODE_BIN ]] || die "Node introuvable : $NODE_BIN (Debian 12 fournit Node 18 ; il faut Node 20.19 ou plus récent, par exemple le paquet nodejs 20 de NodeSource, puis --node)"
  NODE_VERSION=$("$NODE_BIN" -p 'process.versions.node' 2>/dev/null || echo 0)
  IFS=. read -r NODE_MAJOR NODE_MINOR _ <<<"$NODE_VERSION"
  if (( NODE_MAJOR < 20 || (NODE_MAJOR == 20 && NODE_MINOR < 19) )); then
    die "Node $NODE_VERSION ($NODE_BIN) est trop ancien pour le shell Chromium : il faut Node 20.19 ou plus récent (Debian 12 fournit Node 18)"
  fi
fi
CUPS_DIR=$RES/cups
# The hardened CUPS config (build/linux/cups/, from the printing side of the project).
CUPSD_SRC=$(find "$CUPS_DIR" -maxdepth 1 -name '*.conf' -name '*cupsd*' 2>/dev/null | sort | head -n 1 || true)
CUPS_FILES_SRC=$(find "$CUPS_DIR" -maxdepth 1 -name '*.conf' -name '*cups-files*' 2>/dev/null | sort | head -n 1 || true)
[[ -n $CUPSD_SRC ]] || die "configuration CUPS durcie manquante : aucun fichier *cupsd*.conf dans $CUPS_DIR"
say "Cabine : préparation de la cabine ($( [[ $DRY_RUN -eq 1 ]] && echo 'simulation, rien ne change' || echo 'pour de vrai'); système en marche : $( [[ $LIVE -eq 1 ]] && echo oui || echo 'non (chroot ou sans systemd)'))"

# ---- 1. packages -----------------------------------------------------------------------------
if [[ $SHELL_KIND == chromium ]]; then
  say "1. Paquets : Xorg et xinit (sans gestionnaire de fenêtres), Chromium de Debian, CUPS, SANE"
  PACKAGES=(xserver-xorg-core xserver-xorg-input-libinput xinit x11-xserver-utils chromium chromium-l10n cups cups-client cups-filters sane-utils libsane1 adduser udev unattended-upgrades)
else
  say "1. Paquets : cage (kiosque Wayland), CUPS, SANE"
  PACKAGES=(cage cups cups-client cups-filters sane-utils libsane1 adduser udev unattended-upgrades)
fi
# The update gate first, so that this very install goes through it: its hook keeps the cabine package installed
# here, the rollback target of the first update (docs/fleet-updates.md).
note "barrière de mise à jour : chaque passage d'apt attend la fin des sessions (/etc/apt/apt.conf.d/60cabine-update-gate)"
write_file /usr/lib/cabine/cabine-update-gate 0755 <"$RES/update/cabine-update-gate"
write_file "$ETC/apt/apt.conf.d/60cabine-update-gate" 0644 <"$RES/update/60cabine-update-gate"
write_file /usr/lib/tmpfiles.d/cabine.conf 0644 <"$RES/update/cabine-tmpfiles.conf"
write_file "$SYSTEMD_DIR/cabine-update-check.service" 0644 <"$RES/update/cabine-update-check.service"
run install -d -m 0755 -o root -g root /var/lib/cabine-update
if [[ $INSTALL_PACKAGES -eq 1 ]]; then
  run env DEBIAN_FRONTEND=noninteractive apt-get update -q
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
  if [[ -n $DEB ]]; then
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(realpath "$DEB")"
  fi
else
  note "(--no-packages : ${PACKAGES[*]} supposés installés)"
fi
if [[ $SHELL_KIND == electron && -z $DEB && ! -x /opt/Cabine/cabine ]]; then
  note "ATTENTION : l'application n'est pas installée (/opt/Cabine/cabine absent) : installez le paquet cabine (--deb)."
fi

# ---- 2. the cabine user ----------------------------------------------------------------------
say "2. Utilisateur « cabine » : sans mot de passe ni shell, seul utilisateur de la session du kiosque"
if getent passwd cabine >/dev/null; then
  note "existe déjà"
else
  run adduser --system --group --home /var/lib/cabine --shell /usr/sbin/nologin --gecos 'Cabine kiosk' cabine
fi
for group in video render input audio lp scanner plugdev; do
  if getent group "$group" >/dev/null; then run adduser cabine "$group"; fi
done

# ---- 3. folders and config -------------------------------------------------------------------
say "3. Dossiers et configuration"
run install -d -m 0750 -o root -g cabine "$ETC/cabine"
run install -d -m 0750 -o cabine -g cabine /var/lib/cabine
run install -d -m 0700 -o cabine -g cabine /var/lib/cabine/state /var/lib/cabine/ram
if [[ -n $CONFIG ]]; then
  # Readable by cabine only: it holds the hashes of the referent PIN and the technician code.
  run install -m 0600 -o cabine -g cabine "$CONFIG" "$ETC/cabine/config.yaml"
  if [[ -x /usr/bin/cabine && -x /opt/Cabine/cabine ]]; then
    run /usr/bin/cabine config validate "$ETC/cabine/config.yaml" || die "la configuration n'est pas valide (voir ci-dessus)"
  else
    note "(cabine non installé : validez la configuration ensuite avec « cabine config validate $ETC/cabine/config.yaml »)"
  fi
elif [[ -f $ETC/cabine/config.yaml ]]; then
  note "configuration existante gardée : $ETC/cabine/config.yaml"
else
  note "ATTENTION : pas de configuration. Créez-la avec « cabine config init $ETC/cabine/config.yaml » puis relancez ce script."
fi

# ---- 4. session data in RAM ------------------------------------------------------------------
say "4. Données de session en mémoire vive : tmpfs /var/lib/cabine/ram ($SESSION_SIZE au plus)"
# Numeric ids: tmpfs takes no names. In --dry-run on a machine without the user yet, placeholders.
CABINE_UID=$(id -u cabine 2>/dev/null || echo '<uid-de-cabine>')
CABINE_GID=$(getent group cabine | cut -d: -f3 || true)
CABINE_GID=${CABINE_GID:-<gid-de-cabine>}
sed -e "s/@UID@/$CABINE_UID/" -e "s/@GID@/$CABINE_GID/" -e "s/@SIZE@/$SESSION_SIZE/" "$RES/systemd/var-lib-cabine-ram.mount.in" \
  | write_file "$SYSTEMD_DIR/var-lib-cabine-ram.mount" 0644
write_file "$SYSTEMD_DIR/var-spool-cups.mount" 0644 <"$RES/systemd/var-spool-cups.mount"
note "config : paths.ramRoot: /var/lib/cabine/ram/sessions   paths.stateDir: /var/lib/cabine/state"

# ---- 5. the kiosk unit -----------------------------------------------------------------------
if [[ $SHELL_KIND == chromium ]]; then
  say "5. Service cabine-chromium-kiosk : Xorg sur tty1, sans gestionnaire de fenêtres, lance le shell Chromium de Cabine seul, relancé s'il s'arrête"
  note "sources : $SOURCE ; Node : $NODE_BIN"
  write_file /usr/lib/cabine/cabine-chromium-session 0755 <"$RES/bin/cabine-chromium-session"
  # No other virtual terminal, no Ctrl+Alt+Backspace, no zoom keys, no blanking.
  write_file "$ETC/X11/xorg.conf.d/90-cabine-kiosk.conf" 0644 <"$RES/xorg/90-cabine-kiosk.conf"
  sed -e "s|@SOURCE@|$SOURCE|" -e "s|@NODE@|$NODE_BIN|" "$RES/systemd/cabine-chromium-kiosk.service.in" \
    | write_file "$SYSTEMD_DIR/cabine-chromium-kiosk.service" 0644
  if [[ -f $SYSTEMD_DIR/cabine-kiosk.service ]]; then run systemctl disable cabine-kiosk.service; fi
  run systemctl enable var-lib-cabine-ram.mount var-spool-cups.mount cabine-chromium-kiosk.service
else
  say "5. Service cabine-kiosk : cage lance Cabine seule sur tty1, relancée si elle s'arrête"
  write_file "$SYSTEMD_DIR/cabine-kiosk.service" 0644 <"$RES/systemd/cabine-kiosk.service"
  if [[ -f $SYSTEMD_DIR/cabine-chromium-kiosk.service ]]; then run systemctl disable cabine-chromium-kiosk.service; fi
  run systemctl enable var-lib-cabine-ram.mount var-spool-cups.mount cabine-kiosk.service
fi
# The fleet's configuration, fetched on a timer (it does nothing while the config has no `fleet` section).
if [[ $SHELL_KIND == chromium ]]; then
  FLEET_CLI="$NODE_BIN $SOURCE/node_modules/tsx/dist/cli.mjs $SOURCE/src/cli/main.ts"
else
  FLEET_CLI=/usr/bin/cabine
fi
sed -e "s|@CLI@|$FLEET_CLI|" "$RES/systemd/cabine-fleet-pull.service.in" | write_file "$SYSTEMD_DIR/cabine-fleet-pull.service" 0644
write_file "$SYSTEMD_DIR/cabine-fleet-pull.timer" 0644 <"$RES/systemd/cabine-fleet-pull.timer"
run systemctl enable cabine-fleet-pull.timer
run systemctl set-default graphical.target
# tty1 belongs to the kiosk; no login prompt behind it.
run systemctl disable getty@tty1.service
run systemctl mask autovt@tty1.service

# ---- 6. no way out of the kiosk --------------------------------------------------------------
say "6. Pas de changement de terminal virtuel, pas de SysRq, pas de Ctrl+Alt+Suppr"
write_file "$ETC/systemd/logind.conf.d/90-cabine.conf" 0644 <<'CONF'
# Cabine: no login prompts on other virtual terminals (cage itself refuses VT switching).
[Login]
NAutoVTs=0
ReserveVT=0
HandlePowerKey=ignore
HandleSuspendKey=ignore
HandleHibernateKey=ignore
HandleLidSwitch=ignore
CONF
write_file "$ETC/sysctl.d/90-cabine.conf" 0644 <<'CONF'
# Cabine: the Magic SysRq key would let anyone at the keyboard kill processes or reboot.
kernel.sysrq = 0
# No core dumps anywhere: a dump of the app or its browser would put a resident's session on disk.
kernel.core_pattern = |/bin/false
fs.suid_dumpable = 0
CONF
run systemctl mask ctrl-alt-del.target
live sysctl -q -p "$ETC/sysctl.d/90-cabine.conf"

# ---- 7. CUPS keeps nothing -------------------------------------------------------------------
say "7. CUPS : configuration durcie de $CUPS_DIR (aucun document, historique ni journal des pages gardés)"
note "cupsd.conf ← $(basename "$CUPSD_SRC")${CUPS_FILES_SRC:+, cups-files.conf ← $(basename "$CUPS_FILES_SRC")}"
backup_once "$ETC/cups/cupsd.conf"
write_file "$ETC/cups/cupsd.conf" 0640 root:lp <"$CUPSD_SRC"
if [[ -n $CUPS_FILES_SRC ]]; then
  backup_once "$ETC/cups/cups-files.conf"
  write_file "$ETC/cups/cups-files.conf" 0640 root:lp <"$CUPS_FILES_SRC"
fi
live cancel -a -x
live systemctl restart cups.service

# ---- 8. SANE: local scanners only ------------------------------------------------------------
say "8. SANE : scanners locaux seulement (pas de partage ni de scan à travers le réseau par saned)"
if [[ -f $ETC/sane.d/dll.conf ]] && grep -q '^net$' "$ETC/sane.d/dll.conf"; then
  backup_once "$ETC/sane.d/dll.conf"
  run sed -i 's/^net$/#net  # Cabine : pas de scanner partagé par saned/' "$ETC/sane.d/dll.conf"
fi
run systemctl disable saned.socket
run systemctl mask saned.socket

# ---- 9. udev rules for the sensor and the badge reader ---------------------------------------
say "9. Règles udev : capteur de présence et lecteur de badge accessibles à l'utilisateur cabine"
if [[ ${#HID_IDS[@]} -gt 0 ]]; then
  {
    echo "# Cabine: HID devices the kiosk reads (presence sensor, badge reader). Written by setup-kiosk.sh."
    for id in "${HID_IDS[@]}"; do
      vid=${id%%:*}; pid=${id##*:}
      echo "SUBSYSTEM==\"hidraw\", ATTRS{idVendor}==\"$vid\", ATTRS{idProduct}==\"$pid\", GROUP=\"cabine\", MODE=\"0660\""
      echo "SUBSYSTEM==\"usb\", ATTR{idVendor}==\"$vid\", ATTR{idProduct}==\"$pid\", GROUP=\"cabine\", MODE=\"0660\""
    done
  } | write_file "$ETC/udev/rules.d/70-cabine.rules" 0644
  live udevadm control --reload-rules
  live udevadm trigger --subsystem-match=hidraw --subsystem-match=usb
else
  note "aucun --hid donné : pas de règle (sans capteur ni lecteur de badge, rien à faire)"
fi

# ---- 10. no swap -----------------------------------------------------------------------------
if [[ $KEEP_SWAP -eq 1 ]]; then
  say "10. Mémoire d'échange gardée (--keep-swap) : des données de session pourraient aller sur le disque"
else
  say "10. Mémoire d'échange désactivée : la mémoire vive des sessions n'est jamais écrite sur le disque"
  if [[ -f $ETC/fstab ]] && grep -Eq '^[^#].*[[:space:]]swap[[:space:]]' "$ETC/fstab"; then
    backup_once "$ETC/fstab"
    run sed -i -E 's/^([^#].*[[:space:]]swap[[:space:]].*)$/# Cabine : swap désactivé # \1/' "$ETC/fstab"
  fi
  run systemctl mask swap.target
  live swapoff -a
fi

# ---- 11. updates ----------------------------------------------------------------------------
say "11. Mises à jour : unattended-upgrades (sécurité Debian${APT_REPO:+ et dépôt de Cabine}), entre deux sessions seulement"
write_file "$ETC/apt/apt.conf.d/52cabine-unattended-upgrades" 0644 <"$RES/apt/52cabine-unattended-upgrades"
write_file "$ETC/apt/apt.conf.d/20cabine-auto-upgrades" 0644 <"$RES/apt/20cabine-auto-upgrades"
if [[ -n $APT_REPO ]]; then
  note "dépôt : $APT_REPO, canal « $APT_SUITE », clé $APT_KEY"
  # A binary keyring (gpg --export): copied as it is, not through write_file's text.
  run install -D -m 0644 -o root -g root "$APT_KEY" /usr/share/keyrings/cabine-archive-keyring.gpg
  sed -e "s|@URL@|$APT_REPO|" -e "s|^Suites: cabine\$|Suites: $APT_SUITE|" "$RES/apt/cabine.sources.in" \
    | write_file "$ETC/apt/sources.list.d/cabine.sources" 0644
else
  note "pas de --apt-repo : le paquet cabine ne se met à jour qu'à la main ; les mises à jour de sécurité de Debian, si."
fi
live systemd-tmpfiles --create /usr/lib/tmpfiles.d/cabine.conf

# ---- done ------------------------------------------------------------------------------------
say "Terminé."
note "Ensuite : cabine doctor   (vérifie tout), puis redémarrez : la cabine s'ouvre sur l'écran d'attente."
note "Dans la configuration : paths.ramRoot: /var/lib/cabine/ram/sessions, paths.stateDir: /var/lib/cabine/state"
