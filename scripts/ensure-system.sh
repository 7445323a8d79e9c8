#!/usr/bin/env bash
# Source this file (or run it) before the end-to-end tests: Debian's Chromium (the browser check,
# driven by playwright-core: no browser download), Redis and PostgreSQL (n8n queue mode: a shared
# sqlite file fails with SQLITE_BUSY under two workers; PostgreSQL's programs are found in
# /usr/lib/postgresql/<version>/bin, which is not on PATH). Installs with
# apt-get when one is missing and this user can; otherwise says what is missing and goes on
# (the tests that need it then fail with that message).
_annex_missing=()
command -v chromium >/dev/null 2>&1 || _annex_missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || _annex_missing+=(redis-server)
command -v initdb >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || _annex_missing+=(postgresql)
if [ "${#_annex_missing[@]}" -gt 0 ]; then
	if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
		echo "ensure-system: apt-get install ${_annex_missing[*]}" >&2
		_annex_started=$(date +%s)
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${_annex_missing[@]}" >/dev/null
		echo "ensure-system: installed in $(( $(date +%s) - _annex_started )) s" >&2
	else
		echo "ensure-system: missing ${_annex_missing[*]} (install them: apt-get install ${_annex_missing[*]})" >&2
	fi
fi
unset _annex_missing _annex_started
