import {
  GatewayIntentBits,
  MessageFlags,
  MessageType,
  type APIAttachment,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import type { DiscordEmulator } from './emulator.js';
import { apiErrors } from './errors.js';
import type { InteractionRecord } from './interactions.js';
import type { UploadedFile } from './router.js';
import { isoTime, type ChannelRecord } from './state.js';
import { validateMessageBody } from './validate.js';

/** Who sends a message, and through what. */
export interface MessageOrigin {
  author: APIUser;
  interaction?: InteractionRecord;
  ephemeral?: boolean;
  /** A deferred reply's placeholder: no validation, flag LOADING, nobody told yet. */
  loading?: boolean;
}

/** The channel record, or 10003. */
export function channelOf(emu: DiscordEmulator, channelId: string): ChannelRecord {
  const record = emu.state.channels.get(channelId);
  if (!record) throw apiErrors.unknownChannel();
  return record;
}

/** Creates a message from a body (and files), stores it, dispatches it and delivers it. */
export function createMessage(
  emu: DiscordEmulator,
  channelId: string,
  body: Record<string, unknown>,
  files: readonly UploadedFile[],
  origin: MessageOrigin,
): APIMessage {
  const channel = channelOf(emu, channelId);
  if (!origin.loading) validateMessageBody(body, files.length);
  const loadingFlag = origin.loading ? MessageFlags.Loading : 0;
  const flags = (typeof body.flags === 'number' ? body.flags : 0) | loadingFlag;
  const ephemeral = origin.ephemeral === true || (flags & MessageFlags.Ephemeral) !== 0;
  const interaction = origin.interaction;
  const now = emu.clock.now();
  const message = {
    id: emu.ids.next(),
    channel_id: channelId,
    ...(channel.recipientId === undefined ? { guild_id: emu.state.guildId } : {}),
    author: origin.author,
    content: typeof body.content === 'string' ? body.content : '',
    timestamp: isoTime(now),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: mentionedUsers(emu, body.content),
    mention_roles: [],
    attachments: resolveAttachments(emu, channelId, body, files, []),
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    pinned: false,
    type: interaction?.payload.type === 2 ? MessageType.ChatInputCommand : MessageType.Default,
    flags: ephemeral ? flags | MessageFlags.Ephemeral : flags,
    ...(interaction ? interactionFields(emu, interaction) : {}),
  } as APIMessage;

  if (ephemeral) emu.ephemeral.set(message.id, message);
  else {
    channel.messages.set(message.id, message);
    dispatchMessage(emu, 'MESSAGE_CREATE', channel, message);
  }

  const audience = interaction?.userId ?? channel.recipientId;
  if (audience && !origin.loading && origin.author.id === emu.state.bot.id) {
    emu.audience.set(message.id, audience);
    emu.deliver(audience, 'message', message);
  }

  return message;
}

/** Applies an edit (PATCH semantics, including the attachment list) and dispatches it. */
export function editMessage(
  emu: DiscordEmulator,
  channelId: string,
  messageId: string,
  body: Record<string, unknown>,
  files: readonly UploadedFile[],
  alsoTell?: string,
): APIMessage {
  const channel = channelOf(emu, channelId);
  const found = channel.messages.get(messageId) ?? emu.ephemeral.get(messageId);
  if (!found) throw apiErrors.unknownMessage();
  validateMessageBody(body, files.length, true);

  const edited = { ...found, edited_timestamp: isoTime(emu.clock.now()) } as APIMessage;
  if (body.content !== undefined)
    edited.content = typeof body.content === 'string' ? body.content : '';
  if (body.embeds !== undefined) edited.embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if (body.components !== undefined) {
    edited.components = Array.isArray(body.components) ? body.components : [];
  }

  if (body.attachments !== undefined || files.length > 0) {
    edited.attachments = resolveAttachments(emu, channelId, body, files, found.attachments);
  }

  if (emu.ephemeral.has(messageId)) emu.ephemeral.set(messageId, edited);
  else {
    channel.messages.set(messageId, edited);
    dispatchMessage(emu, 'MESSAGE_UPDATE', channel, edited);
  }

  const audience = emu.audience.get(messageId);
  if (audience) emu.deliver(audience, 'edit', edited);
  if (alsoTell && alsoTell !== audience) emu.deliver(alsoTell, 'edit', edited);
  return edited;
}

/** Deletes one message (ephemeral ones silently) and dispatches MESSAGE_DELETE. */
export function deleteMessage(emu: DiscordEmulator, channelId: string, messageId: string): void {
  const channel = channelOf(emu, channelId);
  if (emu.ephemeral.delete(messageId)) return;
  if (!channel.messages.delete(messageId)) throw apiErrors.unknownMessage();
  emu.audience.delete(messageId);
  const guild = channel.recipientId === undefined ? { guild_id: emu.state.guildId } : {};
  dispatchMessage(emu, 'MESSAGE_DELETE', channel, {
    id: messageId,
    channel_id: channelId,
    ...guild,
  });
}

/** A message in a channel or among the ephemeral ones, or 10008. */
export function findMessage(
  emu: DiscordEmulator,
  channelId: string,
  messageId: string,
): APIMessage {
  const message = channelOf(emu, channelId).messages.get(messageId) ?? emu.ephemeral.get(messageId);
  if (!message) throw apiErrors.unknownMessage();
  return message;
}

/**
 * Sends a message event with the intent it needs. Without MESSAGE_CONTENT, guild messages from
 * others that do not mention the bot arrive with their content fields emptied.
 */
export function dispatchMessage(
  emu: DiscordEmulator,
  t: string,
  channel: ChannelRecord,
  data: Partial<APIMessage> & { id: string },
): void {
  const inDm = channel.recipientId !== undefined;
  const intent = inDm ? GatewayIntentBits.DirectMessages : GatewayIntentBits.GuildMessages;
  const bot = emu.state.bot.id;
  const keepsContent =
    inDm ||
    t === 'MESSAGE_DELETE' ||
    data.author?.id === bot ||
    (data.mentions ?? []).some((user) => user.id === bot);
  // The gateway adds `channel_type`; discord.js needs it to build an uncached DM channel.
  const event = t === 'MESSAGE_CREATE' ? { ...data, channel_type: channel.channel.type } : data;
  const stripped = keepsContent
    ? undefined
    : { ...event, content: '', embeds: [], attachments: [], components: [] };
  emu.gateway.dispatch(t, event, intent, stripped);
  if (t === 'MESSAGE_CREATE' || t === 'MESSAGE_UPDATE') emu.messageWatch.notify(data as APIMessage);
}

function interactionFields(emu: DiscordEmulator, interaction: InteractionRecord) {
  const payload = interaction.payload;
  const user = emu.state.users.get(interaction.userId);
  return {
    webhook_id: emu.state.applicationId,
    application_id: emu.state.applicationId,
    interaction_metadata: {
      id: interaction.id,
      type: payload.type,
      user,
      authorizing_integration_owners: payload.authorizing_integration_owners,
    },
  };
}

// The users mentioned as `<@id>`: their messages keep content without MESSAGE_CONTENT.
function mentionedUsers(emu: DiscordEmulator, content: unknown): APIUser[] {
  if (typeof content !== 'string' || !content.includes('<@')) return [];
  const users: APIUser[] = [];
  for (const match of content.matchAll(/<@!?(\d{17,20})>/g)) {
    const user = emu.state.users.get(match[1] ?? '');
    if (user) users.push(user);
  }

  return users;
}

// The JSON `attachments` list names new files by their `files[n]` index and existing ones by
// their real id; on an edit, existing attachments not listed are dropped.
function resolveAttachments(
  emu: DiscordEmulator,
  channelId: string,
  body: Record<string, unknown>,
  files: readonly UploadedFile[],
  existing: readonly APIAttachment[],
): APIAttachment[] {
  const listed = Array.isArray(body.attachments)
    ? (body.attachments as { id?: unknown; filename?: unknown }[])
    : null;
  const byIndex = new Map(files.map((file) => [String(file.index), file]));
  const result: APIAttachment[] = [];
  const used = new Set<string>();

  for (const entry of listed ?? []) {
    const key = String(entry.id);
    const file = byIndex.get(key);
    const old = existing.find((attachment) => attachment.id === key);
    if (file && !used.has(key)) {
      used.add(key);
      const name = typeof entry.filename === 'string' ? entry.filename : file.filename;
      result.push(emu.cdn.put(channelId, name, file.bytes, file.contentType));
    } else if (old) {
      result.push(old);
    }
  }

  if (listed === null) result.push(...existing);
  for (const file of files) {
    if (!used.has(String(file.index))) {
      result.push(emu.cdn.put(channelId, file.filename, file.bytes, file.contentType));
    }
  }

  return result;
}
