import type { InteractionType } from 'discord-api-types/v10';
import {
  ApplicationCommandOptionType,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  type APIAttachment,
  type APIInteraction,
  type APIMessage,
} from 'discord-api-types/v10';
import type { DiscordEmulator } from './emulator.js';
import { EmulatorError } from './errors.js';

/** A file an actor attaches: bytes and a name. */
export interface ActorFile {
  bytes: Buffer | Uint8Array;
  filename: string;
  contentType?: string;
}

/** A slash-command option value as an actor gives it. */
export type OptionValue = string | number | boolean | ActorFile;

/** Objects referenced by id in options, keyed like Discord's `resolved`. */
export interface Resolved {
  users?: Record<string, unknown>;
  members?: Record<string, unknown>;
  channels?: Record<string, unknown>;
  roles?: Record<string, unknown>;
  attachments?: Record<string, APIAttachment>;
}

/** The fields every interaction carries, for a guild channel or a DM. */
export function interactionBase(
  emu: DiscordEmulator,
  userId: string,
  channelId: string,
  type: InteractionType,
  data: unknown,
  message?: APIMessage,
): APIInteraction {
  const { state } = emu;
  const record = state.channels.get(channelId);
  const inDm = record?.recipientId !== undefined;
  const user = state.users.get(userId);
  const channel = record?.channel ?? { id: channelId, type: 0 };
  const guildPart = inDm
    ? { user, context: 1 }
    : {
        guild_id: state.guildId,
        guild_locale: 'en-US',
        member: { ...state.members.get(userId), permissions: memberPermissions(emu, userId) },
        context: 0,
      };

  const payload = {
    id: emu.ids.next(),
    application_id: state.applicationId,
    type,
    token: emu.interactions.mintToken(),
    version: 1,
    channel_id: channelId,
    channel,
    app_permissions: memberPermissions(emu, state.bot.id),
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: inDm ? { '1': userId } : { '0': state.guildId },
    attachment_size_limit: emu.options.attachmentSizeLimit ?? 10_485_760,
    data,
    ...guildPart,
    ...(message ? { message } : {}),
  };
  return payload as unknown as APIInteraction;
}

/** Sum of the member's role permissions, with @everyone, as a decimal string. */
export function memberPermissions(emu: DiscordEmulator, userId: string): string {
  const { state } = emu;
  const roles = state.members.get(userId)?.roles ?? [];
  let bits = BigInt(state.roles.get(state.guildId)?.permissions ?? '0');
  for (const id of roles) bits |= BigInt(state.roles.get(id)?.permissions ?? '0');
  return bits.toString();
}

/** Finds a registered command by name, guild commands first. */
export function findCommand(emu: DiscordEmulator, name: string): APIApplicationCommand {
  const found =
    emu.state.guildCommands.find((c) => c.name === name) ??
    emu.state.globalCommands.find((c) => c.name === name);
  if (!found) throw new EmulatorError('unknown_command', `command /${name} is not registered`);
  return found;
}

/**
 * Builds slash-command options from plain values, typed by the command's definition; ids for
 * users, channels, roles and uploaded attachments go into `resolved`.
 */
export function buildOptions(
  emu: DiscordEmulator,
  channelId: string,
  definitions: readonly APIApplicationCommandOption[],
  values: Record<string, OptionValue>,
  resolved: Resolved,
  focused?: string,
): unknown[] {
  const options: unknown[] = [];
  for (const [name, value] of Object.entries(values)) {
    const definition = definitions.find((d) => d.name === name);
    if (!definition) {
      throw new EmulatorError('unknown_command', `the command has no option "${name}"`);
    }

    const type = definition.type;
    const option: Record<string, unknown> = {
      name,
      type,
      value: resolveValue(emu, channelId, type, value, resolved),
    };
    if (name === focused) option.focused = true;
    options.push(option);
  }

  return options;
}

function resolveValue(
  emu: DiscordEmulator,
  channelId: string,
  type: ApplicationCommandOptionType,
  value: OptionValue,
  resolved: Resolved,
): unknown {
  const { state } = emu;
  if (type === ApplicationCommandOptionType.Attachment) {
    if (typeof value !== 'object')
      throw new EmulatorError('unknown_command', 'attachment options take a file');
    const attachment = emu.cdn.put(
      channelId,
      value.filename,
      Buffer.from(value.bytes),
      value.contentType,
    );
    (resolved.attachments ??= {})[attachment.id] = attachment;
    return attachment.id;
  }

  const id = String(value);
  if (
    type === ApplicationCommandOptionType.User ||
    type === ApplicationCommandOptionType.Mentionable
  ) {
    const user = state.users.get(id);
    if (user) (resolved.users ??= {})[id] = user;
    const member = state.members.get(id);
    if (member) {
      const { user: _user, ...rest } = member;
      (resolved.members ??= {})[id] = { ...rest, permissions: memberPermissions(emu, id) };
    }
  }

  if (
    type === ApplicationCommandOptionType.Role ||
    type === ApplicationCommandOptionType.Mentionable
  ) {
    const role = state.roles.get(id);
    if (role) (resolved.roles ??= {})[id] = role;
  }

  if (type === ApplicationCommandOptionType.Channel) {
    const channel = state.channels.get(id)?.channel;
    if (channel) (resolved.channels ??= {})[id] = { ...channel, permissions: '0' };
  }

  return typeof value === 'object' ? id : value;
}

/** Nests options under subcommands: `/admin season start` → group → subcommand → options. */
export function nestOptions(
  definitions: readonly APIApplicationCommandOption[],
  path: readonly string[],
  leaf: (defs: readonly APIApplicationCommandOption[]) => unknown[],
): unknown[] {
  const [head, ...rest] = path;
  if (head === undefined) return leaf(definitions);
  const sub = definitions.find((d) => d.name === head);
  const nested =
    sub && 'options' in sub ? ((sub.options ?? []) as APIApplicationCommandOption[]) : [];
  if (
    !sub ||
    (sub.type !== ApplicationCommandOptionType.Subcommand &&
      sub.type !== ApplicationCommandOptionType.SubcommandGroup)
  ) {
    throw new EmulatorError('unknown_command', `no subcommand "${head}"`);
  }

  return [{ name: head, type: sub.type, options: nestOptions(nested, rest, leaf) }];
}

/** The type of the component with `customId`, searched through rows and labels. */
export function findComponent(components: readonly unknown[], customId: string): number | null {
  for (const raw of components) {
    const component = raw as {
      type?: number;
      custom_id?: string;
      components?: unknown[];
      component?: unknown;
    };
    if (component.custom_id === customId && typeof component.type === 'number')
      return component.type;
    const inner = component.components ?? (component.component ? [component.component] : []);
    const found = findComponent(inner, customId);
    if (found !== null) return found;
  }

  return null;
}
