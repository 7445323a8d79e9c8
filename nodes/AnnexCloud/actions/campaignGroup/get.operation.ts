import { PARAMETERS } from '../../helpers/parameters';
import { simplifyCampaignGroup } from '../../helpers/simplify';
import { ROUTES } from '../../transport';
import { campaignGroupLocator } from '../common.descriptions';
import { getByIdOperation } from '../readOperationFactories';

export const { description, execute } = getByIdOperation({
	resource: 'campaignGroup',
	operation: 'get',
	route: ROUTES.getCampaignGroup,
	pathParam: 'campaignGroupId',
	parameter: PARAMETERS.campaignGroupId,
	locator: campaignGroupLocator('The campaign group to read. Pick it from the list or enter its ID.'),
	hint: 'Check the campaign group ID. Call Campaign Group > Get Many to list the IDs that exist.',
	noun: 'Campaign group',
	simplify: simplifyCampaignGroup,
	simplifyKind: 'campaignGroup',
});
