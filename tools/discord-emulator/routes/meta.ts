import type { APIApplicationCommand } from 'discord-api-types/v10';
import { apiErrors } from '../errors.js';
import type { RouteContext, RouteDef } from '../router.js';

// Login, the bot user, the application and application commands.

function getGatewayBot({ emu }: RouteContext) {
  return {
    body: {
      url: emu.gatewayUrl,
      shards: 1,
      session_start_limit: {
        total: 1000,
        // The daily budget of identifies, spent by every accepted IDENTIFY.
        remaining: Math.max(0, 1000 - emu.gateway.stats.identifies),
        reset_after: 86_400_000,
        max_concurrency: 1,
      },
    },
  };
}

function getUser({ emu, params }: RouteContext) {
  const id = params.userId === '@me' ? emu.state.bot.id : (params.userId ?? '');
  const user = emu.state.users.get(id);
  if (!user) throw apiErrors.unknownUser();
  return { body: user };
}

function getApplication({ emu }: RouteContext) {
  const { state } = emu;
  return {
    body: {
      id: state.applicationId,
      name: state.bot.username,
      icon: null,
      description: '',
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: state.applicationFlags,
      bot: state.bot,
      team: null,
      summary: '',
    },
  };
}

// Bulk overwrite: commands keep their id when one of the same name and type existed; each new
// one counts against the 200 creates a day.
function putCommands({ emu, params, list }: RouteContext, guild: boolean) {
  if (params.applicationId !== emu.state.applicationId) throw apiErrors.missingAccess();
  if (guild && params.guildId !== emu.state.guildId) throw apiErrors.missingAccess();
  if (!list) throw apiErrors.invalidForm({ _root: 'Expected an array of commands.' });
  const current = guild ? emu.state.guildCommands : emu.state.globalCommands;
  const next: APIApplicationCommand[] = [];

  for (const [index, raw] of list.entries()) {
    const input = (raw ?? {}) as Record<string, unknown>;
    const name = input.name;
    if (typeof name !== 'string' || !/^[-_\p{L}\p{N}]{1,32}$/u.test(name)) {
      throw apiErrors.invalidForm({ [`${index}.name`]: 'Invalid command name.' });
    }

    const type = typeof input.type === 'number' ? input.type : 1;
    const old = current.find((c) => c.name === name && c.type === type);
    if (!old && ++emu.state.commandCreates > 200) throw apiErrors.maxCommandCreates();
    next.push({
      id: old?.id ?? emu.ids.next(),
      application_id: emu.state.applicationId,
      ...(guild ? { guild_id: emu.state.guildId } : {}),
      name,
      description: typeof input.description === 'string' ? input.description : '',
      type,
      options: Array.isArray(input.options) ? input.options : [],
      default_member_permissions: (input.default_member_permissions as string | null) ?? null,
      version: emu.ids.next(),
      nsfw: false,
      contexts: (input.contexts as number[] | null) ?? null,
      integration_types: [0],
    } as APIApplicationCommand);
  }

  if (guild) emu.state.guildCommands = next;
  else emu.state.globalCommands = next;
  return { body: next };
}

function getCommands({ emu, params }: RouteContext) {
  return { body: params.guildId ? emu.state.guildCommands : emu.state.globalCommands };
}

/** Routes for login, users, the application and its commands. */
export const metaRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/gateway/bot', handler: getGatewayBot },
  {
    method: 'GET',
    pattern: '/gateway',
    handler: ({ emu }) => ({ body: { url: emu.gatewayUrl } }),
  },
  { method: 'GET', pattern: '/users/:userId', handler: getUser },
  { method: 'GET', pattern: '/applications/@me', handler: getApplication },
  { method: 'GET', pattern: '/applications/:applicationId/commands', handler: getCommands },
  {
    method: 'PUT',
    pattern: '/applications/:applicationId/commands',
    handler: (ctx) => putCommands(ctx, false),
  },
  {
    method: 'GET',
    pattern: '/applications/:applicationId/guilds/:guildId/commands',
    handler: getCommands,
  },
  {
    method: 'PUT',
    pattern: '/applications/:applicationId/guilds/:guildId/commands',
    handler: (ctx) => putCommands(ctx, true),
  },
];
