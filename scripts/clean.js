#!/usr/bin/env node
// Remove build output so that a pack never ships stale files.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

for (const dir of ['dist']) {
	fs.rmSync(path.join(__dirname, '..', dir), { recursive: true, force: true });
}
