import { PARAMETERS } from '../../helpers/parameters';
import { simplifyCampaign } from '../../helpers/simplify';
import { ROUTES } from '../../transport';
import { campaignLocator } from '../common.descriptions';
import { getByIdOperation } from '../readOperationFactories';

export const { description, execute } = getByIdOperation({
	resource: 'campaign',
	operation: 'get',
	route: ROUTES.getCampaign,
	pathParam: 'campaignId',
	parameter: PARAMETERS.campaignId,
	locator: campaignLocator('The campaign to read. Pick it from the list or enter its ID (Get Many lists the IDs).'),
	hint: 'Check the campaign ID. Call Campaign > Get Many to list the IDs that exist.',
	noun: 'Campaign',
	simplify: simplifyCampaign,
	simplifyKind: 'campaign',
});
