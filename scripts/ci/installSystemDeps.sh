#!/usr/bin/env bash
# Debian packages the test layers need (run as root, once per machine):
#  chromium        headless browser for the webview tests and to drive code-server (never a downloaded browser)
#  build-essential python3 libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev
#                  to build code-server's native modules from source with local headers
#  ripgrep         code-server's search needs rg; the npm package would download it from GitHub
#  unzip           the packaging test lists the VSIX
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  chromium build-essential python3 libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ripgrep unzip \
  ca-certificates fonts-dejavu-core >/dev/null
echo "system dependencies installed"
