#!/usr/bin/env bash
# Source this file after ensure-node.sh: installs the dev dependencies when package-lock.json
# changed since the last install (or on a fresh clone).
_lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f node_modules/.annexcloud-install-stamp ] || [ "$(cat node_modules/.annexcloud-install-stamp)" != "$_lock_hash" ]; then
	echo "ensure-deps: npm ci" >&2
	npm ci --no-audit --no-fund --loglevel=error
	echo "$_lock_hash" > node_modules/.annexcloud-install-stamp
fi
