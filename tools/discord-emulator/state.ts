import {
  ChannelType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIChannel,
  type APIGuildMember,
  type APIMessage,
  type APIRole,
  type APIUser,
} from 'discord-api-types/v10';
import { mintBotToken, type SnowflakeGenerator } from './snowflake.js';

/** Where a channel lives: a guild text/voice/category channel or a bot↔user DM. */
export interface ChannelRecord {
  channel: APIChannel;
  /** Messages by id; ids grow with time, so insertion order is chronological. */
  messages: Map<string, APIMessage>;
  /** For a DM: the user on the other side. */
  recipientId?: string;
}

/** Everything the emulated Discord knows: one application, one guild, its people and channels. */
export interface DiscordState {
  applicationId: string;
  /** Application flags; the intent-limited flags decide which privileged intents are allowed. */
  applicationFlags: number;
  token: string;
  bot: APIUser;
  guildId: string;
  guildName: string;
  ownerId: string;
  users: Map<string, APIUser>;
  members: Map<string, APIGuildMember>;
  roles: Map<string, APIRole>;
  channels: Map<string, ChannelRecord>;
  /** DM channel id by user id. */
  dmByUser: Map<string, string>;
  /** Users who do not accept DMs from the bot (error 50007). */
  dmClosed: Set<string>;
  globalCommands: APIApplicationCommand[];
  guildCommands: APIApplicationCommand[];
  /** Application-command creates today, for the 200-per-day cap. */
  commandCreates: number;
  /** The channel actors run commands in unless told otherwise. */
  defaultChannelId: string;
}

/** What a fresh emulator contains. */
export interface SeedOptions {
  /** Number of player members besides the bot. @defaultValue 10 */
  members?: number;
  guildName?: string;
  /** Application flags. @defaultValue members and message-content intents allowed */
  applicationFlags?: number;
}

const allowedPrivileged = (1 << 15) | (1 << 19);
const botPermissions =
  PermissionFlagsBits.Administrator |
  PermissionFlagsBits.ManageRoles |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.ReadMessageHistory;
const everyonePermissions =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands;

/** A user object as Discord sends it for current-style names. */
export function makeUser(id: string, username: string, bot = false): APIUser {
  const user: APIUser = { id, username, discriminator: '0', global_name: null, avatar: null };
  if (bot) user.bot = true;
  return user;
}

/** An ISO timestamp in the form Discord uses. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** Builds the seed: guild, @everyone and a ladder role, #ladder, the bot and N players. */
export function seedState(ids: SnowflakeGenerator, nowMs: number, options: SeedOptions = {}) {
  const applicationId = ids.next();
  const guildId = ids.next();
  const bot = makeUser(applicationId, 'evo-ladder', true);
  const state: DiscordState = {
    applicationId,
    applicationFlags: options.applicationFlags ?? allowedPrivileged,
    token: mintBotToken(applicationId),
    bot,
    guildId,
    guildName: options.guildName ?? 'Evo Complete',
    ownerId: '',
    users: new Map([[bot.id, bot]]),
    members: new Map(),
    roles: new Map(),
    channels: new Map(),
    dmByUser: new Map(),
    dmClosed: new Set(),
    globalCommands: [],
    guildCommands: [],
    commandCreates: 0,
    defaultChannelId: '',
  };

  state.roles.set(guildId, makeRole(guildId, '@everyone', 0, everyonePermissions));
  const botRoleId = ids.next();
  state.roles.set(botRoleId, makeRole(botRoleId, 'evo-ladder', 1, botPermissions));
  state.members.set(bot.id, makeMember(bot, [botRoleId], nowMs));

  const categoryId = ids.next();
  const ladderId = ids.next();
  addGuildChannel(state, { id: categoryId, name: 'Ladder', type: ChannelType.GuildCategory });
  addGuildChannel(state, { id: ladderId, name: 'ladder', type: ChannelType.GuildText }, categoryId);
  state.defaultChannelId = ladderId;

  const count = options.members ?? 10;
  for (let i = 1; i <= count; i++) addPlayer(state, ids.next(), `player${i}`, nowMs);
  state.ownerId = [...state.members.keys()][1] ?? bot.id;
  return state;
}

/** Adds a player to the guild (a user plus a member). */
export function addPlayer(state: DiscordState, id: string, username: string, nowMs: number) {
  const user = makeUser(id, username);
  state.users.set(id, user);
  const member = makeMember(user, [], nowMs);
  state.members.set(id, member);
  return member;
}

/** A role with the fields discord.js reads (permissions as a decimal string). */
export function makeRole(id: string, name: string, position: number, permissions: bigint): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0,
  } as unknown as APIRole;
}

/** A guild member with the fields discord.js reads. */
export function makeMember(user: APIUser, roles: string[], nowMs: number): APIGuildMember {
  return {
    user,
    roles,
    joined_at: isoTime(nowMs),
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
  } as unknown as APIGuildMember;
}

/** Adds a guild channel record and returns its channel object. */
export function addGuildChannel(
  state: DiscordState,
  fields: { id: string; name: string; type: ChannelType } & Record<string, unknown>,
  parentId: string | null = null,
): APIChannel {
  const channel = {
    guild_id: state.guildId,
    position: state.channels.size,
    permission_overwrites: [],
    parent_id: parentId,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    ...fields,
  } as unknown as APIChannel;
  state.channels.set(channel.id, { channel, messages: new Map() });
  return channel;
}
