// The ordered list of migrations. Names sort in the order they run; never edit one that has shipped.
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-complaints.ts';
import * as m0003 from './0003-customer.ts';
import * as m0004 from './0004-config.ts';
import * as m0100 from './0100-analytics.ts';
import * as m0101 from './0101-classifier-models.ts';
import * as m0102 from './0102-staff-notices.ts';
import * as m0103 from './0103-queue-order.ts';
import * as m0104 from './0104-deadline-statutory-index.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-complaints': m0002,
  '0003-customer': m0003,
  '0004-config': m0004,
  '0100-analytics': m0100,
  '0101-classifier-models': m0101,
  '0102-staff-notices': m0102,
  '0103-queue-order': m0103,
  '0104-deadline-statutory-index': m0104,
};
