import type { APIInteraction } from 'discord-api-types/v10';
import type { EmulatorClock } from './clock.js';
import { apiErrors } from './errors.js';
import { mintInteractionToken } from './snowflake.js';

/** Deadlines of interactions. */
export interface InteractionDeadlines {
  /** Time allowed for the first callback. @defaultValue 3 000 */
  firstResponseMs?: number;
  /** Lifetime of the token for edits and follow-ups. @defaultValue 900 000 (15 min) */
  tokenLifeMs?: number;
}

/** What the emulator remembers of one interaction. */
export interface InteractionRecord {
  id: string;
  token: string;
  payload: APIInteraction;
  userId: string;
  channelId: string;
  createdAtMs: number;
  /** Callback type of the first response, once accepted. */
  ack: number | null;
  /** Emulator time of the first response. */
  answeredAtMs: number | null;
  ephemeral: boolean;
  originalMessageId: string | null;
  /** True after a type-5 defer until the loading message is filled. */
  loading: boolean;
  /** The message a component sits on. */
  sourceMessageId: string | null;
  /** Autocomplete choices, once answered. */
  choices: unknown[] | null;
  waiters: (() => void)[];
}

/** Interactions by id and token, with Discord's 3 s and 15 min rules. */
export class InteractionStore {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly deadlines: InteractionDeadlines = {},
  ) {}

  /** Registers a new interaction; the caller has already filled id and token in `payload`. */
  add(payload: APIInteraction, userId: string, channelId: string): InteractionRecord {
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      payload,
      userId,
      channelId,
      createdAtMs: this.clock.now(),
      ack: null,
      answeredAtMs: null,
      ephemeral: false,
      originalMessageId: null,
      loading: false,
      sourceMessageId: payload.message?.id ?? null,
      choices: null,
      waiters: [],
    };
    this.byId.set(record.id, record);
    this.byToken.set(record.token, record);
    this.pruneSometimes();
    return record;
  }

  /** A fresh token. */
  mintToken(): string {
    return mintInteractionToken();
  }

  /** The interaction a callback names, or 10062 when the id and token do not match one. */
  forCallback(id: string, token: string): InteractionRecord {
    const record = this.byId.get(id);
    if (!record || record.token !== token) throw apiErrors.unknownInteraction();
    return record;
  }

  /** True once the time for a first response has passed (Discord then answers 10062). */
  isPastDeadline(record: InteractionRecord): boolean {
    return this.clock.now() - record.createdAtMs > (this.deadlines.firstResponseMs ?? 3_000);
  }

  /** The record behind an interaction webhook: 10015 unknown, 50027 after the token's life. */
  forWebhook(applicationId: string, expectedAppId: string, token: string): InteractionRecord {
    const record = this.byToken.get(token);
    if (!record || applicationId !== expectedAppId) throw apiErrors.unknownWebhook();
    if (this.clock.now() - record.createdAtMs > (this.deadlines.tokenLifeMs ?? 900_000)) {
      throw apiErrors.invalidWebhookToken();
    }

    // Before the first callback, Discord knows no webhook message for the token yet.
    if (record.ack === null) throw apiErrors.unknownWebhook();
    return record;
  }

  /** The id of the interaction holding `token`, if it is known. */
  idForToken(token: string): string | undefined {
    return this.byToken.get(token)?.id;
  }

  /** Marks the first response and wakes whoever waits for it. */
  acknowledge(record: InteractionRecord, callbackType: number): void {
    record.ack = callbackType;
    record.answeredAtMs = this.clock.now();
    for (const wake of record.waiters.splice(0)) wake();
  }

  /** Number of interactions kept. */
  get size(): number {
    return this.byId.size;
  }

  // Records past their token life cannot be used again; drop them so long runs stay small.
  private pruneSometimes(): void {
    if (this.byId.size % 1_024 !== 0) return;
    const horizon = this.clock.now() - (this.deadlines.tokenLifeMs ?? 900_000) * 2;
    for (const record of this.byId.values()) {
      if (record.createdAtMs >= horizon) break;
      this.byId.delete(record.id);
      this.byToken.delete(record.token);
    }
  }
}
