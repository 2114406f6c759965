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
