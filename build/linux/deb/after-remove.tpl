#!/bin/bash
# After-remove of the cabine .deb. The `cabine` user, /etc/cabine and /var/lib/cabine (audit
# counts only) are kept on remove and deleted on purge.
set -e
rm -f /usr/bin/cabine
# The AppArmor profile the after-install put in place: unloaded (outside a chroot), then deleted.
APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
if [ -f "$APPARMOR_PROFILE_TARGET" ]; then
  if apparmor_status --enabled >/dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
    apparmor_parser --remove "$APPARMOR_PROFILE_TARGET" || true
  fi
  rm -f "$APPARMOR_PROFILE_TARGET"
fi
if [ "$1" = "purge" ] || [ "$1" = "remove" ]; then
  if [ -d /run/systemd/system ]; then
    systemctl disable --now cabine-kiosk.service var-lib-cabine-ram.mount >/dev/null 2>&1 || true
  fi
  rm -f /lib/systemd/system/cabine-kiosk.service
  if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
fi
if [ "$1" = "purge" ]; then
  rm -rf /etc/cabine /var/lib/cabine
  if getent passwd cabine >/dev/null; then deluser --system cabine >/dev/null 2>&1 || true; fi
fi
