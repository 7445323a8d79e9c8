/**
 * End-to-end tests in real n8n (test/e2e): `bash scripts/e2e.sh` (or `npm run test:e2e`).
 * globalSetup provisions n8n and packs this repository once; each test file starts its own
 * n8n with the tarball installed as a community package. Files run one at a time.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	rootDir: __dirname,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	// Each execute boots n8n (4-6 s); the trigger test waits for two poll minutes.
	testTimeout: 10 * 60_000,
	maxWorkers: 1,
	// The sandbox's and n8n-workflow's keep-alive sockets; n8n itself is always stopped.
	forceExit: true,
};
