/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test setup, not runtime code */
// n8n-core writes its instance settings under N8N_USER_FOLDER: keep tests out of ~/.n8n.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'annexcloud-n8n-'));
}
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n-core's logger would print every error a test provokes on purpose.
process.env.N8N_LOG_LEVEL ??= 'silent';
