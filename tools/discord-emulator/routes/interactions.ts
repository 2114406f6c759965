import { InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import type { DiscordEmulator } from '../emulator.js';
import { apiErrors } from '../errors.js';
import type { InteractionRecord } from '../interactions.js';
import { createMessage, deleteMessage, editMessage, findMessage } from '../messages.js';
import type { RouteContext, RouteDef } from '../router.js';
import { validateChoices, validateModal } from '../validate.js';

// Which callback types each interaction type accepts (receiving-and-responding docs).
const allowed: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

function callback(ctx: RouteContext) {
  const { emu, params, body, files } = ctx;
  const id = params.interactionId ?? '';
  const record = emu.interactions.forCallback(id, params.token ?? '');
  if (record.ack !== null) throw apiErrors.alreadyAcknowledged();
  if (emu.interactions.isPastDeadline(record)) {
    emu.recorder.deadlineMissed(id);
    throw apiErrors.unknownInteraction();
  }

  const type = body.type;
  const data = (body.data ?? {}) as Record<string, unknown>;
  const fromComponent = record.sourceMessageId !== null;
  const permitted = allowed[record.payload.type] ?? [];
  const updatesMessage = type === 6 || type === 7;
  if (typeof type !== 'number' || !permitted.includes(type) || (updatesMessage && !fromComponent)) {
    throw apiErrors.invalidForm({ type: 'Interaction response type not valid here.' });
  }

  const message = respond(emu, record, type, data, files);
  emu.interactions.acknowledge(record, type);
  emu.recorder.answered(id, type);
  if (ctx.query.get('with_response') !== 'true') return {};
  return {
    body: {
      interaction: {
        id: record.id,
        type: record.payload.type,
        response_message_id: record.originalMessageId,
        response_message_loading: record.loading,
        response_message_ephemeral: record.ephemeral,
      },
      resource: { type, ...(message ? { message } : {}) },
    },
  };
}

// The effect of each callback type; returns the message created or updated, if any.
function respond(
  emulator: DiscordEmulator,
  rec: InteractionRecord,
  kind: number,
  payload: Record<string, unknown>,
  files: RouteContext['files'],
) {
  const bot = emulator.state.bot;
  const ephemeral =
    typeof payload.flags === 'number' && (payload.flags & MessageFlags.Ephemeral) !== 0;
  if (kind === InteractionResponseType.ChannelMessageWithSource) {
    const created = createMessage(emulator, rec.channelId, payload, files, {
      author: bot,
      interaction: rec,
    });
    rec.originalMessageId = created.id;
    rec.ephemeral = ephemeral;
    return created;
  }

  if (kind === InteractionResponseType.DeferredChannelMessageWithSource) {
    const placeholder = createMessage(emulator, rec.channelId, { flags: payload.flags ?? 0 }, [], {
      author: bot,
      interaction: rec,
      loading: true,
    });
    rec.originalMessageId = placeholder.id;
    rec.ephemeral = ephemeral;
    rec.loading = true;
    return undefined;
  }

  if (kind === InteractionResponseType.UpdateMessage && rec.sourceMessageId) {
    rec.originalMessageId = rec.sourceMessageId;
    return editMessage(emulator, rec.channelId, rec.sourceMessageId, payload, files, rec.userId);
  }

  if (kind === InteractionResponseType.DeferredMessageUpdate) {
    rec.originalMessageId = rec.sourceMessageId;
  } else if (kind === InteractionResponseType.ApplicationCommandAutocompleteResult) {
    rec.choices = validateChoices(payload);
  } else if (kind === InteractionResponseType.Modal) {
    validateModal(payload);
    emulator.deliverModal(rec.userId, payload, rec);
  }

  return undefined;
}

function webhookRecord({ emu, params }: RouteContext): InteractionRecord {
  return emu.interactions.forWebhook(
    params.webhookId ?? '',
    emu.state.applicationId,
    params.token ?? '',
  );
}

function messageIdOf(ctx: RouteContext, record: InteractionRecord): string {
  const id = ctx.params.messageId ?? record.originalMessageId;
  if (!id) throw apiErrors.unknownMessage();
  return id;
}

// Filling a deferred reply: the placeholder becomes the real message, seen then by the actor.
function fill(ctx: RouteContext, record: InteractionRecord) {
  const { emu, body, files } = ctx;
  const id = record.originalMessageId ?? '';
  const flags = (typeof body.flags === 'number' ? body.flags : 0) & ~MessageFlags.Ephemeral;
  const edited = editMessage(emu, record.channelId, id, { ...body, flags }, files);
  edited.flags = (edited.flags ?? 0) & ~MessageFlags.Loading;
  record.loading = false;
  emu.audience.set(id, record.userId);
  emu.deliver(record.userId, 'message', edited);
  return { body: edited };
}

function editWebhookMessage(ctx: RouteContext) {
  const record = webhookRecord(ctx);
  const id = messageIdOf(ctx, record);
  if (record.loading && id === record.originalMessageId) return fill(ctx, record);
  return { body: editMessage(ctx.emu, record.channelId, id, ctx.body, ctx.files) };
}

function followUp(ctx: RouteContext) {
  const record = webhookRecord(ctx);
  // A follow-up right after a defer fills the placeholder instead (Discord keeps this quirk).
  if (record.loading) return fill(ctx, record);
  const message = createMessage(ctx.emu, record.channelId, ctx.body, ctx.files, {
    author: ctx.emu.state.bot,
    interaction: record,
  });
  return ctx.query.get('wait') === 'false' ? {} : { body: message };
}

/** Interaction callbacks and the interaction webhook routes (sent without auth). */
export const interactionRoutes: RouteDef[] = [
  {
    method: 'POST',
    pattern: '/interactions/:interactionId/:token/callback',
    auth: false,
    handler: callback,
  },
  { method: 'POST', pattern: '/webhooks/:webhookId/:token', auth: false, handler: followUp },
  ...[
    '/webhooks/:webhookId/:token/messages/@original',
    '/webhooks/:webhookId/:token/messages/:messageId',
  ].flatMap((pattern): RouteDef[] => [
    {
      method: 'GET',
      pattern,
      auth: false,
      handler: (ctx) => {
        const record = webhookRecord(ctx);
        return { body: findMessage(ctx.emu, record.channelId, messageIdOf(ctx, record)) };
      },
    },
    { method: 'PATCH', pattern, auth: false, handler: editWebhookMessage },
    {
      method: 'DELETE',
      pattern,
      auth: false,
      handler: (ctx) => {
        const record = webhookRecord(ctx);
        deleteMessage(ctx.emu, record.channelId, messageIdOf(ctx, record));
        return {};
      },
    },
  ]),
];
