import { ChannelType, GatewayIntentBits, type APIGuildMember } from 'discord-api-types/v10';
import { apiErrors } from '../errors.js';
import { buildGuildCreate } from '../guild-payload.js';
import type { RouteContext, RouteDef } from '../router.js';
import { isSnowflake } from '../snowflake.js';
import { addGuildChannel, makeRole } from '../state.js';

function guildOf({ emu, params }: RouteContext) {
  if (params.guildId !== emu.state.guildId) throw apiErrors.unknownGuild();
  return emu.state;
}

function memberOf(ctx: RouteContext): APIGuildMember {
  const member = guildOf(ctx).members.get(ctx.params.userId ?? '');
  if (!member) throw apiErrors.unknownMember();
  return member;
}

function memberUpdate(ctx: RouteContext, member: APIGuildMember): void {
  const data = { ...member, guild_id: ctx.emu.state.guildId };
  ctx.emu.gateway.dispatch('GUILD_MEMBER_UPDATE', data, GatewayIntentBits.GuildMembers);
}

// Permissions travel as decimal strings; anything else is an invalid form body.
function permissionsOf(body: Record<string, unknown>): string | undefined {
  const value = body.permissions;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) {
    throw apiErrors.invalidForm({ permissions: 'Must be a decimal string.' });
  }

  return value;
}

function listMembers(ctx: RouteContext) {
  const state = guildOf(ctx);
  const limit = Number(ctx.query.get('limit') ?? 1);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw apiErrors.invalidForm({ limit: 'Must be between 1 and 1000.' });
  }

  const afterText = ctx.query.get('after') ?? '0';
  if (afterText !== '0' && !isSnowflake(afterText)) {
    throw apiErrors.invalidForm({ after: 'Value is not snowflake.' });
  }

  const after = BigInt(afterText);
  const sorted = [...state.members.values()]
    .filter((m) => m.user && BigInt(m.user.id) > after)
    .sort((a, b) => (BigInt(a.user?.id ?? 0) < BigInt(b.user?.id ?? 0) ? -1 : 1));
  return { body: sorted.slice(0, limit) };
}

function searchMembers(ctx: RouteContext) {
  const state = guildOf(ctx);
  const query = (ctx.query.get('query') ?? '').toLowerCase();
  const limit = Math.min(1000, Math.max(1, Number(ctx.query.get('limit') ?? 1) || 1));
  const found = [...state.members.values()].filter((m) => {
    const names = [m.nick, m.user?.username, m.user?.global_name];
    return names.some((name) => typeof name === 'string' && name.toLowerCase().startsWith(query));
  });
  return { body: found.slice(0, limit) };
}

function patchMember(ctx: RouteContext) {
  const member = memberOf(ctx);
  const { body, emu } = ctx;
  if (Array.isArray(body.roles)) {
    const roles = body.roles.map(String);
    if (roles.some((id) => !emu.state.roles.has(id))) throw apiErrors.unknownRole();
    member.roles = roles;
  }

  if (body.nick !== undefined) member.nick = typeof body.nick === 'string' ? body.nick : null;
  memberUpdate(ctx, member);
  return { body: member };
}

function setMemberRole(ctx: RouteContext, add: boolean) {
  const member = memberOf(ctx);
  const roleId = ctx.params.roleId ?? '';
  if (!ctx.emu.state.roles.has(roleId)) throw apiErrors.unknownRole();
  const others = member.roles.filter((id) => id !== roleId);
  member.roles = add ? [...others, roleId] : others;
  memberUpdate(ctx, member);
  return {};
}

function createRole(ctx: RouteContext) {
  const state = guildOf(ctx);
  if (state.roles.size >= 250) throw apiErrors.maxRoles();
  const { body, emu } = ctx;
  const name = typeof body.name === 'string' ? body.name : 'new role';
  const permissions = BigInt(permissionsOf(body) ?? '0');
  const role = makeRole(emu.ids.next(), name, state.roles.size, permissions);
  if (typeof body.color === 'number') role.color = body.color;
  if (typeof body.hoist === 'boolean') role.hoist = body.hoist;
  if (typeof body.mentionable === 'boolean') role.mentionable = body.mentionable;
  state.roles.set(role.id, role);
  emu.gateway.dispatch(
    'GUILD_ROLE_CREATE',
    { guild_id: state.guildId, role },
    GatewayIntentBits.Guilds,
  );
  return { body: role };
}

