import { analyseComplaint } from '../../src/core/classify/analyse.ts';
for (const t of ['客户来电反映问题，要求银行尽快给予答复。\n尽快答复', '客户对上次的处理不太认可，希望有人再联系一下。\n再次联系', '来信反映的事项需要进一步了解。\n了解情况', '我想问一下这个事情怎么处理\n给个说法'])
  { const a = analyseComplaint(t); console.log(a.category, a.categoryConfidence.toFixed(3), t.slice(0, 20)); }
