// Sign-in, second factor, enrolment, sign-out, password change, and "who am I".
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import QRCode from 'qrcode';
import type { Deps } from '../../app/deps.ts';
import { activateTotp, changePassword, login, startTotpEnrolment, verifySecondFactor } from '../../app/auth/login.ts';
import { revokeSession } from '../../app/auth/sessions.ts';
import { sha256 } from '../../security/tokens.ts';
import { appendAudit } from '../../db/audit.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { NoQuery, Ok, obj, responses, Text } from '../schemas.ts';
import { permissionsOf } from '../../core/access/permissions.ts';

const Session = Type.Object({
  mfa: Type.Union([Type.Literal('none'), Type.Literal('required'), Type.Literal('enrolment_required'), Type.Literal('verified')]),
  csrfToken: Type.String(),
});

const Me = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  orgUnitId: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
  mfaVerified: Type.Boolean(),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

export async function authRoutes(root: FastifyInstance, deps: Deps, opts: { secureCookies: boolean }): Promise<void> {
  const api = root.withTypeProvider<TypeBoxTypeProvider>();
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: opts.secureCookies, path: '/', maxAge: 12 * 3600 });

  api.post(
    '/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: '登录 / sign in with user name and password',
        querystring: NoQuery,
        body: obj({ username: Text(64, 1), password: Text(256, 1) }),
        response: responses({ 200: Session }),
      },
    },
    async (req, reply) => {
      const r = await login(deps, req.ctx, req.body);
      setCookie(reply, r.token);
      return { mfa: r.mfa, csrfToken: r.csrfToken };
    },
  );

  api.post(
    '/auth/totp/verify',
    {
      config: { permission: 'authenticated', allowWithoutMfa: true },
      schema: {
        operationId: 'verifyTotp',
        tags: ['auth'],
        summary: '双因素认证 / pass the second factor with a TOTP code or a recovery code',
        querystring: NoQuery,
        body: obj({ code: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })), recoveryCode: Type.Optional(Text(32, 1)) }),
        response: responses({ 200: Session }),
      },
    },
    async (req, reply) => {
      const s = await verifySecondFactor(deps, req.ctx, req.sessionToken!, req.body);
      setCookie(reply, s.token);
      return { mfa: 'verified' as const, csrfToken: s.csrfToken };
    },
  );

  api.post(
    '/auth/totp/enroll',
    {
      config: { permission: 'authenticated', allowWithoutMfa: true },
      schema: {
        operationId: 'startTotpEnrolment',
        tags: ['auth'],
        summary: '开始绑定动态口令 / start TOTP enrolment (secret and QR code)',
        querystring: NoQuery,
        response: responses({ 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrDataUrl: Type.String() }) }),
      },
    },
    async (req) => {
      const r = await startTotpEnrolment(deps, req.ctx);
      return { ...r, qrDataUrl: await QRCode.toDataURL(r.otpauthUri) };
    },
  );

  api.post(
    '/auth/totp/activate',
    {
      config: { permission: 'authenticated', allowWithoutMfa: true },
      schema: {
        operationId: 'activateTotp',
        tags: ['auth'],
        summary: '确认绑定动态口令 / confirm TOTP enrolment; returns one-time recovery codes',
        querystring: NoQuery,
        body: obj({ code: Type.String({ pattern: '^[0-9]{6}$' }) }),
        response: responses({ 200: Type.Object({ recoveryCodes: Type.Array(Type.String()), csrfToken: Type.String() }) }),
      },
    },
    async (req, reply) => {
      const r = await activateTotp(deps, req.ctx, req.sessionToken!, req.body.code);
      setCookie(reply, r.token);
      return { recoveryCodes: r.recoveryCodes, csrfToken: r.csrfToken };
    },
  );

  api.post(
    '/auth/logout',
    {
      config: { permission: 'authenticated', allowWithoutMfa: true },
      schema: { operationId: 'logout', tags: ['auth'], summary: '退出登录 / sign out', querystring: NoQuery, response: responses({ 200: Ok }) },
    },
    async (req, reply) => {
      if (req.sessionToken) {
        await revokeSession(deps.db, req.sessionToken, req.ctx.now);
        await appendAudit(deps.db, req.ctx, { entityType: 'user', entityId: req.ctx.actor.id, kind: 'LOGOUT', data: {} });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  api.post(
    '/auth/password',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'changePassword',
        tags: ['auth'],
        summary: '修改密码 / change own password (signs out every session)',
        querystring: NoQuery,
        body: obj({ currentPassword: Text(256, 1), newPassword: Text(256, 1) }),
        response: responses({ 200: Ok }),
      },
    },
    async (req, reply) => {
      await changePassword(deps, req.ctx, req.body);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  api.get(
    '/auth/me',
    {
      config: { permission: 'authenticated', allowWithoutMfa: true },
      schema: { operationId: 'getMe', tags: ['auth'], summary: '当前用户 / the signed-in user', querystring: NoQuery, response: responses({ 200: Me }) },
    },
    async (req) => {
      const a = req.ctx.actor;
      let csrf: string | null = null;
      if (req.sessionToken) {
        const s = await deps.db.selectFrom('staff_session').select('csrf_token').where('id', '=', sha256(req.sessionToken)).executeTakeFirst();
        csrf = s?.csrf_token ?? null;
      }
      return {
        id: a.id ?? '',
        displayName: a.displayName ?? '',
        orgUnitId: a.orgUnitId,
        roles: a.roles,
        permissions: a.type === 'user' ? [...permissionsOf(a.roles)] : [...a.permissions],
        mfaVerified: a.mfaVerified,
        csrfToken: csrf,
      };
    },
  );
}
