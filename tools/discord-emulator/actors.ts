import { ComponentType, InteractionType, type APIMessage } from 'discord-api-types/v10';
import type { DiscordEmulator } from './emulator.js';
import { EmulatorError } from './errors.js';
import type { InteractionRecord } from './interactions.js';
import {
  buildOptions,
  findCommand,
  findComponent,
  nestOptions,
  interactionBase,
  type ActorFile,
  type OptionValue,
  type Resolved,
} from './interaction-payloads.js';
import { createMessage } from './messages.js';
import { buildModalComponents, type ModalValue } from './modal-submit.js';

/** A handle on an interaction an actor started. */
export interface InteractionHandle {
  id: string;
  record: InteractionRecord;
  /** Resolves with the first callback type; rejects after `timeoutMs`. */
  acknowledged(timeoutMs?: number): Promise<number>;
}

interface Waiter {
  resolve: (message: APIMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One simulated player. Actors are in-process objects (not sockets): they build interactions,
 * send DMs, and receive what the bot sends them in two queues, messages and edits.
 */
export class Actor {
  private readonly queues = { message: [] as APIMessage[], edit: [] as APIMessage[] };
  private readonly waiters = { message: [] as Waiter[], edit: [] as Waiter[] };
  private modal: { data: Record<string, unknown>; record: InteractionRecord } | null = null;

  constructor(
    private readonly emu: DiscordEmulator,
    readonly userId: string,
  ) {}

  /** Runs `/name` (or `/name sub`) with options; an attachment option takes an `ActorFile`. */
  runSlash(
    name: string,
    options: Record<string, OptionValue> = {},
    where: { channelId?: string } = {},
  ): InteractionHandle {
    const [commandName = '', ...path] = name.trim().split(/\s+/);
    const command = findCommand(this.emu, commandName);
    const channelId = where.channelId ?? this.emu.state.defaultChannelId;
    const resolved: Resolved = {};
    const built = nestOptions(command.options ?? [], path, (defs) =>
      buildOptions(this.emu, channelId, defs, options, resolved),
    );
    const data = {
      id: command.id,
      name: command.name,
      type: command.type,
      guild_id: this.emu.state.guildId,
      options: built,
      ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    };
    return this.start(InteractionType.ApplicationCommand, channelId, data);
  }

  /** Types into option `focused` of `/name`; the bot answers with choices. */
  autocomplete(
    name: string,
    focused: string,
    partial: string,
    others: Record<string, OptionValue> = {},
  ) {
    const command = findCommand(this.emu, name);
    const channelId = this.emu.state.defaultChannelId;
    const options = buildOptions(
      this.emu,
      channelId,
      command.options ?? [],
      { ...others, [focused]: partial },
      {},
      focused,
    );
    const data = { id: command.id, name: command.name, type: command.type, options };
    return this.start(InteractionType.ApplicationCommandAutocomplete, channelId, data);
  }

  /** Presses the button `customId` on `message`. */
  pressButton(message: APIMessage, customId: string): InteractionHandle {
    this.requireComponent(message, customId);
    const data = { custom_id: customId, component_type: ComponentType.Button };
    return this.start(InteractionType.MessageComponent, message.channel_id, data, message);
  }

  /** Picks `values` in the string select `customId` on `message`. */
  choose(message: APIMessage, customId: string, values: string[]): InteractionHandle {
    const type = this.requireComponent(message, customId);
    const data = { custom_id: customId, component_type: type, values };
    return this.start(InteractionType.MessageComponent, message.channel_id, data, message);
  }

  /** Submits the last modal the bot showed this actor; values by input `custom_id`. */
  submitModal(values: Record<string, ModalValue>): InteractionHandle {
    const modal = this.modal;
    if (!modal) throw new EmulatorError('no_modal', 'the bot has shown this actor no modal');
    this.modal = null;
    const channelId = modal.record.channelId;
    const resolved: Resolved = {};
    const components = buildModalComponents(this.emu, channelId, modal.data, values, resolved);
    const data = {
      custom_id: modal.data.custom_id,
      components,
      ...(resolved.attachments ? { resolved } : {}),
    };
    const source = modal.record.payload.message;
    return this.start(InteractionType.ModalSubmit, channelId, data, source);
  }

  /** Sends a DM to the bot (MESSAGE_CREATE in the DM channel). */
  sendDm(content: string, files: ActorFile[] = []): APIMessage {
    return this.sendMessage(this.emu.dmChannel(this.userId).id, content, files);
  }

  /** Posts a message in a channel (a guild channel or this actor's DM with the bot). */
  sendMessage(channelId: string, content: string, files: ActorFile[] = []): APIMessage {
    const author = this.emu.state.users.get(this.userId);
    if (!author) throw new EmulatorError('unknown_actor', `no user ${this.userId}`);
    const uploads = files.map((file, index) => ({
      index,
      filename: file.filename,
      contentType: file.contentType ?? '',
      bytes: Buffer.from(file.bytes),
    }));
    return createMessage(this.emu, channelId, { content }, uploads, { author });
  }

  /** Uploads a file in the DM with the bot. */
  uploadFileInDm(bytes: Buffer | Uint8Array, filename: string, content = ''): APIMessage {
    return this.sendDm(content, [{ bytes, filename }]);
  }

  /** The next message the bot sends this actor (reply, follow-up, DM). */
  nextMessage(timeoutMs = 5_000): Promise<APIMessage> {
    return this.next('message', timeoutMs);
  }

  /** The next edit of a message this actor saw (update, edited reply). */
  nextEdit(timeoutMs = 5_000): Promise<APIMessage> {
    return this.next('edit', timeoutMs);
  }

  /** Forgets every queued message and edit; returns how many there were. */
  clearInbox(): number {
    const count = this.queues.message.length + this.queues.edit.length;
    this.queues.message.length = 0;
    this.queues.edit.length = 0;
    return count;
  }

  /** Stops accepting DMs from the bot: its sends fail with 50007. */
  closeDms(): void {
    this.emu.state.dmClosed.add(this.userId);
  }

  /** Accepts DMs again. */
  openDms(): void {
    this.emu.state.dmClosed.delete(this.userId);
  }

  /** Leaves the guild (GUILD_MEMBER_REMOVE). */
  leaveGuild(): void {
    this.emu.removeMember(this.userId);
  }

  /** Called by the emulator with what the bot sent. */
  receive(kind: 'message' | 'edit', message: APIMessage): void {
    const waiter = this.waiters[kind].shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(message);
    } else this.queues[kind].push(message);
  }

  /** Called by the emulator when the bot shows this actor a modal. */
  receiveModal(data: Record<string, unknown>, record: InteractionRecord): void {
    this.modal = { data, record };
  }

  /** Rejects pending waits (on emulator stop). */
  cancelWaits(): void {
    for (const kind of ['message', 'edit'] as const) {
      for (const waiter of this.waiters[kind].splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(new EmulatorError('wait_timeout', 'emulator stopped'));
      }
    }
  }

  private next(kind: 'message' | 'edit', timeoutMs: number): Promise<APIMessage> {
    const queued = this.queues[kind].shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters[kind] = this.waiters[kind].filter((w) => w !== waiter);
          reject(new EmulatorError('wait_timeout', `no ${kind} for the actor in ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters[kind].push(waiter);
    });
  }

  private start(type: InteractionType, channelId: string, data: unknown, message?: APIMessage) {
    const payload = interactionBase(this.emu, this.userId, channelId, type, data, message);
    const record = this.emu.dispatchInteraction(payload, this.userId, channelId);
    const acknowledged = (timeoutMs = 5_000) => waitForAck(record, timeoutMs);
    return { id: payload.id, record, acknowledged };
  }

  private requireComponent(message: APIMessage, customId: string): number {
    const found = findComponent(message.components ?? [], customId);
    if (found === null) {
      throw new EmulatorError(
        'no_component',
        `message ${message.id} has no component "${customId}"`,
      );
    }

    return found;
  }
}

function waitForAck(record: InteractionRecord, timeoutMs: number): Promise<number> {
  if (record.ack !== null) return Promise.resolve(record.ack);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new EmulatorError('wait_timeout', `interaction ${record.id} not acknowledged`)),
      timeoutMs,
    );
    record.waiters.push(() => {
      clearTimeout(timer);
      resolve(record.ack ?? 0);
    });
  });
}
