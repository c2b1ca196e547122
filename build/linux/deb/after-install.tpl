#!/bin/bash
# After-install of the cabine .deb (electron-builder template: ${executable} and
# ${sanitizedProductName} are filled in at build time; nothing else here may use that form).
# Creates the dedicated `cabine` user, installs the kiosk's systemd units (disabled: the
# technician enables them with setup-kiosk.sh) and the `cabine` command.
set -e
APP_DIR='/opt/${sanitizedProductName}'
RES="$APP_DIR/resources/linux"

# The technician's command (cabine doctor, cabine config validate…) and the app under its name:
# resources/linux/bin/cabine runs $APP_DIR/${executable}.
install -m 0755 "$RES/bin/cabine" /usr/bin/cabine

# Chromium's sandbox: user namespaces when the kernel has them, else the SUID helper.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 "$APP_DIR/chrome-sandbox" 2>/dev/null || true
else
  chmod 4755 "$APP_DIR/chrome-sandbox" 2>/dev/null || true
fi

# Chromium's sandbox under AppArmor (Ubuntu ≥ 24.04 restricts unprivileged user namespaces to programs whose
# profile allows them): install the profile electron-builder ships in resources/apparmor-profile (`userns`), as its
# own after-install does — this custom script replaces that one. Skipped where AppArmor is off or too old for the
# profile's abi/4.0 (Debian 12, Ubuntu 22.04: the sandbox works there without it).
if apparmor_status --enabled >/dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE="$APP_DIR/resources/apparmor-profile"
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if [ -f "$APPARMOR_PROFILE_SOURCE" ] && apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" >/dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    # Loading it live makes no sense while building an image in a chroot.
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET" || true
    fi
  else
    echo "Profil AppArmor non installé : cette version d'AppArmor ne le prend pas en charge."
  fi
fi

# The user the kiosk runs as: no password, no login shell, its own group.
if ! getent passwd cabine >/dev/null; then
  adduser --system --group --home /var/lib/cabine --shell /usr/sbin/nologin --gecos 'Cabine kiosk' cabine >/dev/null
fi
for group in video render input audio lp scanner plugdev; do
  if getent group "$group" >/dev/null; then adduser cabine "$group" >/dev/null 2>&1 || true; fi
done
install -d -m 0750 -o cabine -g cabine /var/lib/cabine
install -d -m 0700 -o cabine -g cabine /var/lib/cabine/state /var/lib/cabine/ram
install -d -m 0750 -o root -g cabine /etc/cabine

# The kiosk unit, installed but not enabled: on a plain desktop it would take over tty1.
install -m 0644 "$RES/systemd/cabine-kiosk.service" /lib/systemd/system/cabine-kiosk.service
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
fi

if hash update-desktop-database 2>/dev/null; then
  update-desktop-database /usr/share/applications || true
fi

echo "Cabine installée. Pour en faire une cabine : sudo $RES/setup-kiosk.sh --config /chemin/config.yaml (voir docs/kiosk-setup.md)."
