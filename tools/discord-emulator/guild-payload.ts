import type { APIGuildMember, GatewayGuildCreateDispatchData } from 'discord-api-types/v10';
import { isoTime, type DiscordState } from './state.js';

/**
 * The GUILD_CREATE payload. Without GUILD_PRESENCES Discord sends only the bot's own member;
 * bots fetch the rest over REST or op 8.
 */
export function buildGuildCreate(
  state: DiscordState,
  nowMs: number,
): GatewayGuildCreateDispatchData {
  const botMember = state.members.get(state.bot.id);
  const members: APIGuildMember[] = botMember ? [botMember] : [];
  const guild = {
    id: state.guildId,
    name: state.guildName,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: state.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [...state.roles.values()],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
    hub_type: null,
    joined_at: isoTime(nowMs),
    large: state.members.size > 50,
    unavailable: false,
    member_count: state.members.size,
    voice_states: [],
    members,
    channels: [...state.channels.values()]
      .filter((record) => record.recipientId === undefined)
      .map((record) => record.channel),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
  return guild as unknown as GatewayGuildCreateDispatchData;
}

/**
 * The GUILD_MEMBERS_CHUNK payloads answering an op 8 request: by `user_ids`, by name `query`
 * prefix, or everyone, in chunks of 1000 carrying the request's `nonce`.
 */
export function memberChunks(state: DiscordState, request: unknown): Record<string, unknown>[] {
  const body = (request ?? {}) as Record<string, unknown>;
  const wanted = Array.isArray(body.user_ids) ? body.user_ids.map(String) : null;
  const query = typeof body.query === 'string' ? body.query.toLowerCase() : '';
  const limit = typeof body.limit === 'number' && body.limit > 0 ? body.limit : Infinity;

  let members = [...state.members.values()];
  if (wanted) members = members.filter((m) => m.user && wanted.includes(m.user.id));
  else if (query) members = members.filter((m) => m.user?.username.toLowerCase().startsWith(query));
  members = members.slice(0, limit);

  const chunkCount = Math.max(1, Math.ceil(members.length / 1000));
  return Array.from({ length: chunkCount }, (_, index) => ({
    guild_id: state.guildId,
    members: members.slice(index * 1000, (index + 1) * 1000),
    chunk_index: index,
    chunk_count: chunkCount,
    ...(typeof body.nonce === 'string' ? { nonce: body.nonce } : {}),
  }));
}
