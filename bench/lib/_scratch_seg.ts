import { searchText } from '../../src/app/complaints/search-text.ts';
import { createRng, complaintText } from './cn.ts';
const rng = createRng(1);
const xs = Array.from({ length: 20000 }, () => complaintText(rng));
searchText('预热');
const t0 = performance.now();
for (const x of xs) searchText(x.content, x.demand, x.productName);
console.log('per text µs', ((performance.now() - t0) * 1000) / xs.length);
