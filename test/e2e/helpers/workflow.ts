/**
 * Workflows for `n8n import:workflow` in tests: the nodes and workflows the e2e tests share. The
 * builder itself (nodes, connections, positions) is scripts/n8n/workflow.ts, shared with the
 * benchmarks.
 */
import { CREDENTIAL_TYPE, nodeTypeNames, WorkflowBuilder, type NodeSpec, type WorkflowDefinition } from '../../../scripts/n8n';

export { codeNode, MANUAL_TRIGGER, manualTrigger, WorkflowBuilder, type NodeSpec } from '../../../scripts/n8n';

/** An Annex Cloud action node using the credential `credential`. */
export function annexNode(
	name: string,
	parameters: Record<string, unknown>,
	credential: { id: string; name: string },
	settings: Record<string, unknown> = {},
): NodeSpec {
	return {
		name,
		type: nodeTypeNames().action,
		typeVersion: 1,
		parameters,
		credentials: { [CREDENTIAL_TYPE]: credential },
		...settings,
	};
}

/** A resource locator value "By ID". */
export function byId(value: string): { __rl: true; mode: 'id'; value: string } {
	return { __rl: true, mode: 'id', value };
}

/** The trigger node's name in the trigger workflows (its run data is read back by this name). */
export const NEW_ACTIVE_CAMPAIGN = 'New Active Campaign';

/**
 * A published-trigger workflow: the Annex Cloud Trigger (every minute, newly active campaigns,
 * simplified) forwarding each emitted item to `${sinkUrl}/campaign-became-active`.
 */
export function campaignBecameActiveWorkflow(
	id: string,
	name: string,
	credential: { id: string; name: string },
	sinkUrl: string,
): WorkflowDefinition {
	return campaignEventWorkflow(id, name, credential, `${sinkUrl}/campaign-became-active`, { event: 'campaignBecameActive', typeVersion: 1 });
}

/** A published-workflow shape for any trigger event: the trigger, then an HTTP Request node forwarding each item to `url`. */
export function campaignEventWorkflow(
	id: string,
	name: string,
	credential: { id: string; name: string },
	url: string,
	trigger: { event: string; typeVersion: number; parameters?: Record<string, unknown> },
): WorkflowDefinition {
	return new WorkflowBuilder(id, name)
		.add({
			name: NEW_ACTIVE_CAMPAIGN,
			type: nodeTypeNames().trigger,
			typeVersion: trigger.typeVersion,
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				event: trigger.event,
				simplify: true,
				filters: {},
				options: {},
				...(trigger.parameters ?? {}),
			},
			credentials: { [CREDENTIAL_TYPE]: credential },
		})
		.add(
			{
				name: 'Forward To Sink',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'POST',
					url,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
					options: {},
				},
			},
			NEW_ACTIVE_CAMPAIGN,
		)
		.build();
}
