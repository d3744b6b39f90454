// Manual dev aid (not a test): `PORT=3000 SEED=60 node --import tsx test/browser/dev-server.ts` starts a seeded
// server on web/dist (build it first) and prints its URL and the users' TOTP secrets (password: PASSWORD).
import { startConsoleServer, demoComplaint } from './support.ts';

const s = await startConsoleServer({ port: Number(process.env.PORT ?? 0) });
await s.unit('HQ', '总行', 'head_office');
await s.unit('BJ', '北京分行', 'branch', 'HQ');
await s.unit('BJ01', '北京海淀支行', 'sub_branch', 'BJ');
await s.unit('SH', '上海分行', 'branch', 'HQ');
await s.user('agent1', '前台甲', ['agent'], 'BJ01');
await s.user('handler1', '处理人甲', ['handler'], 'BJ01', { totp: true });
await s.user('sup1', '主管乙', ['supervisor'], 'BJ', { totp: true });
await s.user('cp1', '消保丙', ['consumer_protection'], 'BJ', { totp: true });
await s.user('admin1', '管理员', ['admin'], 'HQ', { totp: true });
const now = new Date();
const n = Number(process.env.SEED ?? 30);
for (let i = 0; i < n; i++) await s.complaint('agent1', demoComplaint(i, 'BJ01', now));
console.log(JSON.stringify({ url: s.url, users: s.users }, null, 1));
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => void s.close().then(() => process.exit(0)));
