#!/usr/bin/env bash
# Starts the portal (frontend on http://localhost:3000, backend on :7007) with app-config.yaml:
# in-memory SQLite, guest sign-in and the example tenants.
source "$(dirname "$0")/env.sh"
apt_install libsecret-1-dev python3 make g++
yarn_install
cd "$ROOT" && exec yarn start "$@"
