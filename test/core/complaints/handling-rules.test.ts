import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_HANDLING_RULES, handlingRulesFrom, validateHandlingRules } from '../../../src/core/complaints/index.ts';

test('handling rules: whole days 1–365, both switches boolean, no unknown fields; each problem named by field', () => {
  assert.deepEqual(validateHandlingRules(DEFAULT_HANDLING_RULES), []);
  assert.deepEqual(validateHandlingRules({ ...DEFAULT_HANDLING_RULES, repeatWindowDays: 365 }), []);
  const cases: Array<[unknown, Array<{ field: string; reason: string }>]> = [
    [null, [{ field: '', reason: 'not_an_object' }]],
    [[], [{ field: '', reason: 'not_an_object' }]],
    [{ ...DEFAULT_HANDLING_RULES, repeatWindowDays: 0 }, [{ field: 'repeatWindowDays', reason: 'out_of_range' }]],
    [{ ...DEFAULT_HANDLING_RULES, repeatWindowDays: 366 }, [{ field: 'repeatWindowDays', reason: 'out_of_range' }]],
    [{ ...DEFAULT_HANDLING_RULES, repeatWindowDays: 30.5 }, [{ field: 'repeatWindowDays', reason: 'out_of_range' }]],
    [{ ...DEFAULT_HANDLING_RULES, repeatWindowDays: '30' }, [{ field: 'repeatWindowDays', reason: 'out_of_range' }]],
    [{ ...DEFAULT_HANDLING_RULES, majorRequiresInPersonFeedback: 1 }, [{ field: 'majorRequiresInPersonFeedback', reason: 'not_boolean' }]],
    [{ ...DEFAULT_HANDLING_RULES, reviewWindowDays: 10 }, [{ field: 'reviewWindowDays', reason: 'unknown_field' }]],
    [{ repeatWindowDays: 30 }, [{ field: 'majorRequiresInPersonFeedback', reason: 'not_boolean' }, { field: 'notifyCustomerOnFirstExtension', reason: 'not_boolean' }]],
  ];
  for (const [v, want] of cases) assert.deepEqual(validateHandlingRules(v), want, JSON.stringify(v));
});

test('stored rules read field by field over the defaults: missing, invalid or unknown fields never break the reading', () => {
  assert.deepEqual(handlingRulesFrom(undefined), DEFAULT_HANDLING_RULES);
  assert.deepEqual(handlingRulesFrom({ repeatWindowDays: 30 }), { ...DEFAULT_HANDLING_RULES, repeatWindowDays: 30 });
  assert.deepEqual(handlingRulesFrom({ repeatWindowDays: 0, majorRequiresInPersonFeedback: false, futureRule: true }), { ...DEFAULT_HANDLING_RULES, majorRequiresInPersonFeedback: false });
  assert.deepEqual(handlingRulesFrom('garbage'), DEFAULT_HANDLING_RULES);
});