function patchRole(ctx: RouteContext) {
  const state = guildOf(ctx);
  const role = state.roles.get(ctx.params.roleId ?? '');
  if (!role) throw apiErrors.unknownRole();
  const { body } = ctx;
  if (typeof body.name === 'string') role.name = body.name;
  role.permissions = permissionsOf(body) ?? role.permissions;
  if (typeof body.color === 'number') role.color = body.color;
  if (typeof body.hoist === 'boolean') role.hoist = body.hoist;
  if (typeof body.mentionable === 'boolean') role.mentionable = body.mentionable;
  ctx.emu.gateway.dispatch(
    'GUILD_ROLE_UPDATE',
    { guild_id: state.guildId, role },
    GatewayIntentBits.Guilds,
  );
  return { body: role };
}

function deleteRole(ctx: RouteContext) {
  const state = guildOf(ctx);
  const roleId = ctx.params.roleId ?? '';
  if (roleId === state.guildId || !state.roles.delete(roleId)) throw apiErrors.unknownRole();
  for (const member of state.members.values())
    member.roles = member.roles.filter((id) => id !== roleId);
  const data = { guild_id: state.guildId, role_id: roleId };
  ctx.emu.gateway.dispatch('GUILD_ROLE_DELETE', data, GatewayIntentBits.Guilds);
  return {};
}

function createChannel(ctx: RouteContext) {
  const state = guildOf(ctx);
  const { body, emu } = ctx;
  const guildChannels = [...state.channels.values()].filter((c) => c.recipientId === undefined);
  if (guildChannels.length >= 500) throw apiErrors.maxChannels();
  if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100) {
    throw apiErrors.invalidForm({ name: 'Must be between 1 and 100 in length.' });
  }

  const type = typeof body.type === 'number' ? body.type : ChannelType.GuildText;
  const fields = {
    id: emu.ids.next(),
    name: body.name,
    type,
    topic: typeof body.topic === 'string' ? body.topic : null,
    permission_overwrites: Array.isArray(body.permission_overwrites)
      ? body.permission_overwrites
      : [],
  };
  const parentId = typeof body.parent_id === 'string' ? body.parent_id : null;
  const channel = addGuildChannel(state, fields, parentId);
  emu.gateway.dispatch('CHANNEL_CREATE', channel, GatewayIntentBits.Guilds);
  emu.channelWatch.notify(channel);
  return { status: 201, body: channel };
}

/** Guild, member, role and guild-channel routes. */
export const guildRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/guilds/:guildId',
    handler: (ctx) => ({ body: buildGuildCreate(guildOf(ctx), ctx.emu.clock.now()) }),
  },
  { method: 'GET', pattern: '/guilds/:guildId/members', handler: listMembers },
  { method: 'GET', pattern: '/guilds/:guildId/members/search', handler: searchMembers },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/members/:userId',
    handler: (ctx) => ({ body: memberOf(ctx) }),
  },
  { method: 'PATCH', pattern: '/guilds/:guildId/members/:userId', handler: patchMember },
  {
    method: 'DELETE',
    pattern: '/guilds/:guildId/members/:userId',
    handler: (ctx) => {
      ctx.emu.removeMember(memberOf(ctx).user?.id ?? '');
      return {};
    },
  },
  {
    method: 'PUT',
    pattern: '/guilds/:guildId/members/:userId/roles/:roleId',
    handler: (ctx) => setMemberRole(ctx, true),
  },
  {
    method: 'DELETE',
    pattern: '/guilds/:guildId/members/:userId/roles/:roleId',
    handler: (ctx) => setMemberRole(ctx, false),
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/roles',
    handler: (ctx) => ({ body: [...guildOf(ctx).roles.values()] }),
  },
  { method: 'POST', pattern: '/guilds/:guildId/roles', handler: createRole },
  { method: 'PATCH', pattern: '/guilds/:guildId/roles/:roleId', handler: patchRole },
  { method: 'DELETE', pattern: '/guilds/:guildId/roles/:roleId', handler: deleteRole },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/channels',
    handler: (ctx) => ({
      body: [...guildOf(ctx).channels.values()]
        .filter((c) => c.recipientId === undefined)
        .map((c) => c.channel),
    }),
  },
  { method: 'POST', pattern: '/guilds/:guildId/channels', handler: createChannel },
];
