#!/usr/bin/env bash
# The tests' private CUPS + SANE environment: the Chromium shell's private devices (src/shell/chromium/private-devices.sh).
# Usage: test-env.sh start BASE PORT | stop BASE
exec bash "$(dirname "${BASH_SOURCE[0]}")/../../src/shell/chromium/private-devices.sh" "$@"
