import { simplifyCampaign } from '../../helpers/simplify';
import { LIST_KEYS, ROUTES } from '../../transport';
import { listByStatusOperation } from '../readOperationFactories';

export const { description, execute } = listByStatusOperation({
	resource: 'campaign',
	operation: 'getMany',
	route: ROUTES.getCampaignsByStatus,
	listKey: LIST_KEYS.campaigns,
	statusDescription: 'Which campaigns to list, by their on/off status',
	simplify: simplifyCampaign,
	simplifyKind: 'campaign',
});
