import { simplifyCampaignGroup } from '../../helpers/simplify';
import { LIST_KEYS, ROUTES } from '../../transport';
import { listByStatusOperation } from '../readOperationFactories';

export const { description, execute } = listByStatusOperation({
	resource: 'campaignGroup',
	operation: 'getMany',
	route: ROUTES.getCampaignGroupsByStatus,
	listKey: LIST_KEYS.campaignGroups,
	statusDescription: 'Which campaign groups to list, by their on/off status',
	simplify: simplifyCampaignGroup,
	simplifyKind: 'campaignGroup',
});
