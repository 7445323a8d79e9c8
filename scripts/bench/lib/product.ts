/**
 * The benchmarks' one door into the package. Benchmarks measure the nodes and the credential
 * as n8n runs them, plus a few pure pieces measured alone (the signer, the trigger's state
 * machine); every such piece is named here and nowhere else under scripts/, so a refactor of
 * the package's internals is mended in this file only. Keep it to what a benchmark measures.
 */
export { AnnexCloud } from '../../../nodes/AnnexCloud/AnnexCloud.node';
export { AnnexCloudTrigger } from '../../../nodes/AnnexCloud/AnnexCloudTrigger.node';
export { AnnexCloudApi } from '../../../credentials/AnnexCloudApi.credentials';

/** Concurrent Requests: the default and "no limit" (0). */
export { DEFAULT_CONCURRENCY, NO_LIMIT } from '../../../nodes/AnnexCloud/helpers/concurrency';

/** The body of the credential's `authenticate`, measured alone against jsonwebtoken. */
export { signRequest } from '../../../nodes/AnnexCloud/transport/requestSigner';

/** The trigger's steps, measured alone at 10,000 campaigns (bench trigger). */
export { annexCloudApiRequestAllItems, LIST_KEYS, ROUTES } from '../../../nodes/AnnexCloud/transport';
export { pollDeadline } from '../../../nodes/AnnexCloud/trigger/deadline';
export { advance } from '../../../nodes/AnnexCloud/trigger/advance';
export {
	activeCampaigns,
	canonicalJson,
	isUnchanged,
	parseState,
	serializeState,
	type TriggerOptions,
} from '../../../nodes/AnnexCloud/trigger/state';
