// Administration: users, roles, MFA reset, the org-unit tree, API keys.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../app/deps.ts';
import { createUser, getUser, listUsers, resetMfa, updateUser } from '../../app/admin/users.ts';
import { createOrgUnit, listOrgUnits, updateOrgUnit, LEVELS } from '../../app/admin/org-units.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../app/admin/api-keys.ts';
import { IdParams, NoQuery, obj, responses, Text, Uuid } from '../schemas.ts';
import { ROLES } from '../../core/access/permissions.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  orgUnitId: Type.String(),
  roles: Type.Array(Type.String()),
  status: Type.String(),
  mfaEnabled: Type.Boolean(),
  lockedUntil: Nullable(Type.String()),
  email: Nullable(Type.String()),
});
const OrgUnit = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  level: Type.String(),
  parentId: Nullable(Type.String()),
  active: Type.Boolean(),
});
const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  orgUnitId: Nullable(Type.String()),
  createdAt: Type.String(),
  revokedAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
});

export async function adminRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const api = root.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/users', {
    config: { permission: 'user:manage' },
    schema: {
      operationId: 'listUsers', tags: ['admin'], summary: '用户列表 / list staff users',
      querystring: obj({ orgUnitId: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
      response: responses({ 200: Type.Object({ items: Type.Array(User) }) }),
    },
  }, async (req) => ({ items: await listUsers(deps, req.ctx, { ...(req.query.orgUnitId ? { orgUnitId: req.query.orgUnitId } : {}), limit: req.query.limit ?? 200 }) }));

  api.post('/users', {
    config: { permission: 'user:manage' },
    schema: {
      operationId: 'createUser', tags: ['admin'], summary: '新建用户 / create a staff user',
      querystring: NoQuery,
      body: obj({ username: Type.String({ pattern: '^[A-Za-z0-9._-]{3,64}$' }), displayName: Text(100, 1), orgUnitId: Uuid, roles: Type.Array(RoleSchema, { maxItems: 7 }), password: Text(256, 1), email: Type.Optional(Text(254)) }),
      response: responses({ 201: User }),
    },
  }, async (req, reply) => reply.code(201).send(await createUser(deps, req.ctx, req.body)));

  api.get('/users/:id', {
    config: { permission: 'user:manage' },
    schema: { operationId: 'getUser', tags: ['admin'], summary: '用户详情 / get a staff user', params: IdParams, querystring: NoQuery, response: responses({ 200: User }) },
  }, async (req) => getUser(deps, req.ctx, req.params.id));

  api.patch('/users/:id', {
    config: { permission: 'user:manage' },
    schema: {
      operationId: 'updateUser', tags: ['admin'], summary: '修改用户 / update a staff user (roles, unit, status, unlock)',
      params: IdParams, querystring: NoQuery,
      body: obj({
        displayName: Type.Optional(Text(100, 1)),
        roles: Type.Optional(Type.Array(RoleSchema, { maxItems: 7 })),
        status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
        orgUnitId: Type.Optional(Uuid),
        unlock: Type.Optional(Type.Boolean()),
        email: Type.Optional(Nullable(Text(254))),
      }),
      response: responses({ 200: User }),
    },
  }, async (req) => updateUser(deps, req.ctx, req.params.id, req.body));

  api.post('/users/:id/mfa-reset', {
    config: { permission: 'user:manage' },
    schema: { operationId: 'resetUserMfa', tags: ['admin'], summary: '重置双因素认证 / reset a user\'s TOTP', params: IdParams, querystring: NoQuery, response: responses({ 200: User }) },
  }, async (req) => resetMfa(deps, req.ctx, req.params.id));

  api.get('/org-units', {
    config: { permission: 'authenticated' },
    schema: { operationId: 'listOrgUnits', tags: ['admin'], summary: '机构树 / the org units the caller can see', querystring: NoQuery, response: responses({ 200: Type.Object({ items: Type.Array(OrgUnit) }) }) },
  }, async (req) => ({ items: await listOrgUnits(deps.db, req.ctx) }));

  api.post('/org-units', {
    config: { permission: 'org:manage' },
    schema: {
      operationId: 'createOrgUnit', tags: ['admin'], summary: '新建机构 / create an org unit',
      querystring: NoQuery,
      body: obj({
        code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }),
        name: Text(100, 1),
        nameEn: Type.Optional(Text(100)),
        level: Type.Union(LEVELS.map((l) => Type.Literal(l))),
        parentId: Type.Optional(Uuid),
      }),
      response: responses({ 201: OrgUnit }),
    },
  }, async (req, reply) => reply.code(201).send(await createOrgUnit(deps, req.ctx, req.body)));

  api.patch('/org-units/:id', {
    config: { permission: 'org:manage' },
    schema: {
      operationId: 'updateOrgUnit', tags: ['admin'], summary: '修改机构 / update an org unit',
      params: IdParams, querystring: NoQuery,
      body: obj({ name: Type.Optional(Text(100, 1)), nameEn: Type.Optional(Nullable(Text(100))), active: Type.Optional(Type.Boolean()) }),
      response: responses({ 200: OrgUnit }),
    },
  }, async (req) => updateOrgUnit(deps, req.ctx, req.params.id, req.body));

  api.get('/api-keys', {
    config: { permission: 'apikey:manage' },
    schema: { operationId: 'listApiKeys', tags: ['admin'], summary: 'API 密钥列表 / list API keys', querystring: NoQuery, response: responses({ 200: Type.Object({ items: Type.Array(ApiKey) }) }) },
  }, async () => ({ items: await listApiKeys(deps) }));

  api.post('/api-keys', {
    config: { permission: 'apikey:manage' },
    schema: {
      operationId: 'createApiKey', tags: ['admin'], summary: '新建 API 密钥（仅显示一次）/ create an API key (shown once)',
      querystring: NoQuery,
      body: obj({ name: Text(100, 1), scopes: Type.Array(Text(40, 1), { minItems: 1, maxItems: 10 }), orgUnitId: Type.Optional(Uuid) }),
      response: responses({ 201: Type.Object({ ...ApiKey.properties, token: Type.String() }) }),
    },
  }, async (req, reply) => reply.code(201).send(await createApiKey(deps, req.ctx, req.body)));

  api.delete('/api-keys/:id', {
    config: { permission: 'apikey:manage' },
    schema: { operationId: 'revokeApiKey', tags: ['admin'], summary: '吊销 API 密钥 / revoke an API key', params: IdParams, querystring: NoQuery, response: responses({ 200: ApiKey }) },
  }, async (req) => revokeApiKey(deps, req.ctx, req.params.id));
}
