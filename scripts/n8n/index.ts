/** Real-n8n tooling for the demo and the end-to-end tests. */
export * from './paths';
export * from './progress';
export * from './proc';
export * from './provision';
export * from './pack';
export * from './ports';
export * from './http';
export * from './rest';
export * from './publicApi';
export * from './runData';
export * from './instance';
export * from './examples';
export * from './redis';
export * from './queue';
export * from './postgres';
export * from './workflow';
export * from './versions';
