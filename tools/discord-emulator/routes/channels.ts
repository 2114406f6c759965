import { GatewayIntentBits, type APIMessage } from 'discord-api-types/v10';
import { apiErrors, RateLimitedError } from '../errors.js';
import {
  channelOf,
  createMessage,
  deleteMessage,
  dispatchMessage,
  editMessage,
  findMessage,
} from '../messages.js';
import type { RouteContext, RouteDef } from '../router.js';
import { isSnowflake, snowflakeTime } from '../snowflake.js';

const fourteenDaysMs = 14 * 86_400_000;

function openDm({ emu, body }: RouteContext) {
  const userId = String(body.recipient_id ?? '');
  if (!emu.state.users.has(userId)) throw apiErrors.invalidForm({ recipient_id: 'Unknown user.' });
  return { body: emu.dmChannel(userId) };
}

function postMessage({ emu, params, body, files }: RouteContext) {
  const channel = channelOf(emu, params.channelId ?? '');
  const recipient = channel.recipientId;
  // Closed DMs, or no guild in common any more: Discord refuses with 50007.
  if (recipient && (emu.state.dmClosed.has(recipient) || !emu.state.members.has(recipient))) {
    throw apiErrors.cannotMessageUser();
  }

  const message = createMessage(emu, channel.channel.id, body, files, { author: emu.state.bot });
  return { body: message };
}

// Newest first; `before`, `after` and `around` exclude each other; limit 1–100 (default 50).
function listMessages({ emu, params, query }: RouteContext) {
  const all = [...channelOf(emu, params.channelId ?? '').messages.values()];
  const limitText = query.get('limit');
  const limit = limitText === null ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw apiErrors.invalidForm({ limit: 'Must be between 1 and 100.' });
  }

  const cursors = ['before', 'after', 'around'].filter((key) => query.has(key));
  if (cursors.length > 1) throw apiErrors.invalidForm({ _root: 'Only one cursor allowed.' });
  for (const key of cursors) {
    if (!isSnowflake(query.get(key)))
      throw apiErrors.invalidForm({ [key]: 'Value is not snowflake.' });
  }

  const before = query.get('before');
  const after = query.get('after');
  const around = query.get('around');
  let picked: APIMessage[];
  if (before) picked = all.filter((m) => BigInt(m.id) < BigInt(before)).slice(-limit);
  else if (after) picked = all.filter((m) => BigInt(m.id) > BigInt(after)).slice(0, limit);
  else if (around) {
    const index = all.findIndex((m) => BigInt(m.id) >= BigInt(around));
    const start = Math.max(0, (index < 0 ? all.length : index) - Math.floor(limit / 2));
    picked = all.slice(start, start + limit);
  } else picked = all.slice(-limit);
  return { body: picked.reverse() };
}

function patchMessage({ emu, params, body, files }: RouteContext) {
  const channelId = params.channelId ?? '';
  const found = findMessage(emu, channelId, params.messageId ?? '');
  if (found.author.id !== emu.state.bot.id) throw apiErrors.notAuthor();
  return { body: editMessage(emu, channelId, found.id, body, files) };
}

function bulkDelete({ emu, params, body }: RouteContext) {
  const channel = channelOf(emu, params.channelId ?? '');
  if (channel.recipientId !== undefined) throw apiErrors.missingPermissions();
  const ids = Array.isArray(body.messages) ? body.messages.map(String) : [];
  if (ids.length < 2 || ids.length > 100 || new Set(ids).size !== ids.length) {
    throw apiErrors.bulkDeleteCount();
  }

  const horizon = emu.clock.now() - fourteenDaysMs;
  if (ids.some((id) => !isSnowflake(id) || snowflakeTime(id) < horizon)) {
    throw apiErrors.messageTooOld();
  }

  const deleted = ids.filter((id) => channel.messages.delete(id));
  const data = { ids: deleted, channel_id: channel.channel.id, guild_id: emu.state.guildId };
  dispatchMessage(emu, 'MESSAGE_DELETE_BULK', channel, { id: deleted[0] ?? '', ...data });
  return {};
}

