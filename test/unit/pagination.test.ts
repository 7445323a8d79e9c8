import { extractList, hasNextPage, pageInfoOf, toCount } from '../../nodes/AnnexCloud/transport/pagination';

describe('list responses', () => {
	it('reads the preferred key, a bare array, or another single list key', () => {
		expect(extractList({ allCampaignDetails: [{ a: 1 }], pages: '1' }, 'allCampaignDetails')).toEqual([{ a: 1 }]);
		expect(extractList([{ a: 1 }, { a: 2 }])).toEqual([{ a: 1 }, { a: 2 }]);
		expect(extractList({ data: [{ b: 1 }], pages: 2 }, 'allCampaignDetails')).toEqual([{ b: 1 }]);
		expect(extractList({ meta: ['x'], items: [{ c: 1 }, { c: 2 }] })).toEqual([{ c: 1 }, { c: 2 }]);
		expect(extractList({ errorCode: 'X' })).toEqual([]);
		expect(extractList('nope')).toEqual([]);
		expect(extractList(['a'])).toEqual([{ value: 'a' }]);
	});

	it('treats counts as numbers or numeric strings', () => {
		expect(toCount('3')).toBe(3);
		expect(toCount(3)).toBe(3);
		expect(toCount(' 4 ')).toBe(4);
		expect(toCount('')).toBeUndefined();
		expect(toCount('x')).toBeUndefined();
		expect(toCount(-1)).toBeUndefined();
		expect(pageInfoOf({ pages: '3', currentPage: 2 })).toEqual({ pages: 3, currentPage: 2 });
	});

	it('knows when to stop', () => {
		expect(hasNextPage({ pages: 3, currentPage: 1 }, 1, 10)).toBe(true);
		expect(hasNextPage({ pages: 3, currentPage: 3 }, 3, 10)).toBe(false);
		expect(hasNextPage({}, 1, 10)).toBe(false);
		expect(hasNextPage({ pages: 5, currentPage: 2 }, 2, 0)).toBe(false);
		// A server that ignores ?page= answers page 1 again: no endless loop.
		expect(hasNextPage({ pages: 5, currentPage: 1 }, 2, 10)).toBe(false);
		expect(hasNextPage({ pages: 5 }, 2, 10)).toBe(true);
	});
});
