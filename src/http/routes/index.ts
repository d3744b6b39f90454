// Route plugins added by feature areas beyond the foundation (complaints, deadlines, …).
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../app/deps.ts';

export type RoutePlugin = (api: FastifyInstance, deps: Deps) => Promise<void> | void;

import { complaintRoutes } from './complaints.routes.ts';
import { portalRoutes } from './portal.routes.ts';
import { configRoutes } from './config.routes.ts';
import { classifierRoutes } from './classifier.routes.ts';
import { analyticsRoutes } from './analytics.routes.ts';
import { consoleRoutes } from './console.routes.ts';
import { staffNoticeRoutes } from './staff-notices.routes.ts';

export const extraRoutes: RoutePlugin[] = [complaintRoutes, portalRoutes, configRoutes, classifierRoutes, analyticsRoutes, consoleRoutes, staffNoticeRoutes];