function patchChannel({ emu, params, body }: RouteContext) {
  const record = channelOf(emu, params.channelId ?? '');
  if (record.recipientId !== undefined) throw apiErrors.missingPermissions();
  const channel = record.channel as { name?: unknown; topic?: unknown };
  const renames =
    (body.name !== undefined && body.name !== channel.name) ||
    (body.topic !== undefined && body.topic !== channel.topic);
  // Renames and topic changes have their own small limit (a sublimit of the channel bucket).
  const waitS = renames ? emu.limiter.takeRename(record.channel.id) : null;
  if (waitS !== null) throw new RateLimitedError(waitS);

  const editable = ['name', 'topic', 'position', 'parent_id', 'permission_overwrites', 'nsfw'];
  const next = { ...record.channel } as Record<string, unknown>;
  for (const key of editable) if (body[key] !== undefined) next[key] = body[key];
  record.channel = next as unknown as typeof record.channel;
  emu.gateway.dispatch('CHANNEL_UPDATE', record.channel, GatewayIntentBits.Guilds);
  return { body: record.channel };
}

function deleteChannel({ emu, params }: RouteContext) {
  const record = channelOf(emu, params.channelId ?? '');
  if (record.recipientId !== undefined) throw apiErrors.missingPermissions();
  emu.state.channels.delete(record.channel.id);
  emu.gateway.dispatch('CHANNEL_DELETE', record.channel, GatewayIntentBits.Guilds);
  return { body: record.channel };
}

function setOverwrite({ emu, params, body }: RouteContext, remove: boolean) {
  const record = channelOf(emu, params.channelId ?? '');
  const channel = record.channel as unknown as { permission_overwrites?: { id: string }[] };
  const id = params.overwriteId ?? '';
  const rest = (channel.permission_overwrites ?? []).filter((o) => o.id !== id);
  const overwrite = {
    id,
    type: Number(body.type ?? 0),
    allow: String(body.allow ?? '0'),
    deny: String(body.deny ?? '0'),
  };
  channel.permission_overwrites = remove ? rest : [...rest, overwrite];
  emu.gateway.dispatch('CHANNEL_UPDATE', record.channel, GatewayIntentBits.Guilds);
  return {};
}

/** DM, message, channel and permission-overwrite routes. */
export const channelRoutes: RouteDef[] = [
  { method: 'POST', pattern: '/users/@me/channels', handler: openDm },
  { method: 'POST', pattern: '/channels/:channelId/messages', handler: postMessage },
  { method: 'GET', pattern: '/channels/:channelId/messages', handler: listMessages },
  { method: 'POST', pattern: '/channels/:channelId/messages/bulk-delete', handler: bulkDelete },
  {
    method: 'GET',
    pattern: '/channels/:channelId/messages/:messageId',
    handler: ({ emu, params }) => {
      const message = channelOf(emu, params.channelId ?? '').messages.get(params.messageId ?? '');
      if (!message) throw apiErrors.unknownMessage();
      return { body: message };
    },
  },
  { method: 'PATCH', pattern: '/channels/:channelId/messages/:messageId', handler: patchMessage },
  {
    method: 'DELETE',
    pattern: '/channels/:channelId/messages/:messageId',
    handler: ({ emu, params }) => {
      deleteMessage(emu, params.channelId ?? '', params.messageId ?? '');
      return {};
    },
  },
  { method: 'POST', pattern: '/channels/:channelId/typing', handler: () => ({}) },
  {
    method: 'GET',
    pattern: '/channels/:channelId',
    handler: ({ emu, params }) => ({ body: channelOf(emu, params.channelId ?? '').channel }),
  },
  { method: 'PATCH', pattern: '/channels/:channelId', handler: patchChannel },
  { method: 'DELETE', pattern: '/channels/:channelId', handler: deleteChannel },
  {
    method: 'PUT',
    pattern: '/channels/:channelId/permissions/:overwriteId',
    handler: (ctx) => setOverwrite(ctx, false),
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channelId/permissions/:overwriteId',
    handler: (ctx) => setOverwrite(ctx, true),
  },
];
