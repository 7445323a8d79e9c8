import { e2eContext } from './context';

/**
 * `describe` under the e2e config, `describe.skip` anywhere else: the unit suite's jest config
 * also matches test/**\/*.test.ts, and these tests need real n8n.
 */
export const describeE2e: jest.Describe = e2eContext() === undefined ? describe.skip : describe;
